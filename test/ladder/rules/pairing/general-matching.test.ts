import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../../src/ladder/rules/config.js';
import { pairWave } from '../../../../src/ladder/rules/pairing/pair-wave.js';
import type { WaveEntry } from '../../../../src/ladder/rules/pairing/wave-types.js';
import { entry, testPool } from '../wave-fixtures.js';
import { bruteForce } from './brute-force.js';

// Waves rich in players who queued both games, where odd cycles make the graph non-bipartite: the
// general matching must equal brute force over every matching, and say it is exact.

const s = defaultRulesConfig.matchmaking;

/** Pools of `min`–`max` players, most of them on both games, with close ratings to force ties. */
function bothHeavyPool(min: number, max: number) {
  const one = fc.record({
    games: fc.constantFrom('bw', 'sc2', 'both', 'both', 'both'),
    bw: fc.integer({ min: 0, max: 12 }).map((k) => 1000 + 25 * k),
    sc2: fc.integer({ min: 0, max: 12 }).map((k) => 1000 + 25 * k),
    region: fc.constantFrom('EUW', 'NAW', 'KRJ'),
    joined: fc.integer({ min: 0, max: 3 }),
    waited: fc.integer({ min: 1, max: 4 }),
    vetoes: fc.subarray(testPool.slice(0, 3), { maxLength: 2 }),
  });
  return fc.array(one, { minLength: min, maxLength: max }).map((players) =>
    players.map((p, i) =>
      entry(`p${i}`, p.games === 'sc2' ? null : p.bw, p.games === 'bw' ? null : p.sc2, {
        region: p.region as WaveEntry['region'],
        joinedAtMs: p.joined,
        wavesWaited: p.waited,
        vetoes: p.vetoes,
      }),
    ),
  );
}

/** Players on both games who can pair nobody: they widen a wave without changing its answer. */
const farBoth = (k: number) =>
  Array.from({ length: k }, (_, i) => entry(`far${i}`, 3000 + 400 * i, 9000 + 400 * i));

const total = (r: ReturnType<typeof pairWave>) => r.pairs.reduce((sum, p) => sum + p.cost, 0);

describe('pairWave over the general graph', () => {
  it('equals brute force on waves of 9–11 players, most on both games', () => {
    fc.assert(
      fc.property(bothHeavyPool(9, 11), (pool) => {
        const result = pairWave(pool, testPool.slice(0, 3), s);
        const expected = bruteForce(pool, testPool.slice(0, 3), s);
        expect(result.exact).toBe(true);
        expect(result.pairs.length).toBe(expected.pairs);
        expect(total(result)).toBeCloseTo(expected.cost, 6);
      }),
      { numRuns: 150 },
    );
  });

  it('equals brute force with wide windows, where odd cycles abound', () => {
    const wide = { ...s, windowBase: 400, windowGrowth: 0 };
    fc.assert(
      fc.property(bothHeavyPool(9, 10), (pool) => {
        const result = pairWave(pool, testPool.slice(0, 3), wide);
        const expected = bruteForce(pool, testPool.slice(0, 3), wide);
        expect(result.exact).toBe(true);
        expect(result.pairs.length).toBe(expected.pairs);
        expect(total(result)).toBeCloseTo(expected.cost, 6);
      }),
      { numRuns: 100 },
    );
  });

  it('pairs two of three players who could all play each other, the cheapest two', () => {
    // A (BW only), B (both), C (SC2 only): a triangle, so one pair at most; A–B has gap 20,
    // B–C 30 and A–C 70.
    const pool = [
      entry('A', 1500, null),
      entry('B', 1540, 1520),
      entry('C', null, 1570),
      ...farBoth(8),
    ];
    const result = pairWave(pool, testPool, s);
    expect(result.pairs.map((p) => `${p.bw.playerId}-${p.sc2.playerId}`)).toEqual(['A-B']);
    expect(result.exact).toBe(true);
  });
});

describe('orientation ties', () => {
  // Both players queued both games at equal ratings: the gap is 0 either way.
  const twins = (firstId: string, secondId: string) => [
    entry(firstId, 1500, 1500, { joinedAtMs: 1_000 }),
    entry(secondId, 1500, 1500, { joinedAtMs: 2_000 }),
  ];

  it('gives the BW side to the earlier joiner in a small wave', () => {
    for (const [a, b] of [
      ['X', 'Y'],
      ['Y', 'X'],
    ] as const) {
      const [pair] = pairWave(twins(a, b).reverse(), testPool, s).pairs;
      expect(pair?.bw.playerId).toBe(a);
    }
  });

  it('gives the BW side to the earlier joiner in a wave solved over the general graph', () => {
    const others = farBoth(10);
    for (const [a, b] of [
      ['X', 'Y'],
      ['Y', 'X'],
    ] as const) {
      const result = pairWave([...others, ...twins(a, b).reverse()], testPool, s);
      expect(result.pairs).toHaveLength(1);
      expect(result.pairs[0]?.bw.playerId).toBe(a);
    }
  });

  it('keeps the cheaper orientation when the two differ', () => {
    const pool = [
      entry('E', 1500, 1900, { joinedAtMs: 1 }),
      entry('L', 1600, 1510, { joinedAtMs: 2 }),
    ];
    // E on BW: |1500 − 1510| = 10; L on BW: |1600 − 1900| = 300.
    const [pair] = pairWave(pool, testPool, s).pairs;
    expect([pair?.bw.playerId, pair?.gap]).toEqual(['E', 10]);
  });
});
