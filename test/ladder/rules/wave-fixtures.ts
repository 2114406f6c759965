import fc from 'fast-check';
import type { WaveEntry } from '../../../src/ladder/rules/pairing/wave-types.js';
import { regionCodes, type RegionCode } from '../../../src/ladder/rules/regions.js';
import { alphaPool, communityPool as simulatedPool } from '../../../src/ladder/simulate/index.js';

// Builders for wave tests: readable single entries and random pools for property tests.

/** The pool of map ids used by wave tests. */
export const testPool = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];

/** One queue entry: `bw`/`sc2` ratings, null for a game not queued. */
export function entry(
  id: string,
  bw: number | null,
  sc2: number | null,
  extra: Partial<WaveEntry> = {},
): WaveEntry {
  return {
    playerId: id,
    bw: bw === null ? null : { race: 'bw_zerg', rating: bw },
    sc2: sc2 === null ? null : { race: 'sc2_terran', rating: sc2 },
    vetoes: [],
    region: 'EUW',
    joinedAtMs: 0,
    wavesWaited: 1,
    ...extra,
  };
}

/** Random pools of up to `max` players with mixed games, regions, waits and vetoes. */
export function arbitraryPool(max: number, regions: readonly RegionCode[] = regionCodes) {
  const one = fc.record({
    games: fc.constantFrom('bw', 'sc2', 'both'),
    bw: fc.integer({ min: 1000, max: 2200 }),
    sc2: fc.integer({ min: 1000, max: 2200 }),
    region: fc.constantFrom(...regions),
    joined: fc.integer({ min: 0, max: 10_000 }),
    waited: fc.integer({ min: 1, max: 12 }),
    vetoes: fc.subarray(testPool, { maxLength: 4 }),
  });

  return fc.array(one, { maxLength: max }).map((players) =>
    players.map((p, i) =>
      entry(`p${i}`, p.games === 'sc2' ? null : p.bw, p.games === 'bw' ? null : p.sc2, {
        region: p.region,
        joinedAtMs: p.joined,
        wavesWaited: p.waited,
        vetoes: p.vetoes,
      }),
    ),
  );
}

/** A pool of `players` from the simulator's community (regions, two-game players, vetoes). */
export function communityPool(players: number, seed: number, waited: number | null = null) {
  return simulatedPool(players, seed, alphaPool, waited);
}
