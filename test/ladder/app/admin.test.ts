import { describe, expect, it } from 'vitest';
import { rateElo, defaultElo } from '../../../src/ladder/rules/index.js';
import type { Match } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, fourPlayers, pairUp, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// Admin corrections re-rate every later game from the ledger (PRODUCT.md §7.5); bans end open
// matches fairly; every admin action leaves an audit entry.

const { setup } = useLadders();

/** Plays one match to a verified result. */
async function play(h: Harness, bw: string, sc2: string, winner: 'p1' | 'p2'): Promise<Match> {
  const match = await confirmBoth(h, await pairUp(h, bw, sc2));
  const result = await h.ladder.submitReplay(upload(bw, summaryOf(h, match, winner)));
  if (!result.ok || result.match.stage !== 'finalized') throw new Error('not settled');
  return result.match;
}

const entry = (h: Harness, playerId: string, race: string) =>
  h.store.read.rating('s1', playerId, race as 'bw_zerg');

describe('admin corrections and actions', () => {
  it('correcting an earlier result re-rates the later game (the §7.5 example)', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const c = await addPlayer(h, 'Charlie', { sc2: 'sc2_protoss' });
    const m10 = await play(h, a, b, 'p1');
    const m12 = await play(h, a, c, 'p1');
    const [A, B, C] = [m10.p1Id, m10.p2Id, m12.p2Id];
    expect(entry(h, A, 'bw_zerg')?.rating).toBe(1539);
    expect(entry(h, C, 'sc2_protoss')?.rating).toBe(1481);

    const fixed = await h.ladder.resolve('admin', String(m10.number), 'p2_win', 'replay misread');
    expect(fixed.ok && fixed.moved).toBe(3);
    expect(entry(h, A, 'bw_zerg')).toMatchObject({ rating: 1501, games: 2, wins: 1, losses: 1 });
    expect(entry(h, B, 'sc2_terran')).toMatchObject({ rating: 1520, wins: 1, losses: 0 });
    expect(entry(h, C, 'sc2_protoss')?.rating).toBe(1479);
    expect(h.store.read.match(m12.id)).toMatchObject({ p1RatingBefore: 1480, p1RatingAfter: 1501 });
    expect(h.store.read.match(m12.id)?.p1RatingAtPairing).toBe(1520);

    const lines = h.store.read.ratingHistory('s1', A, 'bw_zerg');
    expect(lines.filter((l) => l.supersededAt === null).map((l) => l.after)).toEqual([1480, 1501]);
    expect(lines.filter((l) => l.supersededAt !== null)).toHaveLength(2);
    const auditEntry = h.store.read.auditEntries({ matchId: m10.id })[0];
    expect(auditEntry?.after).toMatchObject({ moved: 3, largestChange: 40 });

    const voided = await h.ladder.resolve('admin', m12.id, 'void', 'played on the wrong map');
    expect(voided.ok).toBe(true);
    expect(entry(h, A, 'bw_zerg')).toMatchObject({ rating: 1480, games: 1 });
    expect(entry(h, C, 'sc2_protoss')).toMatchObject({ rating: 1500, games: 0, lastGameAt: null });
  });

  it('after corrections every rating equals a replay of the whole history ([R-4])', async () => {
    const h = await setup();
    const { bw, sc2 } = await fourPlayers(h);
    const played: Match[] = [];
    for (let i = 0; i < 6; i += 1) {
      played.push(await play(h, bw[i % 2]!, sc2[(i >> 1) % 2]!, i % 3 === 0 ? 'p2' : 'p1'));
    }
    await h.ladder.resolve('admin', played[1]!.id, 'draw', 'correction one');
    await h.ladder.resolve('admin', played[4]!.id, 'void', 'correction two');
    await h.ladder.resolve('admin', played[0]!.id, 'p1_win', 'correction three');
    // Voiding the latest game takes the last-game time of both its entries back to an older game.
    await h.ladder.resolve('admin', played[5]!.id, 'void', 'correction four');

    // Replay the finalized history from scratch, in creation order.
    const expected = new Map<string, number>();
    const finalized = played
      .map((m) => h.store.read.match(m.id) as Match)
      .filter((m) => m.stage === 'finalized')
      .sort((x, y) => x.createdAt - y.createdAt);
    for (const m of finalized) {
      const k1 = `${m.p1Id}/${m.p1Race}`;
      const k2 = `${m.p2Id}/${m.p2Race}`;
      const r = rateElo(
        expected.get(k1) ?? 1500,
        expected.get(k2) ?? 1500,
        m.outcome as 'draw',
        defaultElo,
      );
      expected.set(k1, r.p1);
      expected.set(k2, r.p2);
    }
    for (const [key, rating] of expected) {
      const [playerId, race] = key.split('/') as [string, string];
      expect(entry(h, playerId, race)?.rating).toBe(rating);
    }
    expect(finalized).toHaveLength(4);

    // the stored counts equal a recount of the finalized matches after the corrections.
    for (const key of expected.keys()) {
      const [playerId, race] = key.split('/') as [string, string];
      const mine = finalized.filter(
        (m) =>
          (m.p1Id === playerId && m.p1Race === race) || (m.p2Id === playerId && m.p2Race === race),
      );
      const won = (m: Match) => m.outcome === (m.p1Id === playerId ? 'p1_win' : 'p2_win');
      const draws = mine.filter((m) => m.outcome === 'draw').length;
      const wins = mine.filter(won).length;
      expect(entry(h, playerId, race), key).toMatchObject({
        games: mine.length, wins, draws, losses: mine.length - wins - draws,
        lastGameAt: mine.length === 0 ? null : Math.max(...mine.map((m) => m.createdAt)),
      }); // prettier-ignore
    }
  });

  it('keeps an adjustment as a delta through a later re-rating, without touching counts', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const m = await play(h, a, b, 'p1');
    const before = entry(h, m.p1Id, 'bw_zerg');

    const adjusted = await h.ladder.adjustRating('admin', a, 'bw_zerg', 'add', 100, 'compensation');
    expect(adjusted).toMatchObject({ ok: true, rating: 1620 });
    expect(entry(h, m.p1Id, 'bw_zerg')).toMatchObject({ games: 1, lastGameAt: before?.lastGameAt });

    await h.ladder.resolve('admin', m.id, 'p2_win', 'wrong winner');
    expect(entry(h, m.p1Id, 'bw_zerg')?.rating).toBe(1580);

    const created = await h.ladder.adjustRating('admin', b, 'sc2_zerg', 'set', 1700, 'placement');
    expect(created.ok).toBe(true);
    expect(entry(h, m.p2Id, 'sc2_zerg')).toMatchObject({ rating: 1700, games: 0 });
  });

  it('a ban dequeues, voids the open match and requeues the opponent who had confirmed', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await pairUp(h, a, b);
    await h.ladder.confirm(a, match.id);

    const banned = await h.ladder.ban('admin', b, 'match fixing ring');
    expect(banned).toMatchObject({ ok: true, voided: 1 });
    expect(h.store.read.match(match.id)).toMatchObject({ stage: 'voided', voidReason: 'banned' });
    expect(h.store.read.openQueueEntryOf(match.p1Id)).toBeDefined();
    expect(h.store.read.auditEntries({ playerId: match.p2Id })[0]).toMatchObject({ action: 'ban' });
    const history = h.store.read
      .playerHistory(match.p2Id)
      .find((line) => line.field === 'bannedAt');
    expect(history?.actor).toEqual({ kind: 'admin', adminId: 'admin' });

    expect((await h.ladder.unban('admin', b, 'appeal accepted')).ok).toBe(true);
    expect(h.store.read.player(match.p2Id)?.bannedAt).toBeNull();
  });

  it('a ban of a queued player removes the entry with the reason banned', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    await h.ladder.joinQueue(a);
    await h.ladder.ban('admin', a, 'toxic behaviour');
    const log = h.store.read.queueLog(0, Number.MAX_SAFE_INTEGER);
    expect(log.map((e) => e.exit)).toEqual(['banned']);
    expect(h.store.read.openQueueEntries()).toHaveLength(0);
  });

  it('resets aborts for the month, and the budget returns on the 1st by itself', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    for (let i = 0; i < 3; i += 1) await h.ladder.abort(b, (await pairUp(h, a, b)).id);
    expect(h.ladder.abortsLeft(b)).toMatchObject({ left: 0 });
    const blocked = await pairUp(h, a, b);
    expect(await h.ladder.abort(b, blocked.id)).toMatchObject({
      ok: false,
      reason: 'no_aborts_left',
    });

    await h.ladder.resetAborts('admin', b, 1, 'server outage');
    expect(h.ladder.abortsLeft(b)).toMatchObject({ left: 1 });
    await h.ladder.abort(b, blocked.id);
    expect(h.ladder.abortsLeft(b)).toMatchObject({ left: 0 });

    await h.ladder.stop();
    await h.clock.advanceTo(Date.UTC(2026, 3, 1));
    expect(h.ladder.abortsLeft(b)).toMatchObject({ left: 3, resetAt: Date.UTC(2026, 4, 1) });
  });

  it('closing the queue refuses joins and runs no waves; clearing empties the pool', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    await h.ladder.joinQueue(a);
    await h.ladder.setQueueOpen('admin', false, 'maintenance window');
    expect(await h.ladder.joinQueue(b)).toMatchObject({ ok: false, reason: 'queue_closed' });
    expect(await h.ladder.runWave(45_000 * 40_000_000)).toBeNull();

    await h.ladder.setQueueOpen('admin', true, 'maintenance over');
    await h.ladder.joinQueue(b);
    expect(await h.ladder.clearQueue('admin', 'season reset')).toMatchObject({
      ok: true,
      removed: 2,
    });
    expect(h.store.read.openQueueEntries()).toHaveLength(0);
    const actions = h.store.read.auditEntries({ adminId: 'admin' }).map((e) => e.action);
    expect(actions.sort()).toEqual(['clear_queue', 'queue_close', 'queue_open']);
  });

  it('every admin operation writes one audit entry with its target and reason ([A-7])', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await play(h, a, b, 'p1');
    const [A, B] = [match.p1Id, match.p2Id];
    await h.ladder.reportProblem(b, match.id, 'wrong winner recorded');
    const card = h.store.read.openWorkItems('review')[0]?.id ?? '';

    const steps: [string, () => Promise<{ ok: boolean }>, string | null, string | null][] = [
      ['adjust_rating', () => h.ladder.adjustRating('admin', a, 'bw_zerg', 'add', 5, 'fix'), A, null],
      ['reset_aborts', () => h.ladder.resetAborts('admin', a, 5, 'apology'), A, null],
      ['queue_close', () => h.ladder.setQueueOpen('admin', false, 'maintenance'), null, null],
      ['queue_open', () => h.ladder.setQueueOpen('admin', true, 'maintenance over'), null, null],
      ['remove_queue', async () => {
        await h.ladder.joinQueue(a);
        return h.ladder.removeFromQueue('admin', a, 'afk in queue');
      }, A, null],
      ['clear_queue', () => h.ladder.clearQueue('admin', 'reset the pool'), null, null],
      ['claim', () => h.ladder.claimWorkItem('admin', card), B, match.id],
      ['resolve', () => h.ladder.resolve('admin', match.id, 'p2_win', 'replay shows SC2'), null, match.id],
      ['resolve_noop', () => h.ladder.resolve('admin', match.id, 'p2_win', 'again'), null, match.id],
      ['undo_resolve', () => h.ladder.undoResolution('admin', match.id), null, match.id],
      ['dismiss', () => h.ladder.dismissWorkItem('admin', card, 'checked'), B, match.id],
      ['ban', () => h.ladder.ban('admin', b, 'smurf account'), B, null],
      ['unban', () => h.ladder.unban('admin', b, 'appeal won'), B, null],
    ]; // prettier-ignore

    for (const [action, run, playerId, matchId] of steps) {
      const count = h.store.read.auditEntries({ adminId: 'admin', limit: 100 }).length;
      await h.clock.advance(1_000);
      expect(await run(), action).toMatchObject({ ok: true });
      const entries = h.store.read.auditEntries({ adminId: 'admin', limit: 100 });
      expect(entries.length, action).toBe(count + 1);
      expect(entries[0], action).toMatchObject({
        action, adminId: 'admin', at: h.clock.now(), targetPlayerId: playerId, matchId,
      }); // prettier-ignore
      expect(entries[0]?.reason.length, action).toBeGreaterThanOrEqual(3);
    }
  });

  it('undoes a resolution within 10 minutes: the dispute reopens and ratings return', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(a, summaryOf(h, match, null)));
    await h.ladder.report(a, match.id, 'win');
    await h.ladder.report(b, match.id, 'win');
    const itemId = h.store.read.match(match.id)?.workItemId ?? '';

    expect((await h.ladder.claimWorkItem('admin', itemId)).ok).toBe(true);
    expect(h.store.read.workItem(itemId)?.claimedBy).toBe('admin');
    expect(await h.ladder.dismissWorkItem('admin', itemId, 'not a dispute')).toMatchObject({
      ok: false,
      reason: 'unknown_work_item',
    });
    await h.ladder.resolve('admin', match.id, 'p1_win', 'from the work queue');
    expect(entry(h, match.p1Id, 'bw_zerg')?.rating).toBe(1520);

    await h.clock.advance(5 * 60_000);
    const undone = await h.ladder.undoResolution('admin', match.id);
    expect(undone.ok && undone.match.stage).toBe('disputed');
    expect(h.store.read.workItem(itemId)?.status).toBe('open');
    expect(entry(h, match.p1Id, 'bw_zerg')).toMatchObject({ rating: 1500, games: 0 });
    await h.clock.advance(1_000);
    expect(await h.ladder.undoResolution('admin', match.id)).toMatchObject({
      ok: false,
      reason: 'nothing_to_undo',
    });

    await h.ladder.resolve('admin', match.id, 'draw', 'second look');
    await h.clock.advance(11 * 60_000);
    expect(await h.ladder.undoResolution('admin', match.id)).toMatchObject({
      ok: false,
      reason: 'undo_expired',
    });
  });

  it('ends a season: the next becomes current, the archive is final once old matches end', async () => {
    const h = await setup();
    expect(await h.ladder.endSeason('admin', 'end of season')).toMatchObject({
      ok: false,
      reason: 'no_next_season',
    });
    const s1 = h.store.read.season('s1');
    if (!s1) throw new Error('no season');
    await h.store.write([
      {
        kind: 'season',
        record: { ...s1, id: 's2', name: 'Season 2', isCurrent: false, startsAt: s1.startsAt + 1 },
      },
    ]);
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const old = await confirmBoth(h, await pairUp(h, a, b));

    const ended = await h.ladder.endSeason('admin', 'end of season');
    expect(ended).toMatchObject({ ok: true, ended: 's1', current: 's2', archive: 'provisional' });
    expect(h.store.read.currentSeason()?.id).toBe('s2');

    await h.ladder.resolve('admin', old.id, 'p1_win', 'played before the end');
    expect(entry(h, old.p1Id, 'bw_zerg')?.seasonId).toBe('s1');
    expect(h.store.read.rating('s2', old.p1Id, 'bw_zerg')).toBeUndefined();
    expect(await h.ladder.settleArchives()).toBe(1);
    expect(h.store.read.season('s1')?.archive).toBe('final');

    const next = await pairUp(h, a, b);
    expect(next.seasonId).toBe('s2');
  });
});
