import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../src/ladder/rules/config.js';
import { chooseMap } from '../../../src/ladder/rules/pairing/map-choice.js';
import { greedyWave } from '../../../src/ladder/rules/pairing/greedy-wave.js';
import { pairWave } from '../../../src/ladder/rules/pairing/pair-wave.js';
import { arbitraryPool, entry, testPool } from './wave-fixtures.js';

const fixed = (value: number) => () => value;

describe('chooseMap', () => {
  it('never picks a vetoed map, and avoids recent maps while others remain', () => {
    const played = fc.array(
      fc.record({
        mapId: fc.constantFrom(...testPool),
        playedAtMs: fc.integer({ min: 0, max: 1e6 }),
      }),
      { maxLength: 6 },
    );
    const vetoes = fc.subarray(testPool, { maxLength: 4 });
    fc.assert(
      fc.property(
        vetoes,
        vetoes,
        played,
        played,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (va, vb, ra, rb, x) => {
          const map = chooseMap({
            pool: testPool,
            vetoes: [va, vb],
            recent: [ra, rb],
            memory: 2,
            random: fixed(x),
          });
          expect(map).not.toBeNull();
          expect(va.includes(map as string) || vb.includes(map as string)).toBe(false);
          const latest = (r: typeof ra) =>
            [...r].sort((a, b) => b.playedAtMs - a.playedAtMs).slice(0, 2);
          const recent = new Set([...latest(ra), ...latest(rb)].map((p) => p.mapId));
          const fresh = testPool.filter(
            (m) => !va.includes(m) && !vb.includes(m) && !recent.has(m),
          );
          if (fresh.length > 0) expect(recent.has(map as string)).toBe(false);
        },
      ),
    );
  });

  it('puts back the oldest excluded map when nothing else is left', () => {
    const map = chooseMap({
      pool: ['a', 'b', 'c'],
      vetoes: [['c'], []],
      recent: [[{ mapId: 'a', playedAtMs: 5 }], [{ mapId: 'b', playedAtMs: 3 }]],
      memory: 2,
      random: fixed(0.99),
    });
    expect(map).toBe('b');
  });

  it('returns null when the vetoes cover the pool, and picks uniformly otherwise', () => {
    expect(
      chooseMap({
        pool: ['a'],
        vetoes: [['a'], []],
        recent: [[], []],
        memory: 2,
        random: fixed(0),
      }),
    ).toBeNull();
    const pick = (x: number) =>
      chooseMap({
        pool: ['a', 'b', 'c', 'd'],
        vetoes: [[], []],
        recent: [[], []],
        memory: 2,
        random: fixed(x),
      });
    expect([0, 0.25, 0.5, 0.99, 1, Number.NaN].map(pick)).toEqual(['a', 'b', 'c', 'd', 'd', 'a']);
  });
});

describe('greedyWave (the predecessor baseline)', () => {
  it('forms only B–C in the [MM-3] example, where the global matching forms two pairs', () => {
    // B has waited longest, so the predecessor's order lets B pick first.
    const pool = [
      entry('A', 1500, null, { joinedAtMs: 9 }),
      entry('B', 1600, null),
      entry('C', null, 1560),
      entry('D', null, 1700),
    ];
    const s = defaultRulesConfig.matchmaking;
    expect(
      greedyWave(pool, testPool, s).pairs.map((p) => `${p.bw.playerId}-${p.sc2.playerId}`),
    ).toEqual(['B-C']);
    expect(pairWave(pool, testPool, s).pairs).toHaveLength(2);
  });

  it('keeps the same invariants: one match each, BW vs SC2, windows', () => {
    const s = defaultRulesConfig.matchmaking;
    fc.assert(
      fc.property(arbitraryPool(40), (pool) => {
        const seen = new Set<string>();
        const result = greedyWave(pool, testPool, s);
        for (const p of result.pairs) {
          expect(seen.has(p.bw.playerId) || seen.has(p.sc2.playerId)).toBe(false);
          seen.add(p.bw.playerId).add(p.sc2.playerId);
          expect(p.bw.bw).not.toBeNull();
          expect(p.sc2.sc2).not.toBeNull();
        }
        expect(result.pairs.length).toBeLessThanOrEqual(pairWave(pool, testPool, s).pairs.length);
      }),
      { numRuns: 100 },
    );
  });
});
