import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../../src/ladder/rules/config.js';
import { solveWave } from '../../../../src/ladder/rules/pairing/pair-wave.js';
import type { RegionCode } from '../../../../src/ladder/rules/regions.js';
import { arbitraryPool, testPool } from '../wave-fixtures.js';
import { bruteForce } from './brute-force.js';
import { checkCertificate } from './certificate.js';

// The exact wave against brute force over every matching, on small random waves with all the
// rules in play: two-game players, windows, vetoes, regions and forbidden region pairs.

const regions: RegionCode[] = ['EUW', 'NAW', 'KRJ', 'OCE', 'SAM'];
const settings = fc.record({
  windowBase: fc.constantFrom(50, 100, 250, 600),
  windowGrowth: fc.constantFrom(0, 50),
  waitBonus: fc.constantFrom(0, 20, 45),
  forbidden: fc.subarray(
    regions.flatMap((a, i) => regions.slice(i).map((b) => [a, b] as [RegionCode, RegionCode])),
    { maxLength: 4 },
  ),
});

describe('the exact wave', () => {
  it('equals brute force on waves of up to 12 players, and proves it', () => {
    fc.assert(
      fc.property(arbitraryPool(12, regions), settings, (pool, x) => {
        const s = {
          ...defaultRulesConfig.matchmaking,
          windowBase: x.windowBase,
          windowGrowth: x.windowGrowth,
          waitBonus: x.waitBonus,
          forbiddenPairs: x.forbidden,
        };
        const maps = testPool.slice(0, 5);
        const { result, certificate } = solveWave(pool, maps, s);
        const expected = bruteForce(pool, maps, s);
        expect(result.exact).toBe(true);
        expect(result.pairs.length).toBe(expected.pairs);
        expect(result.pairs.reduce((sum, p) => sum + p.cost, 0)).toBeCloseTo(expected.cost, 6);
        expect(checkCertificate(certificate, maps, s).problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps fractional ratings exact to the rounding of its certificate', () => {
    fc.assert(
      fc.property(
        arbitraryPool(10, regions),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pool, f) => {
          const s = defaultRulesConfig.matchmaking;
          const glicko = pool.map((e, i) => ({
            ...e,
            bw: e.bw && { ...e.bw, rating: e.bw.rating + ((f * (i + 1)) % 1) },
            sc2: e.sc2 && { ...e.sc2, rating: e.sc2.rating + ((f * (i + 3)) % 1) },
          }));
          const { result, certificate } = solveWave(glicko, testPool, s);
          const expected = bruteForce(glicko, testPool, s);
          expect(result.pairs.length).toBe(expected.pairs);
          // Rounding to 2^-20 of a point moves each pair by under 1e-5: totals agree to that.
          const total = result.pairs.reduce((sum, p) => sum + p.cost, 0);
          expect(Math.abs(total - expected.cost)).toBeLessThan(1e-4);
          expect(checkCertificate(certificate, testPool, s).problems).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
