// A binary min-heap of (key, value) pairs in typed arrays, for the assignment's Dijkstra. Stale
// entries are not removed; the caller skips them when popped (lazy deletion).

/** A min-heap keyed by float64 with int32 payloads; grows as needed. */
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  private length = 0;

  constructor(capacity = 64) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /** Number of entries held. */
  get size(): number {
    return this.length;
  }

  /** Drops every entry, keeping the storage. */
  clear(): void {
    this.length = 0;
  }

  /** Adds `value` with priority `key`. */
  push(key: number, value: number): void {
    if (this.length === this.keys.length) this.grow();
    // The arrays in locals: the sifts are the innermost loops of the blossom stages.
    const { keys, values } = this;
    let i = this.length;
    this.length += 1;

    // Sift up: move parents down until the new key fits.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      keys[i] = parentKey;
      values[i] = values[parent] as number;
      i = parent;
    }

    keys[i] = key;
    values[i] = value;
  }

  /** The smallest key; only valid when `size > 0`. */
  peekKey(): number {
    return this.keys[0] as number;
  }

  /** Removes the smallest entry and returns its value; only valid when `size > 0`. */
  pop(): number {
    const { keys, values } = this;
    const top = values[0] as number;
    this.length -= 1;
    const n = this.length;
    if (n === 0) return top;

    const key = keys[n] as number;
    const value = values[n] as number;
    let i = 0;

    // Sift down the last entry from the root.
    while (true) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (keys[right] as number) < (keys[child] as number)) child = right;
      if ((keys[child] as number) >= key) break;
      keys[i] = keys[child] as number;
      values[i] = values[child] as number;
      i = child;
    }

    keys[i] = key;
    values[i] = value;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const values = new Int32Array(this.values.length * 2);
    keys.set(this.keys);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
