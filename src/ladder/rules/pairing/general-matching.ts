import { edgeOf, extract, type GeneralMatching } from './cover-split.js';
import type { GeneralGraph } from './general-graph.js';
import { solveByRounds } from './sparse-solve.js';

// Minimum-cost maximum matching on the general allowed-pair graph, exact, with a bipartite
// solver. The bipartite double cover (every player once as a row, once as a column, each pair
// as two edges) solves the fractional matching LP: a matching of k pairs costing c gives a
// cover assignment of 2k rows costing 2c, so the cover's optimum bounds every matching. When
// the cover has no odd cycle, its split (cover-split.ts) is optimal. An odd cycle needs branch
// and bound: one branch per cycle vertex, leaving both its cycle edges out (any matching
// leaves some vertex of an odd cycle without a cycle edge).
//
// Two phases, because an odd cycle also lends the cover half a pair more than any matching
// has, and then its cost bounds nothing: first the most pairs K, then the least cost of K
// pairs, where n − 2K zero-cost stand-in players make every K-pair matching a perfect one.

export type { GeneralMatching } from './cover-split.js';

/** Branch-and-bound nodes solved, over both phases, before the best found is returned. */
const maxNodes = 200;

/** Finds the most pairs, then the least total cost, over `g`, from an optional known matching. */
export function matchGeneral(g: GeneralGraph, start: Int32Array | null = null): GeneralMatching {
  const budget = { left: maxNodes };
  const root = extract(g, solveByRounds(g));
  budget.left -= 1;
  if (root.oddCycle === null) return root.matching;

  const known = start === null ? null : fromMates(g, start);
  const most = search(
    g,
    root,
    budget,
    {
      rank: (node) => -node.coverRows,
      isPruned: (node, best) => Math.floor(node.coverRows / 2) <= best.pairs,
    },
    known !== null && isBetter(known, root.matching) ? known : null,
  );
  const k = most.pairs;
  if (k === 0) return most;

  // Phase 2 over g plus stand-ins: a node is worth opening only if it still has a perfect
  // fractional matching cheaper than the best.
  const n = g.rows;
  const padded = withStandIns(g, n - 2 * k);
  const paddedRoot = extract(padded, solveByRounds(padded));
  budget.left -= 1;
  const seed = { ...most, mate: pad(most.mate, padded.rows), pairs: padded.rows / 2 };
  const best = search(
    padded,
    paddedRoot,
    budget,
    {
      rank: (node) => node.coverCost,
      isPruned: (node, b) => node.coverRows < padded.rows || node.coverCost / 2 >= b.cost - 1e-9,
      isFeasible: (m) => m.pairs === padded.rows / 2,
    },
    seed,
  );

  // Drop the stand-ins: their pairs are players left unpaired.
  const mate = best.mate.slice(0, n).map((v) => (v >= n ? -1 : v));
  const pairs = best.pairs - (n - 2 * k);
  return { mate, pairs, cost: best.cost, exact: most.exact && best.exact };
}

type Node = ReturnType<typeof extract>;

/**
 * Best-first branch and bound from `root`: the open node of least `rank` (its bound) is
 * split first; `isPruned` says when a node cannot beat the best, `isFeasible` which split
 * matchings may become the best.
 */
function search(
  g: GeneralGraph,
  root: Node,
  budget: { left: number },
  rule: {
    rank: (node: Node) => number;
    isPruned: (node: Node, best: GeneralMatching) => boolean;
    isFeasible?: (m: GeneralMatching) => boolean;
  },
  seed: GeneralMatching | null = null,
): GeneralMatching {
  const isFeasible = rule.isFeasible ?? (() => true);
  let best = seed ?? root.matching;
  if (isFeasible(root.matching) && isBetter(root.matching, best)) best = root.matching;
  const open: { node: Node; forbidden: Set<number> }[] = [{ node: root, forbidden: new Set() }];
  // Different branch orders reach the same edge sets; solve each once.
  const tried = new Set<string>();

  while (open.length > 0) {
    let at = 0;
    for (let i = 1; i < open.length; i += 1) {
      if (
        rule.rank((open[i] as { node: Node }).node) < rule.rank((open[at] as { node: Node }).node)
      )
        at = i;
    }
    const { node, forbidden } = open.splice(at, 1)[0] as { node: Node; forbidden: Set<number> };
    if (node.oddCycle === null || rule.isPruned(node, best)) continue;

    const cycle = node.oddCycle;
    const k = cycle.length;
    for (let i = 0; i < k; i += 1) {
      const v = cycle[i] as number;
      const child = new Set(forbidden);
      for (const u of [cycle[(i + k - 1) % k] as number, cycle[(i + 1) % k] as number]) {
        child.add(v * g.rows + u).add(u * g.rows + v);
      }
      const key = [...child].sort((a, b) => a - b).join();
      if (tried.has(key)) continue;
      tried.add(key);

      if (budget.left <= 0) return { ...best, exact: false };
      budget.left -= 1;
      const solved = extract(g, solveByRounds(without(g, child)));
      if (isFeasible(solved.matching) && isBetter(solved.matching, best)) best = solved.matching;
      if (!rule.isPruned(solved, best)) open.push({ node: solved, forbidden: child });
    }
  }
  return best;
}

function isBetter(a: GeneralMatching, b: GeneralMatching): boolean {
  if (a.pairs !== b.pairs) return a.pairs > b.pairs;
  return a.cost < b.cost - 1e-9;
}

/** A matching given as partners, with its size and cost; null if it uses a missing edge. */
function fromMates(g: GeneralGraph, mate: Int32Array): GeneralMatching | null {
  let pairs = 0;
  let cost = 0;
  for (let v = 0; v < mate.length; v += 1) {
    const u = mate[v] as number;
    if (u <= v) continue;
    const e = edgeOf(g, v, u);
    if (e < 0 || mate[u] !== v) return null;
    pairs += 1;
    cost += g.cost[e] as number;
  }
  return { mate: Int32Array.from(mate), pairs, cost, exact: true };
}

function pad(mate: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size).fill(-1);
  out.set(mate);
  // Each unpaired player takes the next free stand-in.
  let next = mate.length;
  for (let v = 0; v < mate.length; v += 1) {
    if (mate[v] !== -1) continue;
    out[v] = next;
    out[next] = v;
    next += 1;
  }
  return out;
}
/** `g` without the pairs in `forbidden` (keys u·n + v, both directions present). */
function without(g: GeneralGraph, forbidden: Set<number>): GeneralGraph {
  const keep: number[] = [];
  const start = new Int32Array(g.rows + 1);
  for (let r = 0; r < g.rows; r += 1) {
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      if (!forbidden.has(r * g.rows + (g.col[e] as number))) keep.push(e);
    }
    start[r + 1] = keep.length;
  }

  const pick = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T =>
    a.constructor === Int32Array
      ? (Int32Array.from(keep, (e) => a[e] as number) as T)
      : a.constructor === Uint8Array
        ? (Uint8Array.from(keep, (e) => a[e] as number) as T)
        : (Float64Array.from(keep, (e) => a[e] as number) as T);
  return {
    ...g,
    start,
    col: pick(g.col),
    cost: pick(g.cost),
    pairPart: pick(g.pairPart),
    rowIsBw: pick(g.rowIsBw),
  };
}

/** `g` with `d` stand-ins, each a zero-cost opponent of every player and of no stand-in. */
function withStandIns(g: GeneralGraph, d: number): GeneralGraph {
  const n = g.rows;
  const size = g.col.length + 2 * n * d;
  const start = new Int32Array(n + d + 1);
  const col = new Int32Array(size);
  const cost = new Float64Array(size);
  // Stand-ins rank last among a player's opponents in the first sparse solve.
  const pairPart = new Float64Array(size).fill(Number.MAX_VALUE);
  const rowIsBw = new Uint8Array(size);

  let at = 0;
  for (let r = 0; r < n; r += 1) {
    const from = g.start[r] as number;
    const to = g.start[r + 1] as number;
    col.set(g.col.subarray(from, to), at);
    cost.set(g.cost.subarray(from, to), at);
    pairPart.set(g.pairPart.subarray(from, to), at);
    rowIsBw.set(g.rowIsBw.subarray(from, to), at);
    at += to - from;
    for (let z = 0; z < d; z += 1) col[at++] = n + z;
    start[r + 1] = at;
  }

  for (let z = 0; z < d; z += 1) {
    for (let v = 0; v < n; v += 1) col[at++] = v;
    start[n + z + 1] = at;
  }
  return { rows: n + d, cols: n + d, start, col, cost, pairPart, rowIsBw, bounds: g.bounds };
}
