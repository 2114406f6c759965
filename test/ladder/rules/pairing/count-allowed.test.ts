import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../../src/ladder/rules/config.js';
import { solveWave } from '../../../../src/ladder/rules/pairing/pair-wave.js';
import type { WaveEntry } from '../../../../src/ladder/rules/pairing/wave-types.js';
import { alphaPool } from '../../../../src/ladder/simulate/index.js';
import { arbitraryPool, communityPool, entry, testPool } from '../wave-fixtures.js';
import { checkCertificate } from './certificate.js';

// The count of allowed pairs a wave reports, against the certificate checker's own list of
// every pair. Without forbidden regions and with vetoes that cannot cover the pool, the count
// goes by window and binary search; otherwise by scanning. Fractional ratings test the edges
// of a window, where the binary search must agree with the pair rule's own subtraction.

const s = defaultRulesConfig.matchmaking;

/** Moves ratings by fractions of a point, so that gaps fall on odd values near the windows. */
function fractional(pool: WaveEntry[], f: number): WaveEntry[] {
  return pool.map((e, i) => ({
    ...e,
    bw: e.bw && { ...e.bw, rating: e.bw.rating + ((f * (i + 1)) % 1) },
    sc2: e.sc2 && { ...e.sc2, rating: e.sc2.rating + ((f * (i + 7)) % 1) },
  }));
}

describe('the allowed-pair count of a wave', () => {
  it('equals the list of every pair on random pools, with and without the fast count', () => {
    fc.assert(
      fc.property(
        arbitraryPool(40),
        fc.constantFrom(testPool, testPool.slice(0, 3)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (pool, maps, f, isForbidding) => {
          const settings = {
            ...s,
            windowBase: 300,
            forbiddenPairs: isForbidding ? [['EUW', 'KRJ'] as const] : [],
          };
          const entries = fractional(pool, f);
          const { result, certificate } = solveWave(entries, maps, settings);
          expect(result.allowedEdges).toBe(checkCertificate(certificate, maps, settings).allowed);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not count a player on both games against itself at the edge of its window', () => {
    // Window 150 after one wave: a's own ratings are exactly 150 apart.
    const pool = [entry('a', 1500, 1650), entry('b', null, 1500), entry('c', 1650, null)];
    const { result } = solveWave(pool, testPool, s);
    expect(result.allowedEdges).toBe(3);
  });

  it('equals the list of every pair on a community wave with fractional ratings', () => {
    const pool = fractional(communityPool(600, 7, null), 0.37);
    const { result, certificate } = solveWave(pool, alphaPool, s);
    expect(result.allowedEdges).toBe(checkCertificate(certificate, alphaPool, s).allowed);
    expect(result.allowedEdges).toBeGreaterThan(50_000);
  });
});
