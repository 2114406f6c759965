import { describe, expect, it } from 'vitest';
import { addPlayer, nextWave, pairUp, t0, useLadders } from './harness.js';

// [MM-6]: one stored record per wave, kept across a restart; idle waves store none. [MM-7]:
// the last-24 h matchmaking figures of `/admin snapshot`, from the stored waves and matches.

const { setup, restart } = useLadders({ start: false });

const hour = 60 * 60_000;

describe('wave records', () => {
  it('stores every wave with its figures and reads them back after a restart', async () => {
    const h0 = await setup();
    const a = await addPlayer(h0, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h0, 'Bravo', { sc2: 'sc2_terran' });
    const c = await addPlayer(h0, 'Charlie', { bw: 'bw_terran', sc2: 'sc2_zerg' });
    const d = await addPlayer(h0, 'Delta', { bw: 'bw_protoss' });
    for (const id of [a, b, c, d]) await h0.ladder.joinQueue(id);
    await h0.ladder.runWave(t0 + 45_000);
    await h0.ladder.runWave(t0 + 90_000);

    const h = await restart(h0);
    const waves = h.store.read.waves(t0, t0 + 90_001);
    // Four players, two BW-only: the wave pairs both BW players with one each of the others.
    expect(waves).toMatchObject([
      { id: `wave/${t0 + 45_000}`, waveAt: t0 + 45_000, seasonId: 's1', poolSize: 4,
        bwOnly: 2, sc2Only: 1, bothGames: 1, pairsFormed: 2, unpaired: 0, timedOut: 0 },
    ]); // prettier-ignore
    expect(waves[0]?.allowedPairs).toBeGreaterThanOrEqual(2);
    expect(waves[0]?.computeMs).toBeGreaterThanOrEqual(0);
    // The second wave had an empty pool: it is idle and stores nothing.
    expect(h.store.read.lastWave()?.waveAt).toBe(t0 + 45_000);
  });

  it('records a wave that leaves players unpaired, and reads waves by time range', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { bw: 'bw_terran' });
    await h.ladder.joinQueue(a);
    await h.ladder.joinQueue(b);
    for (const k of [1, 2, 3]) await h.ladder.runWave(t0 + k * 45_000);

    const all = h.store.read.waves(0, Number.MAX_SAFE_INTEGER);
    expect(all.map((w) => [w.waveAt - t0, w.poolSize, w.pairsFormed, w.unpaired])).toEqual([
      [45_000, 2, 0, 2],
      [90_000, 2, 0, 2],
      [135_000, 2, 0, 2],
    ]);
    const middle = h.store.read.waves(t0 + 90_000, t0 + 135_000);
    expect(middle.map((w) => w.waveAt)).toEqual([t0 + 90_000]);
    expect(h.store.read.waves(t0 + 135_001, t0 + hour)).toEqual([]);
  });

  it('stores no record for an idle wave but refreshes the heartbeat', async () => {
    const h = await setup();
    expect(await h.ladder.runWave(t0 + 45_000)).toBeNull();
    expect(h.store.read.lastWave()).toBeUndefined();
    expect(h.store.read.keyValue('ladder:alive')?.value).toEqual({ at: t0 });
  });

  it('does not run a stored wave time again when the scheduler starts before it', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    await h.ladder.joinQueue(a);
    await h.ladder.runWave(t0 + 45_000);
    await h.ladder.start();

    await h.clock.advanceTo(t0 + 45_000);
    expect(h.seen.filter((e) => e.name === 'wave_done')).toHaveLength(1);
    await h.clock.advanceTo(t0 + 90_000);
    expect(h.store.read.waves(0, t0 + hour).map((w) => w.waveAt)).toEqual([
      t0 + 45_000,
      t0 + 90_000,
    ]);
  });
});

describe('matchmaking snapshot ([MM-7])', () => {
  it('gives the last 24 h waits, gaps, underdog chance and class-2 share', async () => {
    const h = await setup();
    // A match a day and more ago stays out of the figures.
    await pairUp(
      h,
      await addPlayer(h, 'Echo', { bw: 'bw_zerg' }),
      await addPlayer(h, 'Foxtrot', { sc2: 'sc2_zerg' }),
    );
    await h.clock.advance(25 * hour);

    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    await h.ladder.adjustRating('admin', b, 'sc2_terran', 'set', 1600, 'snapshot example');
    const firstWave = nextWave(h);
    await h.clock.advanceTo(firstWave - 40_000);
    await h.ladder.joinQueue(a);
    await h.clock.advanceTo(firstWave - 10_000);
    await h.ladder.joinQueue(b);
    await h.clock.advanceTo(firstWave);
    await h.ladder.runWave(firstWave);

    // NAW against EUW plays on USE: class 1 for NAW, class 2 for EUW (PRODUCT.md §11.4).
    const c = await addPlayer(h, 'Charlie', { bw: 'bw_terran' }, 'NAW');
    const d = await addPlayer(h, 'Delta', { sc2: 'sc2_protoss' });
    await h.ladder.joinQueue(c);
    await h.clock.advanceTo(firstWave + 25_000);
    await h.ladder.joinQueue(d);
    await h.clock.advanceTo(firstWave + 45_000);
    await h.ladder.runWave(firstWave + 45_000);

    const snapshot = h.ladder.matchmakingSnapshot();
    expect(snapshot).toMatchObject({
      matches: 2,
      // Waits 40, 10, 45 and 20 s: the nearest-rank median is 20 s, the 90th percentile 45 s.
      waitMedianMs: 20_000,
      waitP90Ms: 45_000,
      gapMedian: 0,
      gapP90: 100,
      latencyClass2Share: 0.5,
      waves: 2,
      pairsFormed: 2,
    });
    // Elo with D = 500: a 100-point underdog expects 1 / (1 + 10^(100/500)) ≈ 0.387.
    expect(snapshot.underdogMeanChance).toBeCloseTo((1 / (1 + 10 ** 0.2) + 0.5) / 2, 6);
    expect(snapshot.slowestWaveMs).toBeGreaterThanOrEqual(0);
  });

  it('gives zeros, not NaN, when nothing happened in the window', async () => {
    const h = await setup();
    expect(h.ladder.matchmakingSnapshot()).toMatchObject({
      matches: 0, waitMedianMs: 0, waitP90Ms: 0, gapMedian: 0, gapP90: 0,
      underdogMeanChance: 0, latencyClass2Share: 0, waves: 0, pairsFormed: 0, slowestWaveMs: 0,
    }); // prettier-ignore
  });
});
