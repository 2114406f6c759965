import { describe, expect, it } from 'vitest';
import type { Match } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, minute, pairUp, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// Stop the process in every stage, reopen the store from the same folder, start again: the
// match continues from its stored deadline. A fake clock stands in for time passing.

const { setupAlphaBravo: setup, restart } = useLadders();

const stored = (h: Harness, m: Match) => h.store.read.match(m.id) as Match;

describe('restart in every stage', () => {
  it('awaiting_confirmation: the second confirmation after a restart starts the match', async () => {
    const [h0, a, b] = await setup();
    const match = await pairUp(h0, a, b);
    await h0.ladder.confirm(a, match.id);
    const h = await restart(h0);
    expect(h.ladder.armedTimers).toBe(1);
    expect(stored(h, match).p1ConfirmedAt).not.toBeNull();

    const confirmed = await h.ladder.confirm(b, match.id);
    expect(confirmed.ok && confirmed.match.stage).toBe('in_progress');
  });

  it('awaiting_confirmation: the stored window still lapses after a restart', async () => {
    const [h0, a, b] = await setup();
    const match = await pairUp(h0, a, b);
    const h = await restart(h0);
    await h.clock.advance(61_000);
    expect(stored(h, match)).toMatchObject({ stage: 'abandoned' });
    expect(stored(h, match).missedConfirmation.sort()).toEqual([match.p1Id, match.p2Id].sort());
  });

  it('in_progress: a report made before the restart stands at the deadline after it', async () => {
    const [h0, a, b] = await setup();
    const match = await confirmBoth(h0, await pairUp(h0, a, b));
    await h0.ladder.submitReplay(upload(a, summaryOf(h0, match, null)));
    await h0.ladder.report(a, match.id, 'win');
    const h = await restart(h0);
    expect(h.ladder.armedTimers).toBe(1);

    await h.clock.advance(91 * minute);
    expect(stored(h, match)).toMatchObject({
      stage: 'finalized',
      outcomeSource: 'uncontested',
      outcome: 'p1_win',
    });
  });

  it('no_show_claimed: the claim window runs out after a restart', async () => {
    const [h0, a, b] = await setup();
    const match = await confirmBoth(h0, await pairUp(h0, a, b));
    await h0.clock.advance(10 * minute);
    await h0.ladder.claimNoShow(a, match.id);
    const h = await restart(h0);
    await h.clock.advance(16 * minute);
    expect(stored(h, match)).toMatchObject({ stage: 'voided', voidReason: 'no_show' });
  });

  it('disputed: the dispute deadline voids after a restart when no replay decides', async () => {
    const [h0, a, b] = await setup();
    const match = await confirmBoth(h0, await pairUp(h0, a, b));
    await h0.ladder.submitReplay(upload(a, summaryOf(h0, match, null)));
    await h0.ladder.report(a, match.id, 'win');
    await h0.ladder.report(b, match.id, 'win');
    const h = await restart(h0);
    expect(stored(h, match).stage).toBe('disputed');

    await h.clock.advance(48 * 60 * minute + 1);
    expect(stored(h, match)).toMatchObject({ stage: 'voided', voidReason: 'dispute_expired' });
  });

  it('extends deadlines that fell inside an outage and renews a confirmation window', async () => {
    const [h0, a, b] = await setup();
    const c = await addPlayer(h0, 'Charlie', { bw: 'bw_terran' });
    const d = await addPlayer(h0, 'Delta', { sc2: 'sc2_zerg' });
    const playing = await confirmBoth(h0, await pairUp(h0, a, b));
    await h0.clock.advance(85 * minute);
    const confirming = await pairUp(h0, c, d);
    const reportBy = stored(h0, playing).reportBy as number;

    const downMs = 2 * 60 * minute;
    const h = await restart(h0, downMs);
    // The outage is measured from the stop; the deadline moves on by exactly its length.
    expect(stored(h, playing)).toMatchObject({ stage: 'in_progress', reportBy: reportBy + downMs });
    expect(stored(h, playing).reportBy).toBeGreaterThan(h.clock.now());
    const renewed = stored(h, confirming);
    expect(renewed).toMatchObject({
      stage: 'awaiting_confirmation',
      confirmBy: h.clock.now() + 60_000,
    });
    expect(h.seen.map((e) => e.name)).toContain('confirmation_renewed');
  });

  it('keeps a queued player queued and runs each wave time once across a restart', async () => {
    const [h0, a] = await setup();
    await h0.ladder.joinQueue(a);
    const h = await restart(h0);
    expect(h.store.read.openQueueEntries().map((e) => e.playerId)).toHaveLength(1);

    await h.clock.advance(45_000);
    const waves = h.seen
      .filter((e) => e.name === 'wave_done')
      .map((e) => (e.event as { waveAt: number }).waveAt);
    expect(waves).toHaveLength(1);
    expect(waves[0]! % 45_000).toBe(0);
    expect(h.store.read.openQueueEntries()[0]?.wavesWaited).toBeGreaterThanOrEqual(1);
  });

  it('retries a deadline whose write fails later instead of spinning on it', async () => {
    const [h, a, b] = await setup();
    const match = await pairUp(h, a, b);
    await h.store.close();
    await h.clock.advance(61_000);
    expect(h.ladder.armedTimers).toBe(1);
    expect(h.store.read.match(match.id)?.stage).toBe('awaiting_confirmation');
  });
});
