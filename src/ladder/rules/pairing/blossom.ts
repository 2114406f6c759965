import { expandBlossom } from './blossom-expand.js';
import { blossomZero, BlossomForest, edgeTight, vertexZero } from './blossom-forest.js';
import { int32Scratch } from './scratch.js';

// Maximum-weight matching of a general graph: Edmonds' weighted blossom algorithm in its
// primal–dual form, following Galil's survey ("Efficient algorithms for finding maximum
// matching in graphs", 1986) and the structure of Van Rantwijk's public description of it.
// The tree machinery (labels, blossoms, augmentation) lives in blossom-forest.ts; this file
// owns the stages and the dual steps.
//
// Units: `dual[v]` is twice the LP vertex dual y_v and `dual[b]` (b ≥ n) is the blossom
// dual z_B, so an edge's slack is dual[u] + dual[v] − 2·w + 2·Σ z_B over blossoms holding both.
// With integer weights and even starting vertex duals every step stays an integer (the
// roots share a parity, and tight edges pass it on), so doubles hold the duals exactly.
//
// Invariant kept at every step, the certificate the caller checks (LP duality for the
// matching polytope): every slack ≥ 0, every dual ≥ 0, matched edges have slack 0, a blossom
// with z_B > 0 holds (|B| − 1)/2 matched pairs, and a vertex with dual > 0 is matched — except
// the roots of the current stage. Unlike the textbook start (every dual equal, so all free
// vertices reach 0 together), a jump-started run has free vertices with different duals; a
// root whose tree reaches dual 0 at some S-vertex v swaps the even path from the root to v,
// leaving v free at dual 0 and the root matched.

// Kept between solves and waves (scratch.ts).
const visitedScratch = int32Scratch();
const pathXScratch = int32Scratch();
const pathIScratch = int32Scratch();
const pathPScratch = int32Scratch();

/** A weighted graph on vertices 0..n−1: edge k joins `eu[k]` and `ev[k]`, weight `weight[k]`. */
export interface MatchingGraph {
  n: number;
  eu: Int32Array;
  ev: Int32Array;
  /** Integer-valued weights (see the units above). */
  weight: Float64Array;
}

/** A solved matching with its duals. */
export interface BlossomResult {
  /** Each vertex's partner, or −1. */
  mate: Int32Array;
  /** Twice y_v for v < n, z_B for blossoms (ids n..2n−1 that are in use). */
  dual: Float64Array;
  /** Parent blossom of each vertex or blossom, −1 at the top. */
  parent: Int32Array;
  /** Stages run: augmentations and root swaps, plus the last one. */
  stages: number;
}

/**
 * Finds a maximum-weight matching of `g`, starting from `start` when given: a matching (mates)
 * whose edges are tight under the even vertex duals `dual`, which must be feasible (slack ≥ 0
 * on every edge) and ≥ 0. Without a start, a greedy one is built.
 */
export function maxWeightMatching(
  g: MatchingGraph,
  start: { mate: Int32Array; dual: Float64Array } | null = null,
): BlossomResult {
  const f = new BlossomForest(g);
  if (start === null) greedyStart(f);
  else f.load(start.mate, start.dual);

  let stages = 0;
  const visited = visitedScratch.take(g.n).fill(0);
  // Tight paths come mostly from the start; once a pass finds none, later ones rarely do.
  let isTightWorthIt = true;
  // Roots are taken in vertex order; a vertex passed over stays done (matched or at dual 0).
  let root = 0;
  for (;;) {
    stages += 1;
    if (isTightWorthIt) isTightWorthIt = augmentTight(f, visited, stages) > 0;
    f.resetLabels();
    root = f.labelRoot(root);
    if (root === -1) break;
    runStage(f);
    f.settle();
    f.expandZeroSBlossoms();
  }
  return { mate: f.vertexMates(), dual: f.dual, parent: f.blossomParent, stages };
}

/**
 * Grows the tree of one root until an augmentation or a root swap; one stage. Like
 * Dijkstra's search in the shortest augmenting path method, it takes the events in the order
 * of the dual step that brings them, from a heap: a step costs O(log n), not a pass over the
 * forest, and the stage's work stays within the part of the graph its tree reaches.
 */
function runStage(f: BlossomForest): void {
  const { eu, ev } = f.g;
  for (;;) {
    if (f.scanQueue()) return;

    // The next event due. An early entry (labels changed since it was queued) is checked
    // here and queued again at its due step; one for a pair now in one blossom is dropped.
    for (;;) {
      const at = f.events.peekKey();
      const entry = f.events.pop();
      if (at > f.delta) f.delta = at;
      const kind = entry & 3;
      const id = entry >> 2;

      if (kind === vertexZero) {
        if (f.label[f.top(id)] !== 1) continue;
        const left = f.current(id);
        if (left > 0) {
          f.pushEvent(f.delta + left, id, vertexZero);
          continue;
        }
        f.swapToRoot(id);
        return;
      }

      if (kind === blossomZero) {
        if (f.blossomParent[id] !== -1 || f.base[id] === -1 || f.label[id] !== 2) continue;
        const left = f.current(id);
        if (left > 0) {
          f.pushEvent(f.delta + left, id, blossomZero);
          continue;
        }
        expandBlossom(f, id, false);
        break;
      }

      // An edge: from its S end, toward an unlabelled or S blossom.
      // Plain assignments: array destructuring allocated an array per event (0.5 MB a wave).
      // Each end's top-level blossom is found once: nothing below changes them.
      let s = eu[id] as number;
      let t = ev[id] as number;
      let p = 2 * id + 1;
      let bs = f.top(s);
      let bt = f.top(t);
      if (f.label[bs] !== 1) {
        s = t;
        t = eu[id] as number;
        p = 2 * id;
        const swap = bs;
        bs = bt;
        bt = swap;
      }
      const ls = f.label[bs] as number;
      const lt = f.label[bt] as number;
      if (ls !== 1 || lt === 2 || bs === bt) continue;
      const slack = f.slack(id);
      const left = lt === 1 ? slack / 2 : slack;
      if (left > 0) {
        f.pushEvent(f.delta + left, id, edgeTight);
        continue;
      }
      if (f.scanEdge(s, p)) return;
      break;
    }
  }
}

/**
 * A greedy start: each vertex's dual is its heaviest edge's weight (doubled duals, so every
 * edge is feasible), then each in turn lowers its dual until an edge is tight and takes that
 * edge when both ends are free.
 */
function greedyStart(f: BlossomForest): void {
  const { n, eu, ev, weight } = f.g;
  const dual = new Float64Array(n);
  const mate = new Int32Array(n).fill(-1);
  for (let k = 0; k < eu.length; k += 1) {
    const w = weight[k] as number;
    const [a, b] = [eu[k] as number, ev[k] as number];
    if (w > (dual[a] as number)) dual[a] = w;
    if (w > (dual[b] as number)) dual[b] = w;
  }
  // Weights are even (see pair-wave), so these duals are even too.

  for (let v = 0; v < n; v += 1) {
    const [from, to] = [f.adjStart[v] as number, f.adjStart[v + 1] as number];
    let need = 0;
    for (let i = from; i < to; i += 1) {
      const p = f.adj[i] as number;
      const d = 2 * (weight[p >> 1] as number) - (dual[f.endpoint(p)] as number);
      if (d > need) need = d;
    }
    dual[v] = need;
    if (mate[v] !== -1) continue;

    // Take the first tight edge to a free vertex; its other end keeps its dual, so it stays tight.
    for (let i = from; i < to; i += 1) {
      const p = f.adj[i] as number;
      const u = f.endpoint(p);
      if (mate[u] !== -1 || 2 * (weight[p >> 1] as number) - (dual[u] as number) !== need) continue;
      mate[v] = u;
      mate[u] = v;
      break;
    }
  }
  f.load(mate, dual);
}

/**
 * Augments along paths of tight edges between single vertices (no blossom on the path) from
 * each root, before a stage grows its forest: the duals stay as they are, and each such path
 * spares a whole stage. A depth-first search per root, vertices visited once per pass.
 */
function augmentTight(f: BlossomForest, visited: Int32Array, pass: number): number {
  let found = 0;
  const { n, mate, adj, adjStart, dual } = f;
  // The path as stacks of its outer vertices, their next edge and the edge they left by;
  // typed arrays, as each vertex enters a pass once, and no closure: these JS arrays were
  // 0.2 MB of garbage a wave.
  const pathX = pathXScratch.take(n);
  const pathI = pathIScratch.take(n);
  const pathP = pathPScratch.take(n);

  for (let r = 0; r < n; r += 1) {
    if (mate[r] !== -1 || (dual[r] as number) <= 0) continue;
    if (f.top(r) !== r || visited[r] === pass) continue;
    visited[r] = pass;
    let top = 0;
    pathX[0] = r;
    pathI[0] = adjStart[r] as number;

    while (top >= 0) {
      const x = pathX[top] as number;
      const i = pathI[top] as number;
      if (i === adjStart[x + 1]) {
        top -= 1;
        continue;
      }
      pathI[top] = i + 1;
      const p = adj[i] as number;
      const y = f.endpoint(p);
      if (f.top(y) !== y || visited[y] === pass || f.slack(p >> 1) !== 0) continue;
      visited[y] = pass;

      if (mate[y] === -1) {
        // Flip: each outer vertex on the path takes the edge it left by.
        pathP[top] = p;
        for (let l = 0; l <= top; l += 1) {
          const q = pathP[l] as number;
          mate[pathX[l] as number] = q;
          mate[f.endpoint(q)] = q ^ 1;
        }
        found += 1;
        break;
      }

      const next = f.endpoint(mate[y] as number);
      if (f.top(next) !== next || visited[next] === pass) continue;
      visited[next] = pass;
      pathP[top] = p;
      top += 1;
      pathX[top] = next;
      pathI[top] = adjStart[next] as number;
    }
  }
  return found;
}
