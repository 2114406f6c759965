import type { Assignment } from './assignment.js';
import type { GeneralGraph } from './general-graph.js';

// Splitting a double-cover assignment (see `waveBound`) into a matching of the graph:
// the cover's rows follow vertex-disjoint paths and cycles; each path and even cycle gives its
// best matching, which has half the cover's rows on it and at most half its cost.

/** A matching: each vertex's partner, or −1. */
export interface GeneralMatching {
  mate: Int32Array;
  pairs: number;
  cost: number;
  /** False only when the search budget ran out before optimality was proven. */
  exact: boolean;
}

/** The index in `g` of edge (r, j). */
export function edgeOf(g: GeneralGraph, r: number, j: number): number {
  for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
    if (g.col[e] === j) return e;
  }
  return -1;
}

/**
 * Splits a cover assignment into a matching of `g`: each path and even cycle by the best
 * matching along it; an odd cycle minus its last vertex likewise, and it is reported.
 */
export function extract(
  g: GeneralGraph,
  cover: Assignment,
): { matching: GeneralMatching; oddCycle: number[] | null; coverRows: number; coverCost: number } {
  const n = g.rows;
  const next = cover.match;
  const prev = new Int32Array(n).fill(-1);
  let coverRows = 0;
  let coverCost = 0;
  for (let r = 0; r < n; r += 1) {
    const j = next[r] as number;
    if (j < 0) continue;
    prev[j] = r;
    coverRows += 1;
    coverCost += g.cost[edgeOf(g, r, j)] as number;
  }

  const mate = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const matching = { mate, pairs: 0, cost: 0, exact: true };
  let oddCycle: number[] | null = null;

  for (let v0 = 0; v0 < n; v0 += 1) {
    if (seen[v0] === 1) continue;
    // Walk back to the path's first vertex, or once round a cycle.
    let head = v0;
    while (prev[head] !== -1 && prev[head] !== v0) head = prev[head] as number;
    const isCycle = prev[head] === v0;
    if (isCycle) head = v0;

    const seq: number[] = [];
    for (let v = head; v !== -1 && seen[v] === 0; v = next[v] as number) {
      seen[v] = 1;
      seq.push(v);
    }

    if (isCycle && seq.length % 2 === 1 && seq.length > 1) {
      if (oddCycle === null || seq.length < oddCycle.length) oddCycle = [...seq];
      seq.pop();
      take(g, seq, false, matching);
    } else {
      take(g, seq, isCycle && seq.length > 2, matching);
    }
  }
  return { matching, oddCycle, coverRows, coverCost };
}

/** Adds the best matching along `seq` (a path, or an even cycle when `closed`) to `into`. */
function take(g: GeneralGraph, seq: number[], closed: boolean, into: GeneralMatching): void {
  if (seq.length < 2) return;
  const options = closed ? [seq, [...seq.slice(1), seq[0] as number]] : [seq];
  let chosen: number[] = [];
  let chosenCost = Infinity;

  // Both options of an even cycle have the same number of pairs.
  for (const path of options) {
    const { starts, cost } = bestOnPath(g, path);
    if (cost < chosenCost) [chosen, chosenCost] = [starts.map((i) => path[i] as number), cost];
  }

  const at = new Map(seq.map((v, i) => [v, i] as const));
  for (const u of chosen) {
    const v = seq[((at.get(u) as number) + 1) % seq.length] as number;
    into.mate[u] = v;
    into.mate[v] = u;
    into.pairs += 1;
    into.cost += g.cost[edgeOf(g, u, v)] as number;
  }
}

/** Positions i of the edges (path[i], path[i+1]) of the most pairs, then least cost. */
function bestOnPath(g: GeneralGraph, path: number[]): { starts: number[]; cost: number } {
  // count[i], cost[i]: the best matching of path[0..i); uses[i]: whether it takes the last edge.
  const len = path.length;
  const count = new Int32Array(len + 1);
  const cost = new Float64Array(len + 1);
  const uses = new Uint8Array(len + 1);
  for (let i = 2; i <= len; i += 1) {
    const e = edgeOf(g, path[i - 2] as number, path[i - 1] as number);
    const withCount = (count[i - 2] as number) + 1;
    const withCost = (cost[i - 2] as number) + (g.cost[e] as number);
    const skipCount = count[i - 1] as number;
    const use =
      withCount > skipCount || (withCount === skipCount && withCost < (cost[i - 1] as number));
    count[i] = use ? withCount : skipCount;
    cost[i] = use ? withCost : (cost[i - 1] as number);
    uses[i] = use ? 1 : 0;
  }

  const starts: number[] = [];
  for (let i = len; i >= 2;) {
    if (uses[i] === 1) {
      starts.push(i - 2);
      i -= 2;
    } else {
      i -= 1;
    }
  }
  return { starts, cost: cost[len] as number };
}
