/**
 * Records built from rows, kept to hand out again: a direct-mapped cache of `size` slots (a
 * power of two), where row r may only sit in slot r mod size. A lookup is two array reads; a
 * new record simply replaces whatever held its slot.
 *
 * NOTE: Maps were tried first. An LRU Map (delete the oldest key, re-insert on a hit) walks
 * over the hole every earlier deletion left in V8's table on each eviction: ~10 µs per match
 * read at 16,384 entries. Two generations of Maps fixed that, but still cost three to five
 * hash lookups per miss, and misses are most reads (a profile of a player not read lately).
 */
export class RecordCache<T> {
  readonly #rows: Int32Array;
  readonly #records: (T | undefined)[];
  readonly #mask: number;

  /** @param size - slots; rounded up to a power of two. */
  constructor(size: number) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(1, size)));
    this.#rows = new Int32Array(slots).fill(-1);
    this.#records = new Array<T | undefined>(slots).fill(undefined);
    this.#mask = slots - 1;
  }

  /** The record kept for `row`, if its slot holds it. */
  get(row: number): T | undefined {
    const slot = row & this.#mask;
    return this.#rows[slot] === row ? this.#records[slot] : undefined;
  }

  /** Keeps `record` for `row`, replacing the slot's previous record. */
  set(row: number, record: T): void {
    const slot = row & this.#mask;
    this.#rows[slot] = row;
    this.#records[slot] = record;
  }

  /** Forgets the record of `row` (its row changed or was freed). */
  delete(row: number): void {
    const slot = row & this.#mask;
    if (this.#rows[slot] !== row) return;
    this.#rows[slot] = -1;
    this.#records[slot] = undefined;
  }
}
