/**
 * Strings kept once and named by a small number, so a million rows can hold the same player id,
 * map or stage as a 4-byte index instead of a pointer to a fresh copy each.
 */
export class StringPool {
  readonly #indexOf = new Map<string, number>();
  readonly #strings: string[] = [];
  readonly #maxSize: number;

  /** @param maxSize - entries kept at most; past it `intern` refuses new strings. */
  constructor(maxSize = 4_000_000) {
    this.#maxSize = maxSize;
  }

  /** How many strings are pooled. */
  get size(): number {
    return this.#strings.length;
  }

  /** The index of `value`, adding it if new; -1 when the pool is full and `value` is new. */
  intern(value: string): number {
    const known = this.#indexOf.get(value);
    if (known !== undefined) return known;
    if (this.#strings.length >= this.#maxSize) return -1;

    const index = this.#strings.length;
    this.#strings.push(value);
    this.#indexOf.set(value, index);
    return index;
  }

  /** The index of `value` if pooled, else -1 (never adds). */
  find(value: string): number {
    return this.#indexOf.get(value) ?? -1;
  }

  /** The string at `index` (an index this pool returned). */
  at(index: number): string {
    return this.#strings[index]!;
  }
}
