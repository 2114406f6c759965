import { describe, expect, it } from 'vitest';
import type { LadderEventMap } from '../../../src/ladder/index.js';
import type { Match, MatchStage } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, eventNames, minute, nextWave, pairUp, summaryOf, upload, useLadders,
  type Harness,
} from './harness.js'; // prettier-ignore

// Every event the adapters rely on, at the moment it belongs to: each is recorded with the
// clock and with the stage the store holds for its match when it is emitted, which must
// already be the stage the event describes ([M-1]: durable before announced).

const { setupAlphaBravo } = useLadders();
const hour = 60 * minute;

interface Heard {
  name: keyof LadderEventMap;
  at: number;
  /** The match's stage in the store at emit time, and in the payload. */
  stored?: MatchStage | undefined;
  carried?: MatchStage;
  playerId?: string | null;
}

/**
 * Records every event with the clock and the store's view at the moment it is emitted, and
 * the names of those whose match the store did not yet hold at the announced stage.
 */
function listen(h: Harness): Heard[] & { early: string[] } {
  const heard = Object.assign([] as Heard[], { early: [] as string[] });
  for (const name of eventNames) {
    h.ladder.events.on(name, (event) => {
      const payload = event as { match?: Match; playerId?: string };
      const match = payload.match;
      const stored = match ? h.store.read.match(match.id)?.stage : undefined;
      if (match && stored !== match.stage) heard.early.push(name);
      heard.push({
        name, at: h.clock.now(), playerId: payload.playerId ?? null,
        ...(match ? { stored, carried: match.stage } : {}),
      }); // prettier-ignore
    });
  }
  return heard;
}

/** Takes what was heard since the last call. */
function drain(heard: Heard[]): Heard[] {
  return heard.splice(0);
}

const named = (events: Heard[]) => events.map((e) => e.name);

/** Plays a match of `bw` and `sc2` into a dispute: both claim the win. */
async function dispute(h: Harness, bw: string, sc2: string): Promise<Match> {
  const match = await confirmBoth(h, await pairUp(h, bw, sc2));
  await h.ladder.submitReplay(upload(bw, summaryOf(h, match, null)));
  await h.ladder.report(bw, match.id, 'win');
  await h.ladder.report(sc2, match.id, 'win');
  return h.store.read.match(match.id) as Match;
}

describe('events for the adapters', () => {
  it('emits each lifecycle event once its change is stored, at its time', async () => {
    const [h, a, b] = await setupAlphaBravo();
    const heard = listen(h);
    await h.ladder.joinQueue(a);
    await h.ladder.joinQueue(b);
    const waveAt = nextWave(h);
    await h.clock.advanceTo(waveAt);
    expect(named(drain(heard))).toEqual(['match_found', 'wave_done']);
    const match = h.ladder.lockedMatch(a) as Match;

    await h.clock.advance(20_000);
    const reminders = drain(heard);
    expect(named(reminders)).toEqual(['confirmation_reminder', 'confirmation_reminder']);
    expect(reminders.map((e) => [e.at, e.playerId])).toEqual([
      [waveAt + 20_000, match.p1Id],
      [waveAt + 20_000, match.p2Id],
    ]);

    await h.ladder.confirm(a, match.id);
    expect(drain(heard)).toMatchObject([{ name: 'opponent_confirmed', playerId: match.p1Id }]);
    await h.ladder.confirm(b, match.id);
    expect(named(drain(heard))).toEqual(['match_started']);
    const startedAt = h.clock.now();

    await h.clock.advance(45 * minute);
    expect(drain(heard).map((e) => [e.name, e.at])).toEqual([
      ['report_reminder', startedAt + 45 * minute],
      ['report_reminder', startedAt + 45 * minute],
    ]);

    await h.ladder.submitReplay(upload(a, summaryOf(h, match, null)));
    expect(named(drain(heard))).toEqual(['replay_verified']);
    await h.ladder.report(a, match.id, 'win');
    expect(drain(heard)).toMatchObject([{ name: 'opponent_reported', playerId: match.p1Id }]);
    await h.ladder.report(b, match.id, 'win');
    expect(drain(heard)).toMatchObject([{ name: 'dispute_opened', stored: 'disputed' }]);
    const disputedAt = h.clock.now();

    await h.clock.advance(24 * hour);
    expect(drain(heard).map((e) => [e.name, e.at])).toEqual([
      ['dispute_reminder', disputedAt + 24 * hour],
    ]);

    await h.ladder.resolve('admin', match.id, 'p1_win', 'replay shows BW won');
    const resolved = drain(heard);
    expect(named(resolved)).toEqual([
      'dispute_resolved',
      'result_final',
      'rank_changed',
      'rank_changed',
    ]);
    expect(resolved[1]).toMatchObject({ stored: 'finalized', carried: 'finalized' });
    expect(heard.early).toEqual([]);
  });

  it('emits the no-show events and deadline_passed when the claim window ends', async () => {
    const [h, a, b] = await setupAlphaBravo();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    const heard = listen(h);
    await h.clock.advance(10 * minute);

    await h.ladder.claimNoShow(a, match.id);
    await h.ladder.withdrawNoShow(a, match.id);
    await h.ladder.claimNoShow(a, match.id);
    expect(named(drain(heard))).toEqual([
      'no_show_claimed',
      'no_show_withdrawn',
      'no_show_claimed',
    ]);
    const claimedAt = h.clock.now();

    await h.clock.advance(15 * minute);
    const passed = drain(heard);
    expect(named(passed).sort()).toEqual(['deadline_passed', 'match_ended']);
    for (const event of passed) expect(event).toMatchObject({ at: claimedAt + 15 * minute });
    const stage = (h.seen.find((e) => e.name === 'deadline_passed')?.event as { stage: string })
      .stage;
    expect(stage).toBe('no_show_claimed');
    expect(passed[0]).toMatchObject({ stored: 'voided', carried: 'voided' });
    expect(heard.early).toEqual([]);
  });

  it('emits queue_left on leaving and work_item_opened for a reported problem', async () => {
    const [h, a, b] = await setupAlphaBravo();
    const c = await addPlayer(h, 'Charlie', { bw: 'bw_terran' });
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(a, summaryOf(h, match, 'p1')));
    const heard = listen(h);

    await h.ladder.joinQueue(c);
    await h.ladder.leaveQueue(c);
    await h.ladder.reportProblem(b, match.id, 'the replay is from another game');
    expect(named(drain(heard))).toEqual(['queue_left', 'work_item_opened']);
    const left = h.seen.find((e) => e.name === 'queue_left')?.event;
    expect(left).toMatchObject({ reason: 'left' });
  });

  it('announces a dispute ended without a result with the match as it ended', async () => {
    const [h, a, b] = await setupAlphaBravo();
    const c = await addPlayer(h, 'Charlie', { sc2: 'sc2_zerg' });
    const heard = listen(h);
    const first = await dispute(h, a, b);
    await h.ladder.resolve('admin', first.id, 'void', 'no evidence either way');
    await dispute(h, a, c);
    await h.ladder.ban('admin', c, 'cheating in ladder games');

    const resolved = heard.filter((e) => e.name === 'dispute_resolved');
    expect(resolved).toMatchObject([
      { stored: 'voided', carried: 'voided' },
      { stored: 'voided', carried: 'voided' },
    ]);
    expect(heard.early).toEqual([]);
  });

  it('emits nothing for a refused operation', async () => {
    const [h, a, b] = await setupAlphaBravo();
    const match = await pairUp(h, a, b);
    const heard = listen(h);
    await h.ladder.report(a, match.id, 'win');
    await h.ladder.abort(a, 'm_missing');
    await h.ladder.joinQueue(a);
    expect([...heard]).toEqual([]);
  });
});
