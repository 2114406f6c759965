import { MinHeap } from './min-heap.js';
import { warmStart } from './warm-start.js';

// Minimum-cost maximum-cardinality matching of a sparse bipartite graph: the shortest
// augmenting path form of the Hungarian method (Kuhn–Munkres; Jonker–Volgenant's sparse
// variant), one Dijkstra per unassigned row. Every row also gets a private "unmatched" column
// whose cost is larger than any real matching can save, so the result first maximises the
// number of real pairs and then minimises their total cost.

/** A bipartite graph in compressed rows: row r's edges are `start[r]` to `start[r + 1]`. */
export interface SparseGraph {
  rows: number;
  cols: number;
  start: Int32Array;
  col: Int32Array;
  cost: Float64Array;
}

/** A solved matching with the dual potentials that prove it optimal. */
export interface Assignment {
  /** For every row, the real column it is matched to, or −1. */
  match: Int32Array;
  /** Potentials: an edge is improving iff `cost + shift + rowPot[r] − colPot[c] < 0`. */
  rowPot: Float64Array;
  colPot: Float64Array;
  shift: number;
}

/**
 * Solves the matching; edge costs may be any finite numbers. `bounds` must cover every cost
 * the caller may later test against the potentials (edges left out of a sparse graph).
 */
export function solveAssignment(
  graph: SparseGraph,
  bounds: { min: number; max: number } = { min: 0, max: 0 },
): Assignment {
  return solve(graph, bounds, null) as Assignment;
}

/**
 * Re-solves after edges were added to a graph that `previous` solved with the same bounds: rows
 * with a newly improving edge (and rows a freed column affects) are released and re-augmented,
 * the rest is kept. Returns null if the result cannot be proven optimal; the warm start is
 * built so that this should not happen, and the caller then solves from scratch.
 */
export function resolveAssignment(
  graph: SparseGraph,
  bounds: { min: number; max: number },
  previous: Assignment,
): Assignment | null {
  return solve(graph, bounds, previous);
}

function solve(
  graph: SparseGraph,
  bounds: { min: number; max: number },
  warm: Assignment | null,
): Assignment | null {
  const { rows, cols, start, col, cost } = graph;

  // Shift costs to be non-negative: every solution of k pairs moves by the same k·shift.
  let min = Math.min(0, bounds.min);
  let max = Math.max(0, bounds.max);
  for (const c of cost) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  const shift = -min;
  const big = (max + shift + 1) * (Math.min(rows, cols) + 1);

  // Columns cols..cols+rows-1 are the private unmatched columns, one per row.
  const totalCols = cols + rows;
  const rowPot = new Float64Array(rows);
  const colPot = new Float64Array(totalCols);
  const rowOf = new Int32Array(totalCols).fill(-1);
  const colOf = new Int32Array(rows).fill(-1);

  if (warm !== null) {
    warmStart({ graph, shift, big, rowPot, colPot, rowOf, colOf }, warm);
  } else {
    // Augmenting row reduction (Jonker–Volgenant): a free row takes its cheapest column and
    // lowers that column's potential to the gap to its second-cheapest, which may free the
    // column's previous row. Potentials of free columns stay 0, and a column is only lowered
    // when it is taken, as the rectangular optimality conditions require.
    const queue: number[] = [];
    for (let r = rows - 1; r >= 0; r -= 1) queue.push(r);
    const steps = 4 * rows;
    for (let step = 0; step < steps && queue.length > 0; step += 1) {
      const r = queue.pop() as number;
      let j1 = cols + r;
      let w1 = big - (colPot[j1] as number);
      let j2 = -1;
      let w2 = Infinity;
      for (let e = start[r] as number; e < (start[r + 1] as number); e += 1) {
        const j = col[e] as number;
        const w = (cost[e] as number) + shift - (colPot[j] as number);
        if (w < w1) {
          [j2, w2] = [j1, w1];
          [j1, w1] = [j, w];
        } else if (w < w2) {
          [j2, w2] = [j, w];
        }
      }

      rowPot[r] = -Math.min(w2, w1 + big);
      if (w1 < w2) {
        colPot[j1] = (colPot[j1] as number) - (Math.min(w2, w1 + big) - w1);
      } else if (rowOf[j1] !== -1 && j2 !== -1) {
        j1 = j2;
      }

      const previous = rowOf[j1] as number;
      rowOf[j1] = r;
      colOf[r] = j1;
      if (previous !== -1) {
        colOf[previous] = -1;
        queue.push(previous);
      }
    }
  }

  const dist = new Float64Array(totalCols).fill(Infinity);
  const pred = new Int32Array(totalCols);
  const done = new Uint8Array(totalCols);
  const touched: number[] = [];
  const heap = new MinHeap(256);

  for (let r0 = 0; r0 < rows; r0 += 1) {
    if (colOf[r0] !== -1) continue;
    augment(r0);
  }

  function relax(r: number, base: number): void {
    const from = base + (rowPot[r] as number) + shift;
    const last = start[r + 1] as number;
    for (let e = start[r] as number; e < last; e += 1) {
      const j = col[e] as number;
      if (done[j] === 1) continue;
      const d = from + (cost[e] as number) - (colPot[j] as number);
      if (d < (dist[j] as number)) {
        if (dist[j] === Infinity) touched.push(j);
        dist[j] = d;
        pred[j] = r;
        heap.push(d, j);
      }
    }

    // The row's private unmatched column.
    const u = cols + r;
    const d = base + (rowPot[r] as number) + big - (colPot[u] as number);
    if (done[u] === 0 && d < (dist[u] as number)) {
      if (dist[u] === Infinity) touched.push(u);
      dist[u] = d;
      pred[u] = r;
      heap.push(d, u);
    }
  }

  function augment(r0: number): void {
    heap.clear();
    relax(r0, 0);
    let end = -1;
    let endDist = 0;
    const finished: number[] = [];

    while (heap.size > 0) {
      const d = heap.peekKey();
      const j = heap.pop();
      if (done[j] || d > (dist[j] as number)) continue;
      done[j] = 1;
      finished.push(j);
      const owner = rowOf[j] as number;
      if (owner === -1) {
        end = j;
        endDist = d;
        break;
      }
      // The matched edge is tight, so the owner row is reached at the same distance.
      relax(owner, d);
    }

    // Dual update: finished nodes move by (dist − endDist); the rest would move by 0 after the
    // equivalent global shift, which keeps every reduced cost non-negative.
    rowPot[r0] = (rowPot[r0] as number) - endDist;
    for (const j of finished) {
      const delta = (dist[j] as number) - endDist;
      colPot[j] = (colPot[j] as number) + delta;
      const owner = rowOf[j] as number;
      if (owner !== -1 && j !== end) rowPot[owner] = (rowPot[owner] as number) + delta;
    }

    // Flip the path back from the free column to r0.
    let j = end;
    while (j !== -1) {
      const r = pred[j] as number;
      const previous = colOf[r] as number;
      rowOf[j] = r;
      colOf[r] = j;
      j = r === r0 ? -1 : previous;
    }

    for (const t of touched) {
      dist[t] = Infinity;
      done[t] = 0;
    }
    touched.length = 0;
  }

  const match = new Int32Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const j = colOf[r] as number;
    match[r] = j < cols ? j : -1;
  }
  // With a warm start, a released column may stay free with a lowered potential, which the
  // rectangular optimality conditions forbid; report that instead of a wrong answer.
  if (warm !== null) {
    for (let j = 0; j < totalCols; j += 1) {
      if (rowOf[j] === -1 && Math.abs(colPot[j] as number) > 1e-9) return null;
    }
  }
  return { match, rowPot, colPot, shift };
}
