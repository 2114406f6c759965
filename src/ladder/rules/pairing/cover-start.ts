import type { MatchingGraph } from './blossom.js';
import { MinHeap } from './min-heap.js';
import { float64Scratch, int32Scratch, uint8Scratch } from './scratch.js';

// A start for the general matching (blossom.ts) from the optimum of its bipartite double
// cover: every vertex once as a row and once as a column, every edge (u, v) as row u–column v
// and row v–column u. The cover's optimum is the fractional matching bound; its duals summed
// per vertex are feasible for the general graph, and every pair the cover matched both ways is
// tight under them. The general run then only repairs around the odd cycles of the cover,
// where a player on both games closes one.
//
// The cover is solved here as an assignment, by shortest augmenting paths (Dijkstra over
// reduced costs, one per row left free by a greedy start and augmenting row reduction), in
// flat arrays. The general blossom code did the same job with its labels, blossom bookkeeping
// and per-stage resets: 311 stages and 10.4 ms on the 1000-player bench, against 4.9 ms for
// this file's first version in the same run (load 7), and 3.2 ms before row reduction.
//
// In cost form (cost = top − weight) the cover's duals are row potentials u and column
// potentials v with u(r) + v(c) ≤ cost(r, c), equal on matched edges. A vertex's doubled
// general dual is then top − u(x) − v(x): for an edge (x, z) the two cover edges give
// d(x) + d(z) ≥ 2·weight. Weights must be multiples of 4 (pool-graph.ts `costUnit`): every
// potential is then a sum of differences of costs, a multiple of 4, and the duals even.

/**
 * The cover of one wave's solves. The first `next` solves it; a later one, after pricing
 * added edges, resumes from the last cover: each row with a new edge that its potential
 * no longer allows lowers that potential and lets its column go, and only those rows are
 * augmented again. Pricing's pairs mostly fit the cover's duals already: of the 259 added on
 * the 1000 bench, 2 rows are released (9 and 37 on seeds 3 and 2), so this is much cheaper
 * than the first solve (0.25 against 3.2 ms).
 */
export class CoverStart {
  private readonly u: Float64Array;
  private readonly v: Float64Array;
  private readonly rowOf: Int32Array;
  private readonly colOf: Int32Array;
  /** Costs are top − weight with the first graph's heaviest weight, kept for later graphs. */
  private top = Number.NaN;

  constructor(private readonly n: number) {
    this.u = new Float64Array(n);
    this.v = new Float64Array(n);
    this.rowOf = new Int32Array(n).fill(-1);
    this.colOf = new Int32Array(n).fill(-1);
  }

  /**
   * The start for `g`, which must hold every edge of the graph of the last call (the cover's
   * potentials are kept): the cover's mutual pairs, and each vertex's doubled dual; null if
   * some dual came out negative (the weights' K was too small against the cost range for this
   * argument), in which case the caller starts from nothing. Both arrays are scratch (see
   * scratch.ts), valid until the next call.
   */
  next(g: MatchingGraph): { mate: Int32Array; dual: Float64Array } | null {
    const { n, u, v, rowOf, colOf } = this;
    const first = Number.isNaN(this.top);
    if (first) {
      let top = 0;
      for (let k = 0; k < g.weight.length; k += 1) {
        if ((g.weight[k] as number) > top) top = g.weight[k] as number;
      }
      this.top = top;
    }
    const { start, col, cost } = rows(g, this.top);
    if (first) greedy(n, start, col, cost, u, v, rowOf, colOf);
    else this.release(start, col, cost);
    rowReduction(n, start, col, cost, u, v, rowOf, colOf);
    const search = new PathSearch(n, start, col, cost, u, v, rowOf, colOf);
    for (let r = 0; r < n; r += 1) if (colOf[r] === -1) search.augment(r);

    const dual = startDual.take(n);
    for (let x = 0; x < n; x += 1) {
      dual[x] = this.top - (u[x] as number) - (v[x] as number);
      if ((dual[x] as number) < 0) return null;
    }
    const mate = startMate.take(n).fill(-1);
    for (let x = 0; x < n; x += 1) {
      const z = colOf[x] as number;
      if (z > x && colOf[z] === x) {
        mate[x] = z;
        mate[z] = x;
      }
    }
    return { mate, dual };
  }

  /** Lowers each row's potential to its least reduced cost where an edge went below it. */
  private release(start: Int32Array, col: Int32Array, cost: Float64Array): void {
    const { n, u, v, rowOf, colOf } = this;
    for (let r = 0; r < n; r += 1) {
      let least = Infinity;
      for (let e = start[r] as number; e < (start[r + 1] as number); e += 1) {
        const reduced = (cost[e] as number) - (v[col[e] as number] as number);
        if (reduced < least) least = reduced;
      }
      if (!(least < (u[r] as number))) continue;
      u[r] = least;
      // Its matched edge was tight at the old potential, so it is loose now.
      const j = colOf[r] as number;
      if (j === -1) continue;
      rowOf[j] = -1;
      colOf[r] = -1;
    }
  }
}

// The rows and the path search's arrays, kept between solves and waves (scratch.ts): a
// wave's two covers allocated 500 KB of them at 1,000 queued.
const rowStart = int32Scratch();
const rowFill = int32Scratch();
const rowCol = int32Scratch();
const rowCost = float64Scratch();
const searchDist = float64Scratch();
const searchPred = int32Scratch();
const searchDone = uint8Scratch();
const searchTouched = int32Scratch();
const searchFinished = int32Scratch();
const searchLevel = int32Scratch();
const startDual = float64Scratch();
const startMate = int32Scratch();
const searchHeap = new MinHeap(256);

/**
 * Each vertex's edges as a row of the cover (it is symmetric), cost = top − weight; in scratch
 * arrays, valid until the next call.
 */
function rows(
  g: MatchingGraph,
  top: number,
): { start: Int32Array; col: Int32Array; cost: Float64Array } {
  const { n, eu, ev, weight } = g;
  const m = eu.length;
  // Every array is taken before the loops, and the loops are followed by the return alone:
  // a loop's on-stack replacement, compiled in an early call, otherwise deoptimized at the
  // first step after it that had never run, on every later call.
  const start = rowStart.take(n + 1).fill(0);
  const col = rowCol.take(2 * m);
  const cost = rowCost.take(2 * m);
  const fill = rowFill.take(n);
  // Plain statements in these loops: destructuring an array literal per edge took a fifth of
  // the cover's time.
  for (let k = 0; k < m; k += 1) {
    const a = (eu[k] as number) + 1;
    const b = (ev[k] as number) + 1;
    start[a] = (start[a] as number) + 1;
    start[b] = (start[b] as number) + 1;
  }
  for (let x = 0; x < n; x += 1) {
    start[x + 1] = (start[x + 1] as number) + (start[x] as number);
    fill[x] = start[x] as number;
  }
  for (let k = 0; k < m; k += 1) {
    const a = eu[k] as number;
    const b = ev[k] as number;
    const c = top - (weight[k] as number);
    const i = fill[a] as number;
    const j = fill[b] as number;
    col[i] = b;
    cost[i] = c;
    fill[a] = i + 1;
    col[j] = a;
    cost[j] = c;
    fill[b] = j + 1;
  }
  return { start, col, cost };
}

/**
 * Column then row reduction, and each row takes a free column on a tight edge. A column's
 * edges are its vertex's edges (symmetry), so its least cost is its row's least cost.
 */
function greedy(
  n: number,
  start: Int32Array,
  col: Int32Array,
  cost: Float64Array,
  u: Float64Array,
  v: Float64Array,
  rowOf: Int32Array,
  colOf: Int32Array,
): void {
  // Two functions, one loop each, for the reason given in `rows`.
  reduceColumns(n, start, cost, v);
  reduceRows(n, start, col, cost, u, v, rowOf, colOf);
}

function reduceColumns(n: number, start: Int32Array, cost: Float64Array, v: Float64Array): void {
  for (let x = 0; x < n; x += 1) {
    let least = Infinity;
    for (let e = start[x] as number; e < (start[x + 1] as number); e += 1) {
      if ((cost[e] as number) < least) least = cost[e] as number;
    }
    v[x] = least === Infinity ? 0 : least;
  }
}

function reduceRows(
  n: number,
  start: Int32Array,
  col: Int32Array,
  cost: Float64Array,
  u: Float64Array,
  v: Float64Array,
  rowOf: Int32Array,
  colOf: Int32Array,
): void {
  for (let r = 0; r < n; r += 1) {
    let least = Infinity;
    let free = -1;
    for (let e = start[r] as number; e < (start[r + 1] as number); e += 1) {
      const j = col[e] as number;
      const reduced = (cost[e] as number) - (v[j] as number);
      if (reduced < least || (reduced === least && free === -1 && rowOf[j] === -1)) {
        least = reduced;
        free = rowOf[j] === -1 ? j : -1;
      }
    }
    u[r] = least === Infinity ? 0 : least;
    if (free !== -1) {
      rowOf[free] = r;
      colOf[r] = free;
    }
  }
}

const reductionFree = int32Scratch();

/** Passes of augmenting row reduction over the free rows, as in Jonker and Volgenant. */
const reductionPasses = 2;

/**
 * Augmenting row reduction (Jonker–Volgenant): a free row takes its cheapest column at the
 * reduced cost of its second cheapest, that column's potential lowered by the difference, so
 * the row's edge is tight and every reduced cost stays ≥ 0; the row it took the column from is
 * free again and tries next. Each step scans one row, where a path search scans dozens: on the
 * 1000 bench (seeds 1–3) the greedy start leaves 359–367 rows free, 211–238 after this, and
 * the path searches finish 9,259–14,137 columns instead of 10,116–19,296.
 */
function rowReduction(
  n: number,
  start: Int32Array,
  col: Int32Array,
  cost: Float64Array,
  u: Float64Array,
  v: Float64Array,
  rowOf: Int32Array,
  colOf: Int32Array,
): void {
  const free = reductionFree.take(n);
  let count = 0;
  for (let r = 0; r < n; r += 1) {
    if (colOf[r] === -1 && (start[r + 1] as number) > (start[r] as number)) free[count++] = r;
  }
  // A bound on the steps of a pass, against long chains of rows taking each other's columns.
  const limit = 4 * n;
  for (let pass = 0; pass < reductionPasses && count > 0; pass += 1) {
    const total = count;
    let k = 0;
    count = 0;
    let steps = 0;
    while (k < total) {
      const i = free[k] as number;
      k += 1;
      let row = i;
      // Rows displaced at a strict gap are handled at once; the others wait for the next pass.
      for (;;) {
        steps += 1;
        let u1 = Infinity;
        let u2 = Infinity;
        let j1 = -1;
        let j2 = -1;
        for (let e = start[row] as number; e < (start[row + 1] as number); e += 1) {
          const j = col[e] as number;
          const h = (cost[e] as number) - (v[j] as number);
          if (h < u2) {
            if (h < u1) {
              u2 = u1;
              j2 = j1;
              u1 = h;
              j1 = j;
            } else {
              u2 = h;
              j2 = j;
            }
          }
        }
        let i0 = rowOf[j1] as number;
        const strict = u1 < u2 && u2 !== Infinity;
        if (strict) v[j1] = (v[j1] as number) - (u2 - u1);
        else if (i0 !== -1 && j2 !== -1) {
          j1 = j2;
          i0 = rowOf[j2] as number;
        }
        u[row] = strict ? u2 : u1;
        rowOf[j1] = row;
        colOf[row] = j1;
        if (i0 === -1) break;
        colOf[i0] = -1;
        if (strict && steps < limit) {
          row = i0;
          continue;
        }
        free[count++] = i0;
        break;
      }
    }
  }
}

/** Dijkstra from one free row to the nearest free column over reduced costs, then the flip. */
class PathSearch {
  private readonly dist: Float64Array;
  private readonly pred: Int32Array;
  private readonly done: Uint8Array;
  private readonly touched: Int32Array;
  private readonly finished: Int32Array;
  /** Columns reached at the current distance, finished before anything from the heap. */
  private readonly level: Int32Array;
  private readonly heap = searchHeap;

  constructor(
    n: number,
    private readonly start: Int32Array,
    private readonly col: Int32Array,
    private readonly cost: Float64Array,
    private readonly u: Float64Array,
    private readonly v: Float64Array,
    private readonly rowOf: Int32Array,
    private readonly colOf: Int32Array,
  ) {
    this.dist = searchDist.take(n).fill(Infinity);
    this.pred = searchPred.take(n);
    this.done = searchDone.take(n).fill(0);
    this.touched = searchTouched.take(n);
    this.finished = searchFinished.take(n);
    this.level = searchLevel.take(n);
  }

  /**
   * Matches row `r0` along a shortest augmenting path, moving the potentials so that reduced
   * costs stay ≥ 0 and the path is tight; a row that reaches no free column stays free.
   */
  augment(r0: number): void {
    const { dist, pred, done, touched, finished, heap, u, v, rowOf, colOf } = this;
    const { start, col, cost, level } = this;
    let touchedCount = 0;
    let finishedCount = 0;
    let levelCount = 0;
    heap.clear();

    let row = r0;
    let base = 0;
    let end = -1;
    // The distance of the nearest free column reached so far: nothing at or past it can lie
    // on a shorter path, so it is not queued.
    let bound = Infinity;
    for (;;) {
      // Relax the row's edges: a column's distance is the row's plus the reduced cost. A
      // finished column needs no test: its distance is at most the row's, and reduced costs
      // are ≥ 0, so `d` never beats it.
      const from = base - (u[row] as number);
      const last = start[row + 1] as number;
      let j = -1;
      for (let e = start[row] as number; e < last; e += 1) {
        const c = col[e] as number;
        const d = from + (cost[e] as number) - (v[c] as number);
        if (d < (dist[c] as number) && d < bound) {
          if (dist[c] === Infinity) touched[touchedCount++] = c;
          dist[c] = d;
          pred[c] = row;
          // A column at the row's own distance is as near as any: it needs no heap, and a
          // free one ends the path. The pool's many equal costs make such edges common.
          if (d !== base) {
            heap.push(d, c);
            if (rowOf[c] === -1) bound = d;
          } else if (rowOf[c] === -1) {
            j = c;
            break;
          } else {
            level[levelCount++] = c;
          }
        }
      }
      while (j === -1 && levelCount > 0) {
        const next = level[--levelCount] as number;
        if (done[next] === 0) j = next;
      }
      while (j === -1 && heap.size > 0) {
        const d = heap.peekKey();
        const next = heap.pop();
        if (done[next] === 0 && d === dist[next]) j = next;
      }
      if (j === -1) break;
      done[j] = 1;
      finished[finishedCount++] = j;
      if (rowOf[j] === -1) {
        end = j;
        break;
      }
      // The matched edge is tight: its row is reached at the column's distance.
      row = rowOf[j] as number;
      base = dist[j] as number;
    }

    if (end !== -1) {
      // Each finished column and its row move by the distance still short of the end's.
      const total = dist[end] as number;
      u[r0] = (u[r0] as number) + total;
      for (let i = 0; i < finishedCount; i += 1) {
        const j = finished[i] as number;
        const lift = total - (dist[j] as number);
        v[j] = (v[j] as number) - lift;
        if (j !== end) u[rowOf[j] as number] = (u[rowOf[j] as number] as number) + lift;
      }
      for (let j = end; ;) {
        const r = pred[j] as number;
        const previous = colOf[r] as number;
        rowOf[j] = r;
        colOf[r] = j;
        if (r === r0) break;
        j = previous;
      }
    }

    for (let i = 0; i < touchedCount; i += 1) {
      const j = touched[i] as number;
      dist[j] = Infinity;
      done[j] = 0;
    }
  }
}
