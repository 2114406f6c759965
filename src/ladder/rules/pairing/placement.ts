import { resolveAssignment, solveAssignment, type Assignment } from './assignment.js';
import { WaveGraph, type Candidate, type GraphContext } from './wave-graph.js';
import type { WavePair } from './wave-types.js';

// The fast first answer of a wave: players who queued both games are placed on a side, then
// the two sides are matched exactly (assignment.ts). With few such players every placement is
// tried, which is exact; with many, a placement is chosen by balance and fit, and the result
// is the starting point that the exact general matching (general-matching.ts) improves on.

/** Placements are all tried while 2^both × pool stays under this, or the pool is this small. */
const exhaustiveBudget = 512;
const exhaustivePool = 8;
/** Single-player side flips are tried while both × pool stays under this. */
const flipBudget = 4_096;

/**
 * Pairs `candidates` by side placement; `exhaustive` when every placement was tried. `hint`
 * places two-game players when not every placement is tried; the rest are placed by fit.
 */
export function placeAndMatch(
  candidates: Candidate[],
  context: GraphContext,
  hint: ReadonlyMap<Candidate, boolean> | null = null,
): { pairs: WavePair[]; total: number; edges: number; exhaustive: boolean } {
  const both = candidates.filter((c) => c.entry.bw && c.entry.sc2);
  const bwOnly = candidates.filter((c) => c.entry.bw && !c.entry.sc2);
  const sc2Only = candidates.filter((c) => !c.entry.bw && c.entry.sc2);

  const run = (onBw: readonly boolean[]) =>
    evaluate(
      [...bwOnly, ...both.filter((_, i) => onBw[i])],
      [...sc2Only, ...both.filter((_, i) => !onBw[i])],
      context,
    );

  let chosen: Evaluated;
  const exhaustive =
    candidates.length <= exhaustivePool ||
    (both.length <= 20 && 2 ** both.length * candidates.length <= exhaustiveBudget);
  if (exhaustive) {
    chosen = run([]);
    for (const onBw of allPlacements(both.length)) {
      const result = run(onBw);
      if (isBetter(result, chosen)) chosen = result;
    }
  } else {
    // NOTE: past the exhaustive budget the side placement is a heuristic: by the hint (the
    // fractional matching's sides) or by fit, then on mid-sized waves each two-game player left
    // unpaired tries the other side once. The matching for the chosen placement is exact;
    // pair-wave.ts proves or improves the whole answer for waves up to its exact pool size.
    const onBw = placeByFit(bwOnly, sc2Only, both).map((fit, i) =>
      hint === null ? fit : (hint.get(both[i] as Candidate) ?? fit),
    );
    chosen = run(onBw);
    if (both.length * candidates.length <= flipBudget) {
      const paired = new Set(chosen.pairs.flatMap((p) => [p.bw.playerId, p.sc2.playerId]));
      for (let i = 0; i < onBw.length; i += 1) {
        if (paired.has((both[i] as Candidate).entry.playerId)) continue;
        onBw[i] = !onBw[i];
        const result = run(onBw);
        if (isBetter(result, chosen)) chosen = result;
        else onBw[i] = !onBw[i];
      }
    }
  }

  return { pairs: chosen.pairs, total: chosen.total, edges: chosen.edges, exhaustive };
}

/** The pairs of one side placement and their total cost. */
export interface Evaluated {
  pairs: WavePair[];
  total: number;
  edges: number;
  /** Solves needed until the potentials proved the answer optimal. */
  rounds: number;
}

function isBetter(a: Evaluated, b: Evaluated): boolean {
  if (a.pairs.length !== b.pairs.length) return a.pairs.length > b.pairs.length;
  return a.total < b.total - 1e-9;
}

/** Edges per player in the first sparse solve. */
const sparseDegree = 8;
/** Rounds of adding improving edges before solving over every allowed edge. */
const maxRounds = 6;

/** Matches a fixed BW side against a fixed SC2 side: most pairs, then least total cost. */
export function evaluate(left: Candidate[], right: Candidate[], context: GraphContext): Evaluated {
  const graph = new WaveGraph(left, right, context);
  let extra: [number, number, number][] = [];
  let solved: Assignment | null = null;
  let edges = 0;
  let rounds = 0;

  // Solve over the cheapest edges, then add every edge the potentials say could still lower
  // the cost; when none is left, the potentials prove the sparse answer optimal for all edges.
  let previous: Assignment | null = null;
  for (let round = 0; solved === null; round += 1) {
    rounds = round + 1;
    const sparse = round < maxRounds ? graph.sparse(sparseDegree, extra) : graph.full();
    // Later rounds keep the previous solution where it is still provably optimal.
    const warm: Assignment | null =
      previous === null || round >= maxRounds
        ? null
        : resolveAssignment(sparse.graph, sparse.bounds, previous);
    const attempt: Assignment = warm ?? solveAssignment(sparse.graph, sparse.bounds);
    const more = graph.improving(attempt);
    edges = sparse.allowed;
    if (more.length === 0) solved = attempt;
    else extra = extra.concat(more);
    previous = attempt;
  }

  const pairs: WavePair[] = [];
  let total = 0;
  for (let row = 0; row < solved.match.length; row += 1) {
    const col = solved.match[row] as number;
    if (col < 0) continue;
    const pair = graph.pairOf(row, col);
    pairs.push(pair);
    total += pair.cost;
  }

  return { pairs, total, edges, rounds };
}

function allPlacements(k: number): boolean[][] {
  const out: boolean[][] = [];
  for (let mask = 0; mask < 2 ** k; mask += 1) {
    out.push(Array.from({ length: k }, (_, i) => (mask & (1 << i)) !== 0));
  }
  return out;
}

/**
 * Places each two-game player where its rating sits closest to the other side's players, then
 * moves the least committed ones until the sides are as even as the pool allows.
 */
function placeByFit(bwOnly: Candidate[], sc2Only: Candidate[], both: Candidate[]): boolean[] {
  const sc2Ratings = [...sc2Only, ...both]
    .map((c) => c.entry.sc2?.rating ?? 0)
    .sort((a, b) => a - b);
  const bwRatings = [...bwOnly, ...both].map((c) => c.entry.bw?.rating ?? 0).sort((a, b) => a - b);
  const k = both.length;
  const wantBw = Math.min(k, Math.max(0, Math.round((sc2Only.length + k - bwOnly.length) / 2)));

  const lean = both.map((c, i) => ({
    i,
    score:
      nearest(sc2Ratings, c.entry.bw?.rating ?? 0) - nearest(bwRatings, c.entry.sc2?.rating ?? 0),
  }));
  lean.sort((a, b) => a.score - b.score || a.i - b.i);

  const onBw = new Array<boolean>(k).fill(false);
  for (const { i } of lean.slice(0, wantBw)) onBw[i] = true;
  return onBw;
}

function nearest(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }

  const above = sorted[lo];
  const below = sorted[lo - 1];
  const a = above === undefined ? 1e9 : above - value;
  const b = below === undefined ? 1e9 : value - below;
  return Math.min(a, b);
}
