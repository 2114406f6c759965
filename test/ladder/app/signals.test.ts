import { describe, expect, it } from 'vitest';
import type { Match } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, pairUp, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore
import type { ReplayVerifier } from '../../../src/ladder/index.js';

// Race notices with the details ([M-8]) and the signals the match flow raises by itself:
// reused replays, lapses, and a spent abort budget. Signals open cards and change nothing else.

const { setup } = useLadders();

const signals = (h: Harness) => h.store.read.openWorkItems('signal').map((w) => w.topic);

describe('race notices and signals', () => {
  it('sends the shield-battery notice with the details until the player acknowledges it', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_protoss' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const first = await confirmBoth(h, await pairUp(h, a, b));
    const started = h.seen
      .filter((e) => e.name === 'match_started')
      .map((e) => e.event as { notices: { keys: string[] }[] });
    expect(started[0]?.notices.map((n) => n.keys)).toEqual([
      ['shield_battery'],
      ['shield_battery'],
    ]);

    expect(await h.ladder.ackNotice(a, 'bogus')).toMatchObject({
      ok: false,
      reason: 'unknown_notice',
    });
    expect((await h.ladder.ackNotice(a, 'shield_battery')).ok).toBe(true);
    await h.ladder.resolve('admin', first.id, 'void', 'test game only');
    await confirmBoth(h, await pairUp(h, a, b));
    const second = h.seen.filter((e) => e.name === 'match_started').at(-1)?.event as {
      notices: { playerId: string; keys: string[] }[];
    };
    expect(second.notices.map((n) => n.keys)).toEqual([[], ['shield_battery']]);
  });

  it('rejects a replay already used for another match and raises a reused-replay signal', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const m1 = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(a, summaryOf(h, m1, 'p1'), 'c'.repeat(64)));
    const m2 = await confirmBoth(h, await pairUp(h, a, b));

    const reused = await h.ladder.submitReplay(upload(a, summaryOf(h, m2, 'p1'), 'c'.repeat(64)));
    expect(reused.ok && reused.verification.status).toBe('rejected');
    expect(h.store.read.match(m2.id)?.stage).toBe('in_progress');
    expect(signals(h)).toContain('reused_replay');
  });

  it('raises the lapse signal at the third missed confirmation within 7 days', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    for (let i = 0; i < 3; i += 1) {
      const match: Match = await pairUp(h, a, b);
      await h.ladder.confirm(a, match.id);
      await h.clock.advance(61_000);
      expect(h.store.read.match(match.id)?.stage).toBe('abandoned');
      if (i < 2) expect(signals(h)).not.toContain('lapses');
      await h.ladder.leaveQueue(a);
    }
    const card = h.store.read.openWorkItems('signal').find((w) => w.topic === 'lapses');
    expect(card?.matchIds).toHaveLength(3);
  });

  it('raises the abort-budget signal once when the last abort is used', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    for (let i = 0; i < 3; i += 1) {
      const match = await pairUp(h, a, b);
      await h.ladder.abort(b, match.id);
      expect(signals(h).includes('abort_budget_spent')).toBe(i === 2);
    }
  });

  it('flags a toon seen under a second player and keeps the first link', async () => {
    // A verifier that recognises the same toon as player 1 of every match.
    const sharedToon: ReplayVerifier = ({ match }) => ({
      status: 'verified', outcome: 'p1_win', checks: [], signals: [], modRegion: null,
      toons: [{ toon: '2-S2-1-777', playerId: match.p1Id, name: 'Smurf', by: 'toon' }],
    }); // prettier-ignore
    const h = await setup({ start: false, verifier: sharedToon });
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const c = await addPlayer(h, 'Charlie', { bw: 'bw_terran' });
    const first = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(a, summaryOf(h, first, 'p1')));
    const second = await confirmBoth(h, await pairUp(h, c, b));
    await h.ladder.submitReplay(upload(c, summaryOf(h, second, 'p1')));

    expect(h.store.read.toonLink('2-S2-1-777')?.playerId).toBe(first.p1Id);
    const card = h.store.read.openWorkItems('signal').find((w) => w.topic === 'shared_toon');
    expect(card?.playerIds.sort()).toEqual([first.p1Id, second.p1Id].sort());
    expect(card?.matchIds.sort()).toEqual([first.id, second.id].sort());
  });

  it('raises alternating results at the 4th game and frequent pair at the 5th within 7 days', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const topics: string[][] = [];
    for (let i = 0; i < 5; i += 1) {
      const match = await confirmBoth(h, await pairUp(h, a, b));
      await h.ladder.submitReplay(upload(a, summaryOf(h, match, i % 2 === 0 ? 'p1' : 'p2')));
      expect(h.store.read.match(match.id)?.stage).toBe('finalized');
      topics.push(
        signals(h)
          .filter((t) => t !== 'short_game')
          .sort(),
      );
      await h.clock.advance(60 * 60_000);
    }
    expect(topics).toEqual([
      [],
      [],
      [],
      ['alternating_results'],
      ['alternating_results', 'alternating_results', 'frequent_pair'],
    ]);
  });

  it('flags a reporter overruled by verified replays twice in 30 days', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    for (let i = 0; i < 2; i += 1) {
      const match = await confirmBoth(h, await pairUp(h, a, b));
      await h.ladder.submitReplay(upload(a, summaryOf(h, match, null)));
      await h.ladder.report(b, match.id, 'win');
      await h.ladder.submitReplay(upload(a, summaryOf(h, match, 'p1')));
      expect(h.store.read.match(match.id)).toMatchObject({
        outcome: 'p1_win',
        outcomeSource: 'replay',
      });
      expect(signals(h).includes('overruled_reporter')).toBe(i === 1);
    }
    const reviews = h.store.read.openWorkItems('review').map((w) => w.topic);
    expect(reviews).toEqual(['report_contradicted', 'report_contradicted']);
  });

  it('flags three short games of a pair won by the same player', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    for (let i = 0; i < 3; i += 1) {
      const match = await confirmBoth(h, await pairUp(h, a, b));
      await h.ladder.submitReplay(upload(a, summaryOf(h, match, 'p1', { durationSeconds: 60 })));
      expect(signals(h).includes('one_way_short_games')).toBe(i === 2);
    }
    expect(signals(h).filter((t) => t === 'short_game')).toHaveLength(3);
  });
});
