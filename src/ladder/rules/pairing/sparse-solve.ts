import { resolveAssignment, solveAssignment, type Assignment } from './assignment.js';
import { TopK, triplesToGraph } from './top-k.js';
import type { GeneralGraph } from './general-graph.js';

// An exact assignment over a large symmetric graph without handing the solver every edge:
// solve over each player's few best opponents, then scan every edge against the solution's
// potentials and add those that could still lower the cost. When none is left, the potentials
// certify the sparse answer optimal for the whole graph (LP duality).

/** Opponents per player in the first sparse solve, by gap and latency. */
const sparseDegree = 8;
/** Rounds of adding improving edges before solving over every edge. */
const maxRounds = 6;
/** Most negative edges added per matched row and round. */
const perRow = 16;

/** Solves the min-cost maximum assignment of `g` (rows × cols) exactly. */
export function solveByRounds(g: GeneralGraph): Assignment {
  const n = g.rows;
  const base = baseEdges(g);
  let extra = { row: [] as number[], col: [] as number[], cost: [] as number[] };
  let previous: Assignment | null = null;

  for (let round = 0; ; round += 1) {
    if (round >= maxRounds) return solveAssignment(g, g.bounds);
    const t = base.count + extra.row.length;
    const row = new Int32Array(t);
    const col = new Int32Array(t);
    const cost = new Float64Array(t);
    row.set(base.row.subarray(0, base.count));
    col.set(base.col.subarray(0, base.count));
    cost.set(base.cost.subarray(0, base.count));
    row.set(extra.row, base.count);
    col.set(extra.col, base.count);
    cost.set(extra.cost, base.count);

    const sparse = triplesToGraph(n, g.cols, { row, col, cost, count: t });
    // Later rounds keep the previous solution where it is still provably optimal.
    const warm: Assignment | null =
      previous === null ? null : resolveAssignment(sparse, g.bounds, previous);
    const attempt: Assignment = warm ?? solveAssignment(sparse, g.bounds);
    const more = improving(g, attempt);
    if (more.row.length === 0) return attempt;

    extra = {
      row: extra.row.concat(more.row),
      col: extra.col.concat(more.col),
      cost: extra.cost.concat(more.cost),
    };
    previous = attempt;
  }
}

/** Each row's `sparseDegree` best edges, in both directions so the graph stays symmetric. */
function baseEdges(g: GeneralGraph): {
  row: Int32Array;
  col: Int32Array;
  cost: Float64Array;
  count: number;
} {
  const n = g.rows;
  const best = new TopK(n, sparseDegree);
  for (let r = 0; r < n; r += 1) {
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      const key = g.pairPart[e] as number;
      if (best.accepts(r, key)) best.offer(r, e, key);
    }
  }

  const size = n * sparseDegree * 2;
  const out = {
    row: new Int32Array(size),
    col: new Int32Array(size),
    cost: new Float64Array(size),
  };
  let count = 0;
  for (let r = 0; r < n; r += 1) {
    best.each(r, (e) => {
      const j = g.col[e] as number;
      const c = g.cost[e] as number;
      [out.row[count], out.col[count], out.cost[count]] = [r, j, c];
      [out.row[count + 1], out.col[count + 1], out.cost[count + 1]] = [j, r, c];
      count += 2;
    });
  }
  return { ...out, count };
}

/**
 * Edges of negative reduced cost under `solved`: all of them for unmatched rows and for edges
 * into unmatched columns (the graph may hold more pairs), else the most negative per row.
 */
function improving(
  g: GeneralGraph,
  solved: Assignment,
): { row: number[]; col: number[]; cost: number[] } {
  const out = { row: [] as number[], col: [] as number[], cost: [] as number[] };
  const worst = new TopK(1, perRow);
  const taken = new Uint8Array(g.cols);
  for (const j of solved.match) if (j >= 0) taken[j] = 1;

  for (let r = 0; r < g.rows; r += 1) {
    const base = solved.shift + (solved.rowPot[r] as number);
    const unmatched = solved.match[r] === -1;
    worst.reset(0);
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      const j = g.col[e] as number;
      const reduced = (g.cost[e] as number) + base - (solved.colPot[j] as number);
      if (reduced >= -1e-7) continue;
      if (unmatched || taken[j] === 0) {
        out.row.push(r);
        out.col.push(j);
        out.cost.push(g.cost[e] as number);
      } else {
        worst.offer(0, e, reduced);
      }
    }

    worst.each(0, (e) => {
      out.row.push(r);
      out.col.push(g.col[e] as number);
      out.cost.push(g.cost[e] as number);
    });
  }
  return out;
}
