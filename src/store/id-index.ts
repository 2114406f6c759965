/** A secondary index: one key to many record ids. */
export class IdIndex {
  readonly #map = new Map<string, Set<string>>();

  /** Adds `id` under `key`; null keys are not indexed. */
  add(key: string | null, id: string): void {
    if (key === null) return;
    let ids = this.#map.get(key);
    if (!ids) {
      ids = new Set();
      this.#map.set(key, ids);
    }
    ids.add(id);
  }

  /** Removes `id` from `key`. */
  delete(key: string | null, id: string): void {
    if (key === null) return;
    const ids = this.#map.get(key);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.#map.delete(key);
  }

  /** The ids under `key` (empty when none). */
  get(key: string): ReadonlySet<string> {
    return this.#map.get(key) ?? emptySet;
  }
}

const emptySet: ReadonlySet<string> = new Set();

/**
 * Ids kept in an order (time, then id), appended cheaply and sorted only when read after an
 * out-of-order insert. Used for per-player lists that almost always grow at the end.
 */
export class OrderedIds {
  readonly #lists = new Map<string, { ids: string[]; isSorted: boolean }>();
  readonly #orderOf: (id: string) => number;

  /** @param orderOf - the time of a record by id. */
  constructor(orderOf: (id: string) => number) {
    this.#orderOf = orderOf;
  }

  /** Adds a new id under `key` (ids already present are ignored). */
  add(key: string, id: string, isNew: boolean): void {
    if (!isNew) return;
    let list = this.#lists.get(key);
    if (!list) {
      list = { ids: [], isSorted: true };
      this.#lists.set(key, list);
    }
    const last = list.ids.at(-1);
    if (last !== undefined && this.#compare(last, id) > 0) list.isSorted = false;
    list.ids.push(id);
  }

  /** Marks a key's list for re-sorting (a record's time changed). */
  touch(key: string): void {
    const list = this.#lists.get(key);
    if (list) list.isSorted = false;
  }

  /** The ids under `key`, in order. */
  get(key: string): readonly string[] {
    const list = this.#lists.get(key);
    if (!list) return [];
    if (!list.isSorted) {
      list.ids.sort((a, b) => this.#compare(a, b));
      list.isSorted = true;
    }
    return list.ids;
  }

  #compare(a: string, b: string): number {
    const order = this.#orderOf(a) - this.#orderOf(b);
    if (order !== 0) return order;
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
