import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../src/ladder/rules/config.js';
import { pairWave } from '../../../src/ladder/rules/pairing/pair-wave.js';
import { windowFor } from '../../../src/ladder/rules/pairing/wave-types.js';
import { bruteForce } from './pairing/brute-force.js';
import { arbitraryPool, entry, testPool } from './wave-fixtures.js';

const s = defaultRulesConfig.matchmaking;

describe('pairWave', () => {
  it('forms A–C and B–D where a greedy matcher would form only B–C ([MM-3])', () => {
    const pool = [
      entry('A', 1500, null),
      entry('B', 1600, null),
      entry('C', null, 1560),
      entry('D', null, 1700),
    ];
    const result = pairWave(pool, testPool, s);
    const ids = result.pairs.map((p) => `${p.bw.playerId}-${p.sc2.playerId}`).sort();
    expect(ids).toEqual(['A-C', 'B-D']);
  });

  it('prefers the lower total gap when every pairing is allowed ([MM-4])', () => {
    const wide = { ...s, windowBase: 250, windowGrowth: 0 };
    const pool = [
      entry('A', 1500, null),
      entry('B', 1600, null),
      entry('C', null, 1560),
      entry('D', null, 1700),
    ];
    const result = pairWave(pool, testPool, wide);
    expect(result.pairs.map((p) => `${p.bw.playerId}-${p.sc2.playerId}`).sort()).toEqual([
      'A-C',
      'B-D',
    ]);
    expect(result.pairs.reduce((sum, p) => sum + p.gap, 0)).toBe(160);
  });

  it('sends a NAW player and an EUW player to USE at 130 extra cost', () => {
    const pool = [
      entry('A', 1500, null, { region: 'NAW' }),
      entry('B', null, 1500, { region: 'EUW' }),
    ];
    const [pair] = pairWave(pool, testPool, s).pairs;
    expect(pair?.server).toBe('USE');
    expect(pair?.latency).toEqual([1, 2]);
    expect(pair?.cost).toBe(0 - 40 + 130);
  });

  it('never pairs forbidden regions or players whose vetoes cover the pool', () => {
    const forbidding = { ...s, forbiddenPairs: [['EUW', 'KRJ']] as const };
    const pool = [entry('A', 1500, null), entry('B', null, 1500, { region: 'KRJ' })];
    expect(pairWave(pool, testPool, forbidding).pairs).toHaveLength(0);

    const vetoed = [
      entry('A', 1500, null, { vetoes: ['m1', 'm2'] }),
      entry('B', null, 1500, { vetoes: ['m1', 'm2'] }),
    ];
    expect(pairWave(vetoed, ['m1', 'm2'], s).pairs).toHaveLength(0);
    expect(pairWave(vetoed, ['m1', 'm2', 'm3'], s).pairs).toHaveLength(1);
  });

  it('rejects bad entries with a reason and still pairs the rest', () => {
    const bad = [
      entry('A', 1500, null),
      entry('A', null, 1500),
      entry('N', null, null),
      entry('R', Number.NaN, null),
      { ...entry('G', 1500, null), region: 'XXX' as never },
      { ...entry('Q', null, 1500), sc2: { race: 'bw_zerg' as never, rating: 1500 } },
      entry('B', null, 1510),
    ];
    const result = pairWave(bad, testPool, s);
    expect(result.rejected.map((r) => `${r.entry.playerId}:${r.reason}`)).toEqual([
      'A:duplicate_player',
      'N:no_race',
      'R:bad_rating',
      'G:bad_region',
      'Q:no_race',
    ]);
    expect(result.pairs.map((p) => `${p.bw.playerId}-${p.sc2.playerId}`)).toEqual(['A-B']);
  });

  it('keeps its invariants on random pools: one match each, BW vs SC2, windows, vetoes', () => {
    fc.assert(
      fc.property(arbitraryPool(60), (pool) => {
        const result = pairWave(pool, testPool, s);
        const seen = new Set<string>();
        for (const p of result.pairs) {
          expect(p.bw.playerId).not.toBe(p.sc2.playerId);
          expect(seen.has(p.bw.playerId) || seen.has(p.sc2.playerId)).toBe(false);
          seen.add(p.bw.playerId).add(p.sc2.playerId);
          expect(p.bwRace.startsWith('bw_') && p.sc2Race.startsWith('sc2_')).toBe(true);
          expect(p.gap).toBeLessThanOrEqual(
            Math.max(windowFor(p.bw.wavesWaited, s), windowFor(p.sc2.wavesWaited, s)),
          );
          const vetoed = new Set([...p.bw.vetoes, ...p.sc2.vetoes]);
          expect(testPool.some((m) => !vetoed.has(m))).toBe(true);
        }
        expect(result.pairs.length * 2 + result.unpaired.length).toBe(pool.length);
      }),
      { numRuns: 200 },
    );
  });

  it('finds the optimum of brute force on small waves (most pairs, then least cost)', () => {
    fc.assert(
      fc.property(arbitraryPool(8, ['EUW', 'NAW', 'KRJ', 'OCE']), (pool) => {
        const result = pairWave(pool, testPool, s);
        const expected = bruteForce(pool, testPool, s);
        expect(result.pairs.length).toBe(expected.pairs);
        expect(result.pairs.reduce((sum, p) => sum + p.cost, 0)).toBeCloseTo(expected.cost, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same pairs for the same pool in any input order', () => {
    fc.assert(
      fc.property(arbitraryPool(40), fc.integer(), (pool, seed) => {
        const shuffled = [...pool].sort(
          (a, b) =>
            ((a.playerId.length * seed) % 7) - ((b.playerId.length * seed) % 7) ||
            (a.playerId < b.playerId ? 1 : -1),
        );
        const key = (r: ReturnType<typeof pairWave>) =>
          r.pairs
            .map((p) => `${p.bw.playerId}-${p.sc2.playerId}`)
            .sort()
            .join();
        expect(key(pairWave(shuffled, testPool, s))).toBe(key(pairWave(pool, testPool, s)));
      }),
      { numRuns: 100 },
    );
  });
});
