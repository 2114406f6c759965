import { ChunkedColumn } from './compact/chunked.js';
import { maxInPlaceSort } from './id-index.js';

/** What ordered rows read of their table: a row's time, and its id to break ties. */
export interface RowOrder {
  timeOf(row: number): number;
  idOf(row: number): string;
}

/**
 * Rows of a compact table under keys, each list in the order (time, then id), as `OrderedIds`
 * keeps ids. A list is a plain array of small integers (8 bytes a row, where `OrderedIds` keeps
 * an id, a time and a tag: 24 bytes, and the id string besides): times are read from the
 * table's key column and ids are rebuilt only to break a tie. Bulk mode (loading) logs rows in
 * number columns and `endBulk` builds each list once, at its final size.
 */
export class OrderedRows {
  readonly #lists = new Map<string, number[]>();
  /** Lists to re-order before their next read (a row's time changed). */
  readonly #unsorted = new Set<string>();
  readonly #order: RowOrder;

  #isBulk = false;
  /** Keys named in bulk mode, by number; each bulk insert logs its key's number and row. */
  #bulkKeys = new Map<string, number>();
  #bulkKeyOf = new ChunkedColumn((rows) => new Uint32Array(rows));
  #bulkRows = new ChunkedColumn((rows) => new Uint32Array(rows));
  #bulkCount = 0;

  constructor(order: RowOrder) {
    this.#order = order;
  }

  /** Appends without ordering until `endBulk`. */
  beginBulk(): void {
    this.#isBulk = true;
  }

  /** Orders every list appended to in bulk. */
  endBulk(): void {
    this.#isBulk = false;
    this.#absorb();
  }

  /** Adds a new row under `key`. */
  add(key: string, row: number): void {
    if (this.#isBulk) return this.#log(key, row);

    let list = this.#lists.get(key);
    if (!list) {
      list = [];
      this.#lists.set(key, list);
    }
    const at = list.length;
    if (at === 0 || this.#unsorted.has(key) || this.#compare(list[at - 1]!, row) <= 0) {
      list.push(row);
    } else {
      // Out of order: place it now (usually near the end, so the splice moves little).
      list.splice(this.#upperBound(list, row), 0, row);
    }
  }

  /** Marks a key's list for re-ordering (a row's time changed). */
  touch(key: string): void {
    this.#absorb();
    if (this.#lists.has(key)) this.#unsorted.add(key);
  }

  /** The rows under `key`, in order. Live: do not mutate. */
  get(key: string): readonly number[] {
    this.#absorb();
    const list = this.#lists.get(key);
    if (!list) return noRows;
    if (this.#unsorted.delete(key)) this.#sort(list);
    return list;
  }

  /** The rows under `key` whose time is `from` or later, in order. */
  since(key: string, from: number): number[] {
    const list = this.get(key);
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#order.timeOf(list[mid]!) < from) low = mid + 1;
      else high = mid;
    }
    return list.slice(low);
  }

  readonly #compare = (a: number, b: number): number => {
    const timeA = this.#order.timeOf(a);
    const timeB = this.#order.timeOf(b);
    if (timeA !== timeB) return timeA - timeB;
    const idA = this.#order.idOf(a);
    const idB = this.#order.idOf(b);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };

  /**
   * Orders a list in place. Short ones (a player's lines) by insertion sort: rows arrive in id
   * order, mostly time order already, and `Array.prototype.sort` copies every list into a
   * work array first, garbage that stayed in RSS for seconds after a load.
   */
  #sort(list: number[]): number[] {
    if (list.length > maxInPlaceSort) return list.sort(this.#compare);
    for (let i = 1; i < list.length; i += 1) {
      const row = list[i]!;
      let j = i - 1;
      while (j >= 0 && this.#compare(list[j]!, row) > 0) {
        list[j + 1] = list[j]!;
        j -= 1;
      }
      list[j + 1] = row;
    }
    return list;
  }

  /** First index whose row comes after `row`. */
  #upperBound(list: readonly number[], row: number): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#compare(list[mid]!, row) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  #log(key: string, row: number): void {
    let keyNumber = this.#bulkKeys.get(key);
    if (keyNumber === undefined) {
      keyNumber = this.#bulkKeys.size;
      this.#bulkKeys.set(key, keyNumber);
    }
    const at = this.#bulkCount++;
    this.#bulkKeyOf.ensure(at);
    this.#bulkRows.ensure(at);
    this.#bulkKeyOf.set(at, keyNumber);
    this.#bulkRows.set(at, row);
  }

  /** Moves the bulk log into the lists: each list grows once, to its final size, sorted. */
  #absorb(): void {
    if (this.#bulkCount === 0) return;
    const keys = [...this.#bulkKeys.keys()];
    const counts = new Uint32Array(keys.length);
    for (let i = 0; i < this.#bulkCount; i += 1) counts[this.#bulkKeyOf.get(i)]! += 1;

    const lists = keys.map((key, k) => {
      const old = this.#lists.get(key) ?? noRows;
      const fresh = new Array<number>(counts[k]!).fill(0);
      const list = old.length === 0 ? fresh : old.concat(fresh);
      counts[k] = old.length;
      return list;
    });
    for (let i = 0; i < this.#bulkCount; i += 1) {
      const k = this.#bulkKeyOf.get(i);
      lists[k]![counts[k]!++] = this.#bulkRows.get(i);
    }

    this.#bulkKeys = new Map();
    this.#bulkKeyOf = new ChunkedColumn((rows) => new Uint32Array(rows));
    this.#bulkRows = new ChunkedColumn((rows) => new Uint32Array(rows));
    this.#bulkCount = 0;
    keys.forEach((key, k) => {
      this.#lists.set(key, this.#sort(lists[k]!));
      this.#unsorted.delete(key);
    });
  }
}

const noRows: readonly number[] = Object.freeze([]);
