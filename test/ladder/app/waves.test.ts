import { describe, expect, it } from 'vitest';
import type { WaveReport } from '../../../src/ladder/index.js';
import type { Match } from '../../../src/store/index.js';
import { addPlayer, maps, minute, t0, useLadders, type Harness } from './harness.js';

// Waves through the application: on their epoch-aligned interval, with the global matching of
// the rules ([MM-3]), vetoes respected, timeouts, and the wave's figures stored and emitted.

const { setup } = useLadders({ start: false });

const waves = (h: Harness) =>
  h.seen.filter((e) => e.name === 'wave_done').map((e) => e.event as WaveReport);
const found = (h: Harness) =>
  h.seen.filter((e) => e.name === 'match_found').map((e) => (e.event as { match: Match }).match);

describe('waves', () => {
  it('runs on Unix-time multiples of 45 s and stores its figures', async () => {
    const h = await setup();
    await h.clock.advanceTo(t0 + 10_000);
    await h.ladder.start();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
    await h.ladder.joinQueue(a);
    await h.ladder.joinQueue(b);

    await h.clock.advanceTo(t0 + 44_999);
    expect(waves(h)).toHaveLength(0);
    await h.clock.advanceTo(t0 + 45_000);
    const [wave] = waves(h);
    expect(wave).toMatchObject({ waveAt: t0 + 45_000, poolSize: 2, pairsFormed: 1, unpaired: 0 });
    expect(wave?.computeMs).toBeGreaterThanOrEqual(0);
    expect(h.store.read.lastWave()).toMatchObject({ waveAt: t0 + 45_000, poolSize: 2 });
    expect(found(h)[0]).toMatchObject({ waveAt: t0 + 45_000, p1WaitMs: 35_000, server: 'EUC' });
  });

  it('forms A–C and B–D where a greedy pass would form one pair ([MM-3])', async () => {
    const h = await setup();
    const ids = {
      A: await addPlayer(h, 'Alpha', { bw: 'bw_zerg' }),
      B: await addPlayer(h, 'Bravo', { bw: 'bw_terran' }),
      C: await addPlayer(h, 'Charlie', { sc2: 'sc2_zerg' }),
      D: await addPlayer(h, 'Delta', { sc2: 'sc2_protoss' }),
    };
    await h.ladder.adjustRating('admin', ids.B, 'bw_terran', 'set', 1600, 'example rating');
    await h.ladder.adjustRating('admin', ids.C, 'sc2_zerg', 'set', 1560, 'example rating');
    await h.ladder.adjustRating('admin', ids.D, 'sc2_protoss', 'set', 1700, 'example rating');
    for (const id of Object.values(ids)) await h.ladder.joinQueue(id);

    await h.ladder.runWave(t0 + 45_000);
    const pairs = found(h).map((m) => {
      const name = (id: string) => h.store.read.player(id)?.ladderName;
      return `${name(m.p1Id)}-${name(m.p2Id)}`;
    });
    expect(pairs.sort()).toEqual(['Alpha-Charlie', 'Bravo-Delta']);
    expect(
      found(h)
        .map((m) => m.number)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('never picks a vetoed map and places a two-game player on the side that pairs', async () => {
    const h = await setup();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg', sc2: 'sc2_zerg' });
    const b = await addPlayer(h, 'Bravo', { bw: 'bw_terran' });
    await h.ladder.saveQueueChoices(a, {
      bwRace: 'bw_zerg',
      sc2Race: 'sc2_zerg',
      vetoes: maps.slice(0, 4),
    });
    await h.ladder.saveQueueChoices(b, {
      bwRace: 'bw_terran',
      sc2Race: null,
      vetoes: maps.slice(4, 8),
    });
    await h.ladder.joinQueue(a);
    await h.ladder.joinQueue(b);

    await h.ladder.runWave(t0 + 45_000);
    const [match] = found(h);
    expect(match).toMatchObject({ mapId: 'm9', p1Race: 'bw_terran', p2Race: 'sc2_zerg' });
  });

  it('keeps unpaired players with their waves waited and times them out after 150 min', async () => {
    const h = await setup();
    await h.ladder.start();
    const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
    await h.ladder.joinQueue(a);
    await h.clock.advance(10 * 45_000);
    expect(h.store.read.openQueueEntries()[0]?.wavesWaited).toBe(10);

    await h.clock.advance(150 * minute);
    expect(h.store.read.openQueueEntries()).toHaveLength(0);
    const left = h.seen.find((e) => e.name === 'queue_left')?.event as { reason: string };
    expect(left.reason).toBe('timeout');
  });
});
