import { MinHeap } from './min-heap.js';

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
  const edgeCost = (e: number) => (cost[e] as number) + shift;

  // Row reduction: a row takes its cheapest column when that column is still free. Free
  // columns keep potential 0, which the rectangular optimality conditions require.
  for (let r = 0; r < rows; r += 1) {
    let best = -1;
    let bestCost = big;
    for (let e = start[r] as number; e < (start[r + 1] as number); e += 1) {
      const c = edgeCost(e);
      if (c < bestCost || (c === bestCost && best >= 0 && (col[e] as number) < best)) {
        bestCost = c;
        best = col[e] as number;
      }
    }
    rowPot[r] = -bestCost;
    const target = best < 0 ? cols + r : best;
    if (rowOf[target] === -1) {
      rowOf[target] = r;
      colOf[r] = target;
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
    const pr = rowPot[r] as number;
    const visit = (j: number, c: number) => {
      const d = base + c + pr - (colPot[j] as number);
      if (d < (dist[j] as number) && !done[j]) {
        if (dist[j] === Infinity) touched.push(j);
        dist[j] = d;
        pred[j] = r;
        heap.push(d, j);
      }
    };

    for (let e = start[r] as number; e < (start[r + 1] as number); e += 1) {
      visit(col[e] as number, edgeCost(e));
    }
    visit(cols + r, big);
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
  return { match, rowPot, colPot: colPot.subarray(0, cols), shift };
}
