import { beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, minute, pairUp, storeSnapshot, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// Bad input: every mistake gets its reason code, and nothing changes: everything the store
// answers (players, matches, queue, ledger, audit, work items, waves, journal position) is the
// same after. The scheduler is not started, so deadlines apply only when an operation arrives
// late ([M-2]).

let h: Harness;
let a: string;
let b: string;
let c: string;
let playing: Match;

const ladders = useLadders({ start: false });

beforeAll(async () => {
  h = await ladders.setupShared();
  a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
  b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
  c = await addPlayer(h, 'Charlie', { bw: 'bw_terran', sc2: 'sc2_zerg' });
  playing = await confirmBoth(h, await pairUp(h, a, b));
}, 120_000);

/** Runs an operation and checks it was refused with `reason` and changed nothing stored. */
async function refused(op: () => Promise<object>, reason: string): Promise<void> {
  const before = storeSnapshot(h);
  const result = await op();
  expect(result).toMatchObject({ ok: false, reason });
  expect(storeSnapshot(h)).toEqual(before);
}

describe('bad input', () => {
  it('refuses unknown players, races, maps and vetoes', async () => {
    await refused(() => h.ladder.joinQueue('nobody'), 'unknown_player');
    await refused(() => h.ladder.confirm('nobody', playing.id), 'unknown_player');
    const choices = { bwRace: null, sc2Race: null, vetoes: [] };
    await refused(
      () => h.ladder.saveQueueChoices(c, { ...choices, bwRace: 'bw_hydra' }),
      'unknown_race',
    );
    await refused(
      () => h.ladder.saveQueueChoices(c, { ...choices, bwRace: 'sc2_zerg' }),
      'wrong_side',
    );
    await refused(
      () => h.ladder.saveQueueChoices(c, { ...choices, vetoes: ['atlantis'] }),
      'unknown_map',
    );
    await refused(
      () => h.ladder.saveQueueChoices(c, { ...choices, vetoes: ['m1', 'm2', 'm3', 'm4', 'm5'] }),
      'too_many_vetoes',
    );
    await refused(() => h.ladder.setCountry(c, 'Narnia'), 'unknown_country');
    await refused(
      () => h.ladder.adjustRating('admin', c, 'bw_hydra', 'set', 1600, 'valid reason'),
      'unknown_race',
    );
  });

  it('runs the guards in order: terms, then setup, then the queue checks', async () => {
    await h.ladder.touchPlayer('d-new', 'newcomer');
    await refused(() => h.ladder.joinQueue('d-new'), 'terms_not_accepted');
    await h.ladder.acceptTerms('d-new');
    await refused(() => h.ladder.joinQueue('d-new'), 'setup_incomplete');
    await refused(
      () => h.ladder.submitReplay(upload('d-new', summaryOf(h, playing, 'p1'))),
      'setup_incomplete',
    );
    await refused(
      () => h.ladder.submitReplay(upload(c, summaryOf(h, playing, 'p1'))),
      'no_open_match',
    );

    await refused(() => h.ladder.joinQueue(a), 'in_match');
    await refused(() => h.ladder.leaveQueue(c), 'not_in_queue');
    await h.ladder.saveQueueChoices(c, { bwRace: null, sc2Race: null, vetoes: [] });
    await refused(() => h.ladder.joinQueue(c), 'no_race');
  });

  it('names every bad setup field and refuses names used by another player', async () => {
    const bad = {
      ladderName: 'A1',
      battleTag: 'nohash',
      altNames: ['x'],
      country: 'ZZZ',
      region: 'MARS',
      language: null,
    };
    const result = await h.ladder.saveSetup(c, bad);
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : (result.problems ?? []).map((p) => p.field).sort();
    expect(fields).toEqual(['altName1', 'battleTag', 'country', 'ladderName', 'region']);

    const taken = {
      ladderName: 'alpha',
      battleTag: 'Bravo#1234',
      altNames: [],
      country: 'DE',
      region: 'EUW',
      language: null,
    };
    const clash = await h.ladder.saveSetup(c, taken);
    expect(clash.ok ? [] : clash.problems).toEqual([
      { field: 'ladderName', rule: 'already_used' },
      { field: 'battleTag', rule: 'already_used' },
    ]);
  });

  it('refuses match operations by outsiders, twice, in the wrong stage, or with bad values', async () => {
    await refused(() => h.ladder.confirm(a, 'm_missing'), 'unknown_match');
    await refused(() => h.ladder.confirm(c, playing.id), 'not_participant');
    await refused(() => h.ladder.confirm(a, playing.id), 'wrong_stage');
    await refused(() => h.ladder.abort(a, playing.id), 'wrong_stage');
    await refused(() => h.ladder.report(a, playing.id, 'victory'), 'invalid_report');
    await refused(() => h.ladder.report(a, playing.id, 'win'), 'needs_replay');
    await refused(() => h.ladder.withdrawNoShow(a, playing.id), 'wrong_stage');

    await h.ladder.submitReplay(upload(a, summaryOf(h, playing, null), 'f'.repeat(64)));
    await refused(
      () => h.ladder.submitReplay(upload(a, summaryOf(h, playing, null), 'f'.repeat(64))),
      'duplicate_replay',
    );
    await refused(
      () => h.ladder.submitReplay(upload(a, summaryOf(h, playing, null), 'not-a-hash')),
      'invalid_replay',
    );
    await h.ladder.report(a, playing.id, 'win');
    await refused(() => h.ladder.report(a, playing.id, 'loss'), 'already_reported');
    await refused(() => h.ladder.claimNoShow(b, playing.id), 'too_early');
  });

  it('refuses operations on finished matches and reports after the end', async () => {
    await h.ladder.report(b, playing.id, 'loss');
    expect(h.store.read.match(playing.id)?.stage).toBe('finalized');
    await refused(() => h.ladder.report(b, playing.id, 'win'), 'match_over');
    await refused(() => h.ladder.confirm(a, playing.id), 'match_over');
    await refused(() => h.ladder.claimNoShow(a, playing.id), 'match_over');
    await refused(
      () => h.ladder.submitReplay({ ...upload(a, summaryOf(h, playing, 'p1')), match: playing.id }),
      'match_over',
    );

    await h.clock.advance(25 * 60 * minute);
    await refused(
      () => h.ladder.reportProblem(a, playing.id, 'wrong result'),
      'problem_window_closed',
    );
  });

  it('treats an event after the deadline as late and applies the deadline first', async () => {
    const match = await pairUp(h, a, b);
    await h.clock.advance(61_000);
    expect(await h.ladder.confirm(a, match.id)).toMatchObject({ ok: false, reason: 'late' });
    expect(h.store.read.match(match.id)?.stage).toBe('abandoned');
  });

  it('refuses a second confirmation and buttons of another stage', async () => {
    const match = await pairUp(h, a, b);
    await h.ladder.confirm(a, match.id);
    await refused(() => h.ladder.confirm(a, match.id), 'already_confirmed');
    await refused(() => h.ladder.abort(a, match.id), 'already_confirmed');
    await refused(() => h.ladder.contestNoShow(b, match.id), 'wrong_stage');
    await refused(() => h.ladder.claimNoShow(b, match.id), 'wrong_stage');
    await refused(() => h.ladder.reportProblem(b, match.id, 'not over yet'), 'wrong_stage');
    await refused(() => h.ladder.confirm(b, String(match.number + 1)), 'unknown_match');
  });

  it('refuses every button on a finished match with match_over', async () => {
    expect(h.store.read.match(playing.id)?.stage).toBe('finalized');
    await refused(() => h.ladder.abort(b, playing.id), 'match_over');
    await refused(() => h.ladder.withdrawNoShow(a, playing.id), 'match_over');
    await refused(() => h.ladder.contestNoShow(b, playing.id), 'match_over');
    await refused(() => h.ladder.report(a, String(playing.number), 'draw'), 'match_over');
  });

  it('refuses admin operations on unknown players, matches and cards', async () => {
    await refused(
      () => h.ladder.adjustRating('admin', 'ghost', 'bw_zerg', 'set', 1500, 'no such player'),
      'unknown_player',
    );
    await refused(
      () => h.ladder.resetAborts('admin', 'ghost', 1, 'no such player'),
      'unknown_player',
    );
    await refused(() => h.ladder.unban('admin', 'ghost', 'no such player'), 'unknown_player');
    await refused(
      () => h.ladder.removeFromQueue('admin', 'ghost', 'no such player'),
      'unknown_player',
    );
    await refused(() => h.ladder.undoResolution('admin', 'm_missing'), 'unknown_match');
    await refused(() => h.ladder.undoResolution('admin', playing.id), 'nothing_to_undo');
    await refused(() => h.ladder.claimWorkItem('admin', 'w_missing'), 'unknown_work_item');
    await refused(
      () => h.ladder.dismissWorkItem('admin', 'w_missing', 'stale card'),
      'unknown_work_item',
    );
    await refused(() => h.ladder.setQueueOpen('admin', false, ''), 'invalid_reason');
    await refused(() => h.ladder.clearQueue('admin', 'x'.repeat(301)), 'invalid_reason');
  });

  it('refuses bad admin input and admins acting on themselves', async () => {
    await refused(() => h.ladder.ban('admin', a, 'no'), 'invalid_reason');
    await refused(() => h.ladder.ban('admin', 'ghost', 'cheating a lot'), 'unknown_player');
    await refused(() => h.ladder.ban(a, a, 'banning myself'), 'self_action');
    await refused(() => h.ladder.resolve(a, playing.id, 'p2_win', 'my own match'), 'self_action');
    await refused(
      () => h.ladder.resolve('admin', playing.id, 'p3_win', 'bad outcome'),
      'invalid_outcome',
    );
    await refused(
      () => h.ladder.resolve('admin', '99999', 'draw', 'no such match'),
      'unknown_match',
    );
    await refused(
      () => h.ladder.adjustRating('admin', c, 'bw_terran', 'add', 10, 'no entry yet'),
      'no_entry',
    );
    await refused(
      () => h.ladder.adjustRating('admin', a, 'bw_zerg', 'set', 5001, 'too high'),
      'out_of_range',
    );
    await refused(
      () => h.ladder.adjustRating('admin', a, 'bw_zerg', 'subtract', 5000, 'below zero'),
      'out_of_range',
    );
    await refused(() => h.ladder.resetAborts('admin', a, 100, 'too many'), 'out_of_range');
    await refused(() => h.ladder.unban('admin', a, 'not banned'), 'not_banned');
    await refused(() => h.ladder.removeFromQueue('admin', a, 'not queued'), 'not_in_queue');
  });

  it('refuses everything a banned player tries', async () => {
    expect((await h.ladder.ban('admin', c, 'smurfing accounts')).ok).toBe(true);
    await refused(() => h.ladder.ban('admin', c, 'again please'), 'already_banned');
    await refused(() => h.ladder.joinQueue(c), 'banned');
    await refused(
      () => h.ladder.saveQueueChoices(c, { bwRace: 'bw_terran', sc2Race: null, vetoes: [] }),
      'banned',
    );
    await refused(() => h.ladder.confirm(c, playing.id), 'banned');
    await refused(() => h.ladder.report(c, playing.id, 'win'), 'banned');
    await refused(() => h.ladder.setCountry(c, 'FR'), 'banned');
    await refused(() => h.ladder.submitReplay(upload(c, summaryOf(h, playing, 'p1'))), 'banned');
    await refused(() => h.ladder.ban('admin', c, 'again and again'), 'already_banned');
    await refused(
      () =>
        h.ladder.saveSetup(c, {
          ladderName: 'Charlie',
          battleTag: 'C#123',
          altNames: [],
          country: 'DE',
          region: 'EUW',
          language: null,
        }),
      'banned',
    );
  });
});
