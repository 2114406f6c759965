import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../src/ladder/rules/config.js';
import { solveAssignment } from '../../../src/ladder/rules/pairing/assignment.js';
import { evaluate } from '../../../src/ladder/rules/pairing/pair-wave.js';
import { WaveGraph, type Candidate } from '../../../src/ladder/rules/pairing/wave-graph.js';
import { buildRegionTables, windowFor } from '../../../src/ladder/rules/pairing/wave-types.js';
import { regionCodes } from '../../../src/ladder/rules/regions.js';
import { entry } from './wave-fixtures.js';

const s = defaultRulesConfig.matchmaking;
const regions = buildRegionTables(s);
const context = { regions, s, fullMask: 511 };

// Mid-sized sides, where the sparse start needs certification rounds and warm re-solves.
const side = (prefix: string, n: number) =>
  fc
    .array(
      fc.record({
        rating: fc.integer({ min: 900, max: 2300 }),
        region: fc.constantFrom(...regionCodes),
        waited: fc.integer({ min: 1, max: 8 }),
        veto: fc.integer({ min: 0, max: 511 }),
      }),
      { minLength: n / 2, maxLength: n },
    )
    .map((rows) =>
      rows.map((r, i): Candidate => ({
        entry: entry(`${prefix}${i}`, r.rating, r.rating, {
          region: r.region,
          wavesWaited: r.waited,
        }),
        region: regions.index.get(r.region) as number,
        // Few vetoes, as in play: at most four of nine maps.
        vetoMask: r.veto & 0b1111,
        window: windowFor(r.waited, s),
      })),
    );

describe('sparse matching with certification', () => {
  it('equals a solve over every allowed edge on random mid-sized sides', () => {
    let certifiedLater = 0;
    fc.assert(
      fc.property(side('l', 160), side('r', 160), (left, right) => {
        const got = evaluate(left, right, context);
        const graph = new WaveGraph(left, right, context);
        const all = graph.full();
        const reference = solveAssignment(all.graph, all.bounds);

        let pairs = 0;
        let total = 0;
        for (let row = 0; row < reference.match.length; row += 1) {
          const col = reference.match[row] as number;
          if (col < 0) continue;
          pairs += 1;
          total += graph.pairOf(row, col).cost;
        }
        expect(got.pairs.length).toBe(pairs);
        expect(got.total).toBeCloseTo(total, 6);
        expect(got.edges).toBe(all.allowed);
        if (got.rounds > 1) certifiedLater += 1;
      }),
      { numRuns: 40 },
    );
    // The check must have covered waves that needed added edges and warm re-solves.
    expect(certifiedLater).toBeGreaterThan(5);
  });
});
