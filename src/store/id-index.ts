// Ids under one key: most keys hold one (a name, a player's toon), many a few (a player's
// entries). A bare string for one and an array for a few take a fraction of a Set's ~130 bytes
// (two indexes over 100,000 players: ~20 MB of Sets); past `maxListIds` a Set keeps deletes
// cheap.
type Ids = string | string[] | Set<string>;
const maxListIds = 16;

/** A secondary index: one key to many record ids. */
export class IdIndex {
  readonly #map = new Map<string, Ids>();

  /** Adds `id` under `key`; null keys are not indexed. */
  add(key: string | null, id: string): void {
    if (key === null) return;
    const ids = this.#map.get(key);
    if (ids === undefined) this.#map.set(key, id);
    else if (typeof ids === 'string') {
      if (ids !== id) this.#map.set(key, [ids, id]);
    } else if (Array.isArray(ids)) {
      if (ids.includes(id)) return;
      if (ids.length < maxListIds) ids.push(id);
      else this.#map.set(key, new Set([...ids, id]));
    } else ids.add(id);
  }

  /** Removes `id` from `key`. */
  delete(key: string | null, id: string): void {
    if (key === null) return;
    const ids = this.#map.get(key);
    if (ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === id) this.#map.delete(key);
      return;
    }

    if (Array.isArray(ids)) {
      const at = ids.indexOf(id);
      if (at >= 0) ids.splice(at, 1);
    } else ids.delete(id);
    const left = Array.isArray(ids) ? ids.length : ids.size;
    if (left === 0) this.#map.delete(key);
  }

  /** The ids under `key` (empty when none). Live: do not mutate, nor write while iterating. */
  get(key: string): Iterable<string> {
    const ids = this.#map.get(key);
    if (ids === undefined) return noIds;
    return typeof ids === 'string' ? [ids] : ids;
  }
}

interface OrderedList {
  ids: string[];
  /** The time of each id, cached so ordering never looks records up. */
  times: number[];
  /** A small integer per id, kept by the caller (a match's result for the player). */
  tags: number[];
  isSorted: boolean;
  /** Times may be stale (a record's time changed): re-read them before sorting. */
  isStale: boolean;
}

/**
 * Ids kept in an order (time, then id). Inserts keep each list sorted, so reads never sort;
 * in bulk mode (loading) inserts go to one flat log and `endBulk` builds every list once, at
 * its final size, sorted, so reads after a load never pay for it either. (Growing 100,000
 * lists push by push left a million dead arrays scattered through the old generation, which
 * kept its pages from being released after the load.) Used for per-player lists that almost
 * always grow at the end.
 */
export class OrderedIds {
  readonly #lists = new Map<string, OrderedList>();
  readonly #orderOf: (id: string) => number;
  #isBulk = false;
  /** Inserts made in bulk mode, not yet in their lists. */
  #bulkKeys: string[] = [];
  #bulkIds: string[] = [];
  #bulkTimes: number[] = [];
  #bulkTags: number[] = [];

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
    this.#absorb();
    for (const list of this.#lists.values()) this.#settle(list);
  }

  /**
   * Adds a new id under `key`; for an id already there (`isNew` false) only its tag changes.
   * @param tag - a small integer (SMI) kept with the id. @defaultValue 0
   */
  add(key: string, id: string, isNew: boolean, tag = 0): void {
    if (!isNew) return this.#retag(key, id, tag);
    if (this.#isBulk) {
      this.#bulkKeys.push(key);
      this.#bulkIds.push(id);
      this.#bulkTimes.push(this.#orderOf(id));
      this.#bulkTags.push(tag);
      return;
    }

    let list = this.#lists.get(key);
    if (!list) {
      list = { ids: [], times: [], tags: [], isSorted: true, isStale: false };
      this.#lists.set(key, list);
    }
    const time = this.#orderOf(id);
    const at = list.ids.length;
    if (at === 0 || compare(list.times[at - 1]!, list.ids[at - 1]!, time, id) <= 0) {
      list.ids.push(id);
      list.times.push(time);
      list.tags.push(tag);
    } else if (!list.isSorted) {
      list.ids.push(id);
      list.times.push(time);
      list.tags.push(tag);
    } else {
      // Out of order: place it now (usually near the end, so the splice moves little).
      const index = upperBound(list, time, id);
      list.ids.splice(index, 0, id);
      list.times.splice(index, 0, time);
      list.tags.splice(index, 0, tag);
    }
  }

  /**
   * The list under `key` in order, with each id's time and tag. Live: do not mutate.
   * Times are the order keys as of the last re-ordering.
   */
  view(key: string): {
    ids: readonly string[];
    times: readonly number[];
    tags: readonly number[];
  } {
    this.#absorb();
    const list = this.#lists.get(key);
    if (!list) return noList;
    this.#settle(list);
    return list;
  }

  /** Marks a key's list for re-ordering (a record's time changed). */
  touch(key: string): void {
    this.#absorb();
    const list = this.#lists.get(key);
    if (!list) return;
    list.isSorted = false;
    list.isStale = true;
  }

  /** The ids under `key`, in order. Live: do not mutate. */
  get(key: string): readonly string[] {
    this.#absorb();
    const list = this.#lists.get(key);
    if (!list) return noIds;
    this.#settle(list);
    return list.ids;
  }

  /** The ids under `key` whose time is `from` or later, in order. */
  since(key: string, from: number): string[] {
    const list = this.view(key);
    let low = 0;
    let high = list.ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list.times[mid]! < from) low = mid + 1;
      else high = mid;
    }
    return list.ids.slice(low);
  }

  /** How many ids are under `key`. */
  count(key: string): number {
    this.#absorb();
    return this.#lists.get(key)?.ids.length ?? 0;
  }

  /** Sets the tag of an id already under `key` (searched from the end: recent ids change). */
  #retag(key: string, id: string, tag: number): void {
    this.#absorb();
    const list = this.#lists.get(key);
    if (!list) return;
    for (let i = list.ids.length - 1; i >= 0; i -= 1) {
      if (list.ids[i] === id) {
        list.tags[i] = tag;
        return;
      }
    }
  }

  /** Moves the bulk log into the lists: each list grows once, to its final size. */
  #absorb(): void {
    const keys = this.#bulkKeys;
    if (keys.length === 0) return;
    const ids = this.#bulkIds;
    const times = this.#bulkTimes;
    const tags = this.#bulkTags;
    this.#bulkKeys = [];
    this.#bulkIds = [];
    this.#bulkTimes = [];
    this.#bulkTags = [];

    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    const grown = new Map<string, { list: OrderedList; at: number }>();
    for (const [key, count] of counts) {
      const old = this.#lists.get(key);
      const at = old?.ids.length ?? 0;
      const list: OrderedList = {
        ids: old ? old.ids.concat(new Array<string>(count)) : new Array<string>(count),
        times: old ? old.times.concat(new Array<number>(count)) : new Array<number>(count),
        tags: old ? old.tags.concat(new Array<number>(count)) : new Array<number>(count),
        isSorted: false,
        isStale: old?.isStale ?? false,
      };
      this.#lists.set(key, list);
      grown.set(key, { list, at });
    }

    for (let i = 0; i < keys.length; i += 1) {
      const slot = grown.get(keys[i]!)!;
      slot.list.ids[slot.at] = ids[i]!;
      slot.list.times[slot.at] = times[i]!;
      slot.list.tags[slot.at] = tags[i]!;
      slot.at += 1;
    }
  }

  #settle(list: OrderedList): void {
    if (list.isSorted) return;
    const { ids, tags } = list;
    if (!list.isStale && ids.length <= maxInPlaceSort) {
      sortInPlace(list);
      list.isSorted = true;
      return;
    }

    const times = list.isStale ? ids.map((id) => this.#orderOf(id)) : list.times;
    const order = Array.from(ids.keys()).sort((a, b) =>
      compare(times[a]!, ids[a]!, times[b]!, ids[b]!),
    );
    list.ids = order.map((index) => ids[index]!);
    list.times = order.map((index) => times[index]!);
    list.tags = order.map((index) => tags[index]!);
    list.isSorted = true;
    list.isStale = false;
  }
}

/**
 * Lists up to this long are sorted in place (insertion sort, on the ids' order of arrival:
 * mostly in time order already), so ordering 100,000 players' lists after a load leaves no
 * garbage; sorting through an order array left four arrays per list behind (~130 MB after the
 * bench's 1M matches, released only seconds after the load). Also `OrderedRows`' limit.
 */
export const maxInPlaceSort = 64;

/** Insertion sort of a short list's three arrays together, by (time, id). */
function sortInPlace(list: OrderedList): void {
  const { ids, times, tags } = list;
  for (let i = 1; i < ids.length; i += 1) {
    const id = ids[i]!;
    const time = times[i]!;
    const tag = tags[i]!;
    let j = i - 1;
    while (j >= 0 && compare(times[j]!, ids[j]!, time, id) > 0) {
      ids[j + 1] = ids[j]!;
      times[j + 1] = times[j]!;
      tags[j + 1] = tags[j]!;
      j -= 1;
    }
    ids[j + 1] = id;
    times[j + 1] = time;
    tags[j + 1] = tag;
  }
}

const noIds: readonly string[] = Object.freeze([]);
const noNumbers: readonly number[] = Object.freeze([]);
const noList = Object.freeze({ ids: noIds, times: noNumbers, tags: noNumbers });

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

// Numbers per chunk of a NumberIndex: 4,096 ids (32 KiB of pointers).
const numberChunkBits = 12;
const numberChunkSize = 1 << numberChunkBits;
/** Numbers at or past this go to the Map: 67 million matches, a chunk table of 16,384. */
const denseLimit = 2 ** 26;

/**
 * Ids by a number that counts up from 1 (the public match number): chunks of a plain array
 * indexed by the number, 8 bytes an entry, where a Map of a million numbers takes ~28 MB.
 * Numbers outside [0, 2^26) or not integers, which the ladder never makes, go to a Map.
 */
export class NumberIndex {
  readonly #chunks: (string | undefined)[][] = [];
  readonly #other = new Map<number, string>();

  get(number: number): string | undefined {
    if (!isDense(number)) return this.#other.get(number);
    return this.#chunks[number >>> numberChunkBits]?.[number & (numberChunkSize - 1)];
  }

  set(number: number, id: string): void {
    if (!isDense(number)) {
      this.#other.set(number, id);
      return;
    }
    const at = number >>> numberChunkBits;
    while (this.#chunks.length <= at) this.#chunks.push([]);
    const chunk = this.#chunks[at]!;
    // Fill the gap so the chunk stays a packed array (holes make V8 switch it to a slow kind).
    for (let i = chunk.length; i < (number & (numberChunkSize - 1)); i += 1) chunk.push(undefined);
    chunk[number & (numberChunkSize - 1)] = id;
  }
}

function isDense(number: number): boolean {
  return Number.isInteger(number) && number >= 0 && number < denseLimit;
}
