import { ChunkedColumn } from './chunked.js';

// Rows by id without keeping the ids: a Map from id strings to rows needs every id as a string
// on the heap (a 57-character ledger line id is an 80-byte string, and the Map ~29 bytes more
// an entry). Here each row keeps only the 32-bit hash of its id, and a lookup confirms a row
// by asking its table for the row's id (kept in the row itself).

const emptySlot = 0;
const deletedSlot = -1;
/** Slots at the start: grows by doubling, keeping at most half the slots taken. */
const initialSlots = 1_024;

/**
 * An open-addressing hash table (linear probing) from id hashes to rows: 4 bytes a slot, 8–16
 * bytes a row at its load of a quarter to a half, plus the 4-byte hash of each row.
 */
export class RowIndex {
  #slots = new Int32Array(initialSlots);
  /** Slots holding a row or a deletion mark (a probe walks past both). */
  #taken = 0;
  #rows = 0;
  readonly #hashOf = new ChunkedColumn((rows) => new Uint32Array(rows));

  /**
   * The row whose id is `id`, or -1.
   * @param isRow - whether a row holds `id` (asked only of rows whose hash matches).
   */
  find(id: string, isRow: (row: number) => boolean): number {
    const hash = hashOf(id);
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.#slots[slot]!;
      if (entry === emptySlot) return -1;
      if (entry === deletedSlot) continue;
      const row = entry - 1;
      if (this.#hashOf.get(row) === hash && isRow(row)) return row;
    }
  }

  /** Files `row` under `id` (an id not in the index). */
  add(id: string, row: number): void {
    this.#hashOf.ensure(row);
    this.#hashOf.set(row, hashOf(id));
    if (2 * (this.#taken + 1) > this.#slots.length) this.#rebuild();
    this.#place(row);
    this.#taken += 1;
    this.#rows += 1;
  }

  /** Takes `row` out of the index (its slot becomes a deletion mark). */
  remove(row: number): void {
    const mask = this.#slots.length - 1;
    for (let slot = this.#hashOf.get(row) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.#slots[slot]!;
      if (entry === emptySlot) return;
      if (entry === row + 1) {
        this.#slots[slot] = deletedSlot;
        this.#rows -= 1;
        return;
      }
    }
  }

  #place(row: number): void {
    const mask = this.#slots.length - 1;
    let slot = this.#hashOf.get(row) & mask;
    while (this.#slots[slot] !== emptySlot) slot = (slot + 1) & mask;
    this.#slots[slot] = row + 1;
  }

  /**
   * Re-files the rows by their kept hashes, dropping deletion marks: into twice the slots
   * when rows take more than a quarter of them, else into as many.
   */
  #rebuild(): void {
    const old = this.#slots;
    this.#slots = new Int32Array(4 * (this.#rows + 1) > old.length ? old.length * 2 : old.length);
    this.#taken = 0;
    for (const entry of old) {
      if (entry <= 0) continue;
      this.#place(entry - 1);
      this.#taken += 1;
    }
  }
}

/** FNV-1a over the UTF-16 code units, then MurmurHash3's finalizer to spread the low bits. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
