import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  resolveAssignment,
  solveAssignment,
  type SparseGraph,
} from '../../../src/ladder/rules/pairing/assignment.js';

// Random sparse bipartite graphs as edge lists, turned into compressed rows.
const arbitraryGraph = fc
  .record({ rows: fc.integer({ min: 0, max: 6 }), cols: fc.integer({ min: 0, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc
      .uniqueArray(
        fc.record({
          r: fc.integer({ min: 0, max: Math.max(0, rows - 1) }),
          c: fc.integer({ min: 0, max: Math.max(0, cols - 1) }),
          cost: fc.integer({ min: -300, max: 300 }),
        }),
        { selector: (e) => `${e.r}:${e.c}`, maxLength: rows * cols },
      )
      .map((edges) => toGraph(rows, cols, rows && cols ? edges : [])),
  );

function toGraph(
  rows: number,
  cols: number,
  edges: { r: number; c: number; cost: number }[],
): SparseGraph {
  const sorted = [...edges].sort((a, b) => a.r - b.r);
  const start = new Int32Array(rows + 1);
  for (const e of sorted) start[e.r + 1] = (start[e.r + 1] as number) + 1;
  for (let r = 0; r < rows; r += 1) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
  return {
    rows,
    cols,
    start,
    col: Int32Array.from(sorted, (e) => e.c),
    cost: Float64Array.from(sorted, (e) => e.cost),
  };
}

// Keeps the edges whose index passes `keep`, as a smaller graph over the same rows and columns.
function subgraph(g: SparseGraph, keep: (e: number) => boolean): SparseGraph {
  const edges: { r: number; c: number; cost: number }[] = [];
  for (let r = 0; r < g.rows; r += 1) {
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      if (keep(e)) edges.push({ r, c: g.col[e] as number, cost: g.cost[e] as number });
    }
  }
  return toGraph(g.rows, g.cols, edges);
}

function totals(g: SparseGraph, match: Int32Array): { pairs: number; cost: number } {
  let pairs = 0;
  let cost = 0;
  for (let r = 0; r < g.rows; r += 1) {
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      if (g.col[e] === match[r]) {
        pairs += 1;
        cost += g.cost[e] as number;
      }
    }
  }
  return { pairs, cost };
}

function brute(g: SparseGraph): { pairs: number; cost: number } {
  const go = (r: number, used: Set<number>): { pairs: number; cost: number } => {
    if (r === g.rows) return { pairs: 0, cost: 0 };
    let best = go(r + 1, used);
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      const c = g.col[e] as number;
      if (used.has(c)) continue;
      const sub = go(r + 1, new Set(used).add(c));
      const cand = { pairs: sub.pairs + 1, cost: sub.cost + (g.cost[e] as number) };
      if (cand.pairs > best.pairs || (cand.pairs === best.pairs && cand.cost < best.cost))
        best = cand;
    }
    return best;
  };
  return go(0, new Set());
}

describe('solveAssignment', () => {
  it('matches brute force: most pairs, then least cost', () => {
    fc.assert(
      fc.property(arbitraryGraph, (g) => {
        const { match } = solveAssignment(g);
        let pairs = 0;
        let cost = 0;
        const used = new Set<number>();
        for (let r = 0; r < g.rows; r += 1) {
          const c = match[r] as number;
          if (c < 0) continue;
          expect(used.has(c)).toBe(false);
          used.add(c);
          let found = false;
          for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
            if (g.col[e] === c) {
              found = true;
              cost += g.cost[e] as number;
            }
          }
          expect(found).toBe(true);
          pairs += 1;
        }
        expect({ pairs, cost }).toEqual(brute(g));
      }),
      { numRuns: 500 },
    );
  });

  it('returns potentials under which no edge has a negative reduced cost', () => {
    fc.assert(
      fc.property(arbitraryGraph, (g) => {
        const solved = solveAssignment(g);
        for (let r = 0; r < g.rows; r += 1) {
          for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
            const reduced =
              (g.cost[e] as number) +
              solved.shift +
              (solved.rowPot[r] as number) -
              (solved.colPot[g.col[e] as number] as number);
            expect(reduced).toBeGreaterThanOrEqual(-1e-7);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('re-solves after edges are added with the optimum of the whole graph', () => {
    let kept = 0;
    fc.assert(
      fc.property(arbitraryGraph, fc.integer({ min: 2, max: 4 }), (g, every) => {
        let min = 0;
        let max = 0;
        for (const c of g.cost) [min, max] = [Math.min(min, c), Math.max(max, c)];
        const bounds = { min, max };
        const first = solveAssignment(
          subgraph(g, (e) => e % every !== 0),
          bounds,
        );
        const again = resolveAssignment(g, bounds, first);
        if (again === null) return;
        kept += 1;
        expect(totals(g, again.match)).toEqual(brute(g));
      }),
      { numRuns: 500 },
    );
    // The warm start never has to give up, and the check above ran every time.
    expect(kept).toBe(500);
  });
});
