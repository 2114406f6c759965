import type { SparseGraph } from './assignment.js';
import { float64Scratch, int32Scratch, type Scratch } from './scratch.js';

// Small array helpers of the wave graph: bounded sorted lists, binary search, and laying edge
// triples out as compressed rows.

/** Storage for one `TopK` kept between waves. */
export interface TopKStorage {
  ids: Scratch<Int32Array>;
  keys: Scratch<Float64Array>;
  held: Scratch<Int32Array>;
}

/** New storage for one `TopK`. */
export function topKStorage(): TopKStorage {
  return { ids: int32Scratch(), keys: float64Scratch(), held: int32Scratch() };
}

/** The `k` smallest (key, value) pairs of each of `n` lists, kept sorted. */
export class TopK {
  readonly ids: Int32Array;
  readonly keys: Float64Array;
  readonly held: Int32Array;

  /**
   * @param storage - arrays to hold the lists in (scratch.ts), any contents; by default new ones
   */
  constructor(
    readonly lists: number,
    readonly k: number,
    storage?: TopKStorage,
  ) {
    const n = lists;
    this.ids = storage ? storage.ids.take(n * k) : new Int32Array(n * k);
    this.keys = storage ? storage.keys.take(n * k) : new Float64Array(n * k);
    this.held = storage ? storage.held.take(n).fill(0) : new Int32Array(n);
  }

  /** Empties list `list`. */
  reset(list: number): void {
    this.held[list] = 0;
  }

  /** Whether `key` would enter list `list`. */
  accepts(list: number, key: number): boolean {
    return (
      (this.held[list] as number) < this.k ||
      key < (this.keys[list * this.k + this.k - 1] as number)
    );
  }

  /** Inserts (id, key) into list `list` if it is among the `k` smallest. */
  offer(list: number, id: number, key: number): void {
    const k = this.k;
    const base = list * k;
    const held = this.held[list] as number;
    if (held === k && key >= (this.keys[base + k - 1] as number)) return;

    let at = held < k ? held : k - 1;
    if (held < k) this.held[list] = held + 1;
    while (at > 0 && (this.keys[base + at - 1] as number) > key) {
      this.keys[base + at] = this.keys[base + at - 1] as number;
      this.ids[base + at] = this.ids[base + at - 1] as number;
      at -= 1;
    }
    this.keys[base + at] = key;
    this.ids[base + at] = id;
  }

  /** Visits list `list` from the smallest key up. */
  each(list: number, visit: (id: number, key: number) => void): void {
    const base = list * this.k;
    for (let i = 0; i < (this.held[list] as number); i += 1) {
      visit(this.ids[base + i] as number, this.keys[base + i] as number);
    }
  }
}

/** First index of `sorted` whose value is at least `value`. */
export function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Edge triples (row, col, cost) as a compressed-row graph; repeated (row, col) keep the first. */
export function triplesToGraph(
  n: number,
  m: number,
  triples: { row: Int32Array; col: Int32Array; cost: Float64Array; count: number },
): SparseGraph {
  const { row: tr, col: tc, cost: tk, count: t } = triples;
  // Lay the triples out by row (a counting sort), dropping repeats with a stamp per column.
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < t; i += 1)
    counts[(tr[i] as number) + 1] = (counts[(tr[i] as number) + 1] as number) + 1;
  for (let r = 0; r < n; r += 1) counts[r + 1] = (counts[r + 1] as number) + (counts[r] as number);
  const order = new Int32Array(t);
  const fill = counts.slice(0, n);
  for (let i = 0; i < t; i += 1) {
    const r = tr[i] as number;
    order[fill[r] as number] = i;
    fill[r] = (fill[r] as number) + 1;
  }

  const start = new Int32Array(n + 1);
  const col = new Int32Array(t);
  const cost = new Float64Array(t);
  const stamp = new Int32Array(m).fill(-1);
  let at = 0;
  for (let r = 0; r < n; r += 1) {
    for (let i = counts[r] as number; i < (counts[r + 1] as number); i += 1) {
      const e = order[i] as number;
      const j = tc[e] as number;
      if (stamp[j] === r) continue;
      stamp[j] = r;
      col[at] = j;
      cost[at] = tk[e] as number;
      at += 1;
    }
    start[r + 1] = at;
  }

  return { rows: n, cols: m, start, col: col.subarray(0, at), cost: cost.subarray(0, at) };
}
