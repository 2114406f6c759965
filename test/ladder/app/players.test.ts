import { describe, expect, it } from 'vitest';
import { addPlayer, confirmBoth, pairUp, summaryOf, upload, useLadders } from './harness.js';

// Players and races between operations: first contact, terms, country, player history, and
// operations that race each other ([M-1]: exactly one wins, the other gets the new state).

const { setup } = useLadders({ start: false });

describe('players', () => {
  it('creates a player silently on first contact and refreshes the Discord name', async () => {
    const h = await setup();
    const first = await h.ladder.touchPlayer('d-1', 'olduser', 'ko');
    expect(first).toMatchObject({ discordId: 'd-1', termsVersion: null, lastLocale: 'ko' });
    const again = await h.ladder.touchPlayer('d-1', 'newuser');
    expect(again.id).toBe(first.id);
    expect(again.discordName).toBe('newuser');
    const line = h.store.read.playerHistory(first.id).find((l) => l.field === 'discordName');
    expect(line).toMatchObject({
      oldValue: 'olduser',
      newValue: 'newuser',
      actor: { kind: 'player' },
    });
  });

  it('declining the terms removes a queued player and blocks joining', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    await h.ladder.joinQueue(a);
    expect((await h.ladder.declineTerms(a)).ok).toBe(true);
    expect(h.store.read.openQueueEntries()).toHaveLength(0);
    expect(h.seen.find((e) => e.name === 'queue_left')?.event).toMatchObject({ reason: 'terms' });
    expect(await h.ladder.joinQueue(a)).toMatchObject({ ok: false, reason: 'terms_not_accepted' });
  });

  it('refuses to decline the terms or redo setup while locked in a match', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await pairUp(h, a, b);
    expect(await h.ladder.declineTerms(a)).toMatchObject({
      ok: false,
      reason: 'in_match',
      matchNumber: match.number,
    });
    const redo = {
      ladderName: 'Alpha',
      battleTag: 'Alpha#1234',
      altNames: [],
      country: 'DE',
      region: 'EUW',
      language: null,
    };
    expect(await h.ladder.saveSetup(a, redo)).toMatchObject({ ok: false, reason: 'in_match' });
  });

  it('sets a country, keeping XX and ZZ, and writes the history', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    expect((await h.ladder.setCountry(a, 'ZZ')).ok).toBe(true);
    const player = h.store.read.playerByDiscordId(a);
    expect(player?.country).toBe('ZZ');
    const line = h.store.read
      .playerHistory(player?.id ?? '')
      .find((l) => l.field === 'country' && l.newValue === 'ZZ');
    expect(line).toMatchObject({ oldValue: 'DE', newValue: 'ZZ' });
  });
});

describe('racing operations', () => {
  it('a confirm and an abort by the same player at once: exactly one wins', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await pairUp(h, a, b);
    const results = await Promise.all([h.ladder.confirm(b, match.id), h.ladder.abort(b, match.id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'already_confirmed' });
    expect(h.store.read.match(match.id)?.stage).toBe('awaiting_confirmation');
  });

  it('two reports sent together count once; two replays of one file are processed once', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await confirmBoth(h, await pairUp(h, a, b));
    const held = summaryOf(h, match, null);
    const replays = await Promise.all([
      h.ladder.submitReplay(upload(a, held, 'e'.repeat(64))),
      h.ladder.submitReplay(upload(b, held, 'e'.repeat(64))),
    ]);
    expect(replays.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['duplicate_replay', 'ok']);

    const reports = await Promise.all([
      h.ladder.report(a, match.id, 'win'),
      h.ladder.report(a, match.id, 'win'),
    ]);
    expect(reports.map((r) => (r.ok ? 'ok' : r.reason)).sort()).toEqual(['already_reported', 'ok']);
    expect(h.store.read.match(match.id)?.p1Report?.value).toBe('win');
  });

  it('a verified replay and a conflicting report at once: the replay settles, the report is reviewed or late', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.ladder.submitReplay(upload(b, summaryOf(h, match, null)));
    const [report, replay] = await Promise.all([
      h.ladder.report(b, match.id, 'win'),
      h.ladder.submitReplay(upload(a, summaryOf(h, match, 'p1'))),
    ]);
    expect(report.ok).toBe(true);
    expect(replay.ok && replay.match.stage).toBe('finalized');
    expect(h.store.read.match(match.id)).toMatchObject({
      outcome: 'p1_win',
      outcomeSource: 'replay',
    });
    expect(h.store.read.openWorkItems('review').map((w) => w.topic)).toEqual([
      'report_contradicted',
    ]);
  });
});
