import { describe, expect, it } from 'vitest';
import type { Match } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, minute, pairUp, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// The whole lifecycle through the API, on a real store (PGlite) with a fake clock driving the
// scheduler: replays, reports, conflicts, aborts, lapses, no-shows, timeouts and disputes.

const { setupAlphaBravo: setup } = useLadders();

const stored = (h: Harness, m: Match) => h.store.read.match(m.id) as Match;
const names = (h: Harness) => h.seen.map((e) => e.name);

describe('ladder lifecycle', () => {
  it('queues, pairs in a wave, confirms, and settles from a verified replay', async () => {
    const [h, a, b] = await setup();
    const found = await pairUp(h, a, b);
    expect(found.stage).toBe('awaiting_confirmation');
    expect([found.p1Race, found.p2Race]).toEqual(['bw_zerg', 'sc2_terran']);
    expect(found.confirmBy).toBe(found.createdAt + 60_000);
    expect(h.store.read.openQueueEntries()).toHaveLength(0);

    const first = await h.ladder.confirm(a, found.id);
    expect(first.ok && first.match.stage).toBe('awaiting_confirmation');
    expect(names(h)).toContain('opponent_confirmed');
    const second = await h.ladder.confirm(b, found.id);
    expect(second.ok && second.match.stage).toBe('in_progress');
    expect(stored(h, found).reportBy).toBe(h.clock.now() + 90 * minute);

    await h.clock.advance(20 * minute);
    const result = await h.ladder.submitReplay(upload(a, summaryOf(h, found, 'p1')));
    expect(result.ok && result.verification.status).toBe('verified');
    const final = stored(h, found);
    expect([final.stage, final.outcome, final.outcomeSource]).toEqual([
      'finalized',
      'p1_win',
      'replay',
    ]);
    expect([final.p1RatingBefore, final.p1RatingAfter, final.p2RatingAfter]).toEqual([
      1500, 1520, 1480,
    ]);
    expect(h.store.read.rating('s1', final.p1Id, 'bw_zerg')).toMatchObject({
      rating: 1520,
      games: 1,
      wins: 1,
    });
    expect(h.store.read.toonLink(`2-S2-1-${final.p1Id}`)?.playerId).toBe(final.p1Id);
    expect(names(h)).toEqual(
      expect.arrayContaining([
        'match_found',
        'match_started',
        'replay_verified',
        'result_final',
        'rank_changed',
      ]),
    );
    expect(h.ladder.armedTimers).toBe(0);
  });

  it('unlocks reports with a held replay and settles on agreement', async () => {
    const [h, a, b] = await setup();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    expect(await h.ladder.report(a, match.id, 'win')).toMatchObject({
      ok: false,
      reason: 'needs_replay',
    });

    const held = await h.ladder.submitReplay(upload(b, summaryOf(h, match, null)));
    expect(held.ok && held.verification.status).toBe('accepted');
    expect(stored(h, match).stage).toBe('in_progress');

    await h.clock.advance(80 * minute);
    await h.ladder.report(a, match.id, 'win');
    const waiting = stored(h, match);
    expect(waiting.reportBy).toBe(h.clock.now() + 20 * minute);
    expect(names(h)).toContain('opponent_reported');

    const done = await h.ladder.report(b, match.id, 'loss');
    expect(done.ok && done.match.stage).toBe('finalized');
    expect(stored(h, match)).toMatchObject({ outcome: 'p1_win', outcomeSource: 'agreement' });
  });

  it('opens a dispute on conflicting reports, unlocks the players, and an admin resolves it', async () => {
    const [h, a, b] = await setup();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(a, summaryOf(h, match, null)));
    await h.ladder.report(a, match.id, 'win');
    await h.ladder.report(b, match.id, 'win');

    const disputed = stored(h, match);
    expect(disputed.stage).toBe('disputed');
    expect(disputed.disputeBy).toBe(h.clock.now() + 48 * 60 * minute);
    expect(h.store.read.workItem(disputed.workItemId ?? '')?.kind).toBe('dispute');
    expect(h.ladder.lockedMatch(a)).toBeUndefined();
    expect((await h.ladder.joinQueue(a)).ok).toBe(true);

    const resolved = await h.ladder.resolve('admin-1', match.id, 'p2_win', 'replay shows SC2 won');
    expect(resolved.ok && resolved.changed).toBe(true);
    expect(stored(h, match)).toMatchObject({
      stage: 'finalized',
      outcome: 'p2_win',
      outcomeSource: 'admin',
    });
    expect(h.store.read.workItem(disputed.workItemId ?? '')?.status).toBe('resolved');
    expect(h.store.read.auditEntries({ matchId: match.id })[0]).toMatchObject({
      action: 'resolve',
      adminId: 'admin-1',
    });
    expect(names(h)).toEqual(expect.arrayContaining(['dispute_opened', 'dispute_resolved']));

    await h.clock.advance(1_000);
    const again = await h.ladder.resolve('admin-1', match.id, 'p2_win', 'same outcome again');
    expect(again.ok && again.changed).toBe(false);
    expect(h.store.read.auditEntries({ matchId: match.id })[0]?.action).toBe('resolve_noop');
  });

  it('charges an abort and requeues the confirmed opponent with their original wait', async () => {
    const [h, a, b] = await setup();
    const match = await pairUp(h, a, b);
    const joinedAt = h.store.read
      .queueLog(0, Number.MAX_SAFE_INTEGER)
      .find((e) => e.matchId === match.id)?.joinedAt;
    await h.ladder.confirm(a, match.id);
    expect(await h.ladder.abort(a, match.id)).toMatchObject({
      ok: false,
      reason: 'already_confirmed',
    });

    const aborted = await h.ladder.abort(b, match.id);
    expect(aborted.ok && aborted.match.stage).toBe('aborted');
    const back = h.store.read.openQueueEntryOf(match.p1Id);
    expect(back?.joinedAt).toBe(joinedAt);
    expect(back?.wavesWaited).toBeGreaterThan(0);
    expect(h.ladder.abortsLeft(b)).toMatchObject({ ok: true, left: 2 });
    expect(h.store.read.openQueueEntryOf(match.p2Id)).toBeUndefined();
  });

  it('lapses an unconfirmed match at 60 s after one reminder, spending no abort', async () => {
    const [h, a, b] = await setup();
    const match = await pairUp(h, a, b);
    await h.ladder.confirm(a, match.id);
    await h.clock.advance(20_000);
    const reminders = h.seen.filter((e) => e.name === 'confirmation_reminder');
    expect(reminders.map((e) => (e.event as { playerId: string }).playerId)).toEqual([match.p2Id]);

    await h.clock.advance(41_000);
    expect(stored(h, match)).toMatchObject({
      stage: 'abandoned',
      missedConfirmation: [match.p2Id],
    });
    expect(h.ladder.abortsLeft(b)).toMatchObject({ left: 3 });
    expect(names(h)).toContain('requeued');
    expect(await h.ladder.confirm(b, match.id)).toMatchObject({ ok: false, reason: 'match_over' });
  });

  it('voids an uncontested no-show claim after 15 min and charges the accused', async () => {
    const [h, a, b] = await setup();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    expect(await h.ladder.claimNoShow(a, match.id)).toMatchObject({
      ok: false,
      reason: 'too_early',
    });
    await h.clock.advance(10 * minute);
    expect((await h.ladder.claimNoShow(a, match.id)).ok).toBe(true);
    expect(await h.ladder.withdrawNoShow(b, match.id)).toMatchObject({
      ok: false,
      reason: 'not_claimant',
    });

    await h.clock.advance(15 * minute);
    expect(stored(h, match)).toMatchObject({ stage: 'voided', voidReason: 'no_show' });
    expect(h.ladder.abortsLeft(b)).toMatchObject({ left: 2 });
    expect(h.ladder.abortsLeft(a)).toMatchObject({ left: 3 });
  });

  it('a contested no-show becomes a dispute; a withdrawn one resumes with the answer time', async () => {
    const [h, a, b] = await setup();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.clock.advance(10 * minute);
    await h.ladder.claimNoShow(a, match.id);
    await h.ladder.withdrawNoShow(a, match.id);
    expect(stored(h, match).stage).toBe('in_progress');

    await h.clock.advance(70 * minute);
    await h.ladder.claimNoShow(b, match.id);
    expect(await h.ladder.contestNoShow(b, match.id)).toMatchObject({
      ok: false,
      reason: 'not_accused',
    });
    const contested = await h.ladder.contestNoShow(a, match.id);
    expect(contested.ok && contested.match.stage).toBe('disputed');
  });

  it('finalizes a one-sided report at the deadline and voids a silent match', async () => {
    const [h, a, b] = await setup();
    const c = await addPlayer(h, 'Charlie', { bw: 'bw_terran' });
    const d = await addPlayer(h, 'Delta', { sc2: 'sc2_zerg' });
    const m1 = await confirmBoth(h, await pairUp(h, a, b));
    const m2 = await confirmBoth(h, await pairUp(h, c, d));
    await h.ladder.submitReplay(upload(a, summaryOf(h, m1, null)));
    await h.ladder.report(a, m1.id, 'win');

    await h.clock.advance(46 * minute);
    const reminded = h.seen
      .filter((e) => e.name === 'report_reminder')
      .map((e) => (e.event as { playerId: string }).playerId);
    expect(reminded).toContain(m1.p2Id);
    expect(reminded).not.toContain(m1.p1Id);

    await h.clock.advance(50 * minute);
    expect(stored(h, m1)).toMatchObject({
      stage: 'finalized',
      outcome: 'p1_win',
      outcomeSource: 'uncontested',
    });
    expect(stored(h, m2)).toMatchObject({ stage: 'voided', voidReason: 'no_result' });
    expect(await h.ladder.report(b, m1.id, 'win')).toMatchObject({
      ok: false,
      reason: 'match_over',
    });
  });

  it('settles an expired dispute from the one outcome its replays back', async () => {
    const [h, a, b] = await setup();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(a, summaryOf(h, match, null)));
    await h.ladder.report(a, match.id, 'win');
    await h.ladder.report(b, match.id, 'win');

    const late = summaryOf(h, match, 'p2', {
      startTime: new Date(match.createdAt + 40 * minute).toISOString(),
    });
    const evidence = await h.ladder.submitReplay(upload(b, late));
    expect(evidence.ok && evidence.verification.status).toBe('accepted');
    expect(stored(h, match).stage).toBe('disputed');

    await h.clock.advance(24 * 60 * minute);
    expect(names(h)).toContain('dispute_reminder');
    await h.clock.advance(24 * 60 * minute);
    expect(stored(h, match)).toMatchObject({
      stage: 'finalized',
      outcome: 'p2_win',
      outcomeSource: 'dispute_expired',
    });
  });
});
