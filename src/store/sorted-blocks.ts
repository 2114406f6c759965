/**
 * A sorted list kept as a row of small sorted blocks, so an insert or a removal moves at most
 * one block's worth of elements instead of half the list.
 *
 * Why not one sorted array with `splice`: inserting 300,000 ladder entries one by one (the
 * bench store data) moved ~22 billion elements and took 127 s on this machine; 90,000 took
 * 8 s (quadratic). Blocks of up to 2 × `blockSize` keep an insert at O(log n + blockSize).
 */
export class SortedBlocks<T> {
  readonly #compare: (a: T, b: T) => number;
  readonly #blockSize: number;
  #blocks: T[][] = [];
  #length = 0;

  /**
   * @param compare - a total order; equal elements are told apart by identity on removal.
   * @param blockSize - target block length. @defaultValue 512
   */
  constructor(compare: (a: T, b: T) => number, blockSize = 512) {
    this.#compare = compare;
    this.#blockSize = blockSize;
  }

  /** Number of elements. */
  get length(): number {
    return this.#length;
  }

  /** Replaces the contents with `items`, sorted (one sort, for a bulk load). */
  reset(items: T[]): void {
    items.sort(this.#compare);
    this.#blocks = [];
    for (let at = 0; at < items.length; at += this.#blockSize) {
      this.#blocks.push(items.slice(at, at + this.#blockSize));
    }
    this.#length = items.length;
  }

  /** Inserts `item` after every element that compares equal or lower. */
  insert(item: T): void {
    const blocks = this.#blocks;
    if (blocks.length === 0) {
      blocks.push([item]);
      this.#length = 1;
      return;
    }

    const at = this.#blockFor(item);
    const block = blocks[at]!;
    block.splice(upperBound(block, item, this.#compare), 0, item);
    this.#length += 1;
    // Split a block grown to twice the target, so every block stays small.
    if (block.length >= 2 * this.#blockSize) {
      blocks.splice(at + 1, 0, block.splice(this.#blockSize));
    }
  }

  /** Removes `item` (by identity among equal elements); false when it is not there. */
  remove(item: T): boolean {
    const blocks = this.#blocks;
    for (let at = this.#firstBlockFor(item); at < blocks.length; at += 1) {
      const block = blocks[at]!;
      let index = lowerBound(block, item, this.#compare);
      for (; index < block.length; index += 1) {
        if (block[index] === item) {
          block.splice(index, 1);
          this.#length -= 1;
          if (block.length === 0) blocks.splice(at, 1);
          return true;
        }
        if (this.#compare(block[index]!, item) !== 0) return false;
      }
    }
    return false;
  }

  /** Every element, in order. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (const block of this.#blocks) yield* block;
  }

  /** The elements that pass `keep`, in order, as one array. */
  filter(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (const block of this.#blocks) {
      for (const item of block) if (keep(item)) out.push(item);
    }
    return out;
  }

  /** The block an insert of `item` goes to: the last whose first element is <= `item`. */
  #blockFor(item: T): number {
    let low = 0;
    let high = this.#blocks.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (this.#compare(this.#blocks[mid]![0]!, item) <= 0) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The first block that may hold an element equal to `item`. */
  #firstBlockFor(item: T): number {
    let low = 0;
    let high = this.#blocks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const block = this.#blocks[mid]!;
      if (this.#compare(block[block.length - 1]!, item) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function lowerBound<T>(block: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = block.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(block[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function upperBound<T>(block: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = block.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(block[mid]!, item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
