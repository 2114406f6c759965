/**
 * Values kept for reuse, at most `size` of them, in two generations: new values go to the young
 * one, a hit in the old one moves to the young one, and when the young one is full the old one
 * is dropped whole and the young one takes its place. Every operation is a few hash lookups.
 *
 * NOTE: not an LRU Map (delete the oldest, re-insert on a hit). V8's Map leaves a hole for each
 * deleted entry until it rehashes, and `keys().next()` walks over every hole from the start: with
 * 16,384 entries a full cache spent about 10 µs per eviction there, most of a match read.
 */
export class RecentCache<T> {
  #young = new Map<string, T>();
  #old = new Map<string, T>();
  readonly #generation: number;

  /** @param size - values kept at most (at least 2). */
  constructor(size: number) {
    this.#generation = Math.max(1, Math.floor(size / 2));
  }

  get(key: string): T | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old === undefined) return undefined;

    this.#old.delete(key);
    this.#put(key, old);
    return old;
  }

  set(key: string, value: T): void {
    this.#old.delete(key);
    this.#put(key, value);
  }

  delete(key: string): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  /** How many values are kept now. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  #put(key: string, value: T): void {
    if (this.#young.size >= this.#generation && !this.#young.has(key)) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}
