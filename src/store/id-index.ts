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

interface OrderedList {
  ids: string[];
  /** The time of each id, cached so ordering never looks records up. */
  times: number[];
  isSorted: boolean;
  /** Times may be stale (a record's time changed): re-read them before sorting. */
  isStale: boolean;
}

/**
 * Ids kept in an order (time, then id). Inserts keep each list sorted, so reads never sort;
 * in bulk mode (loading) inserts append and `endBulk` sorts every list once, so reads after
 * a load never pay for it either. Used for per-player lists that almost always grow at the end.
 */
export class OrderedIds {
  readonly #lists = new Map<string, OrderedList>();
  readonly #orderOf: (id: string) => number;
  #isBulk = false;

  /** @param orderOf - the time of a record by id. */
  constructor(orderOf: (id: string) => number) {
    this.#orderOf = orderOf;
  }

  /** Appends without ordering until `endBulk`. */
  beginBulk(): void {
    this.#isBulk = true;
  }

  /** Orders every list appended to in bulk. */
  endBulk(): void {
    this.#isBulk = false;
    for (const list of this.#lists.values()) this.#settle(list);
  }

  /** Adds a new id under `key` (ids already present are ignored). */
  add(key: string, id: string, isNew: boolean): void {
    if (!isNew) return;
    let list = this.#lists.get(key);
    if (!list) {
      list = { ids: [], times: [], isSorted: true, isStale: false };
      this.#lists.set(key, list);
    }
    const time = this.#orderOf(id);
    const at = list.ids.length;
    if (at === 0 || compare(list.times[at - 1]!, list.ids[at - 1]!, time, id) <= 0) {
      list.ids.push(id);
      list.times.push(time);
    } else if (this.#isBulk || !list.isSorted) {
      list.ids.push(id);
      list.times.push(time);
      list.isSorted = false;
    } else {
      // Out of order: place it now (usually near the end, so the splice moves little).
      const index = upperBound(list, time, id);
      list.ids.splice(index, 0, id);
      list.times.splice(index, 0, time);
    }
  }

  /** Marks a key's list for re-ordering (a record's time changed). */
  touch(key: string): void {
    const list = this.#lists.get(key);
    if (!list) return;
    list.isSorted = false;
    list.isStale = true;
  }

  /** The ids under `key`, in order. Live: do not mutate. */
  get(key: string): readonly string[] {
    const list = this.#lists.get(key);
    if (!list) return noIds;
    this.#settle(list);
    return list.ids;
  }

  /** How many ids are under `key`. */
  count(key: string): number {
    return this.#lists.get(key)?.ids.length ?? 0;
  }

  #settle(list: OrderedList): void {
    if (list.isSorted) return;
    const { ids } = list;
    const times = list.isStale ? ids.map((id) => this.#orderOf(id)) : list.times;
    const order = Array.from(ids.keys()).sort((a, b) =>
      compare(times[a]!, ids[a]!, times[b]!, ids[b]!),
    );
    list.ids = order.map((index) => ids[index]!);
    list.times = order.map((index) => times[index]!);
    list.isSorted = true;
    list.isStale = false;
  }
}

const noIds: readonly string[] = Object.freeze([]);

function compare(timeA: number, idA: string, timeB: number, idB: string): number {
  if (timeA !== timeB) return timeA - timeB;
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** First index whose (time, id) is after the given one. */
function upperBound(list: OrderedList, time: number, id: string): number {
  let low = 0;
  let high = list.ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list.times[mid]!, list.ids[mid]!, time, id) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
