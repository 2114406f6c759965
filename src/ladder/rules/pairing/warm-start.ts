import type { Assignment, SparseGraph } from './assignment.js';

// The warm start of a re-solve after edges were added (see `resolveAssignment`). It keeps the
// previous matching and potentials and releases just enough rows that every reduced cost is
// non-negative again and every free column is back at potential 0, the two conditions the
// shortest-path phase needs for an optimal rectangular assignment.

/** The solver's working arrays that a warm start fills in. */
export interface SolverState {
  graph: SparseGraph;
  shift: number;
  big: number;
  rowPot: Float64Array;
  colPot: Float64Array;
  /** Row matched to each column (real columns, then one unmatched column per row), or −1. */
  rowOf: Int32Array;
  colOf: Int32Array;
}

/** Loads `previous` into `state` and releases rows until the conditions above hold again. */
export function warmStart(state: SolverState, previous: Assignment): void {
  const { graph, shift, big, rowPot, colPot, rowOf, colOf } = state;
  const { rows, cols, start, col, cost } = graph;
  rowPot.set(previous.rowPot);
  colPot.set(previous.colPot);
  for (let r = 0; r < rows; r += 1) {
    const j = previous.match[r] as number;
    const target = j < 0 ? cols + r : j;
    rowOf[target] = r;
    colOf[r] = target;
  }

  // Which rows reach each column, to find the rows a column's change affects.
  const byCol = transpose(graph);
  const zero: number[] = [];

  // Raise a row's potential until its cheapest edge has reduced cost 0.
  const raise = (r: number) => {
    let least = big + (rowPot[r] as number) - (colPot[cols + r] as number);
    for (let e = start[r] as number; e < (start[r + 1] as number); e += 1) {
      const reduced =
        (cost[e] as number) + shift + (rowPot[r] as number) - (colPot[col[e] as number] as number);
      if (reduced < least) least = reduced;
    }
    if (least < 0) rowPot[r] = (rowPot[r] as number) - least;
  };

  const release = (r: number) => {
    const j = colOf[r] as number;
    if (j !== -1) {
      rowOf[j] = -1;
      colOf[r] = -1;
      if (colPot[j] !== 0) zero.push(j);
    }
    raise(r);
  };

  for (let r = 0; r < rows; r += 1) {
    const before = rowPot[r] as number;
    raise(r);
    if (rowPot[r] !== before) {
      rowPot[r] = before;
      release(r);
    }
  }

  // A freed column goes back to potential 0; rows whose edges into it turn negative are
  // released in turn (their own columns then follow). Each column is reset at most once.
  while (zero.length > 0) {
    const j = zero.pop() as number;
    if (rowOf[j] !== -1 || colPot[j] === 0) continue;
    colPot[j] = 0;
    if (j >= cols) {
      raise(j - cols);
      continue;
    }

    for (let i = byCol.start[j] as number; i < (byCol.start[j + 1] as number); i += 1) {
      const r = byCol.row[i] as number;
      const reduced = (byCol.cost[i] as number) + shift + (rowPot[r] as number);
      if (reduced >= -1e-9) continue;
      if (colOf[r] !== -1) release(r);
      else raise(r);
    }
  }
}

function transpose(g: SparseGraph): { start: Int32Array; row: Int32Array; cost: Float64Array } {
  const start = new Int32Array(g.cols + 1);
  for (const j of g.col) start[j + 1] = (start[j + 1] as number) + 1;
  for (let j = 0; j < g.cols; j += 1)
    start[j + 1] = (start[j + 1] as number) + (start[j] as number);

  const fill = start.slice(0, g.cols);
  const row = new Int32Array(g.col.length);
  const cost = new Float64Array(g.col.length);
  for (let r = 0; r < g.rows; r += 1) {
    for (let e = g.start[r] as number; e < (g.start[r + 1] as number); e += 1) {
      const j = g.col[e] as number;
      const at = fill[j] as number;
      fill[j] = at + 1;
      row[at] = r;
      cost[at] = g.cost[e] as number;
    }
  }
  return { start, row, cost };
}
