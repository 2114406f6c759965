import type { LeaderboardFilter, RankLetter } from './api.js';

// Filters of a leaderboard page as bitsets over rank positions: one per race, per country and
// for "best race", plus the letter bands as ranges. A filtered page is a few AND/OR passes over
// N/32 words and a popcount, instead of a scan calling a predicate on every ranked entry.

/** What the index needs of each ranked row, in rank order. */
export interface IndexedRow {
  race: string;
  country: string | null;
  letter: RankLetter;
  isBestRace: boolean;
}

type Bits = Uint32Array;

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Bitsets over one ranking snapshot. */
export class LeaderboardIndex {
  readonly #size: number;
  readonly #words: number;
  readonly #byRace = new Map<string, Bits>();
  readonly #byCountry = new Map<string, Bits>();
  readonly #other: Bits;
  readonly #best: Bits;
  readonly #letters = new Map<RankLetter, [number, number]>();
  readonly #scratch: Bits;

  /** @param commonCountries - countries listed on their own; the rest answer to `ZZ`. */
  constructor(rows: readonly IndexedRow[], commonCountries: ReadonlySet<string>) {
    this.#size = rows.length;
    this.#words = (rows.length + 31) >>> 5;
    this.#other = new Uint32Array(this.#words);
    this.#best = new Uint32Array(this.#words);
    this.#scratch = new Uint32Array(this.#words);

    for (const [position, row] of rows.entries()) {
      const word = position >>> 5;
      const bit = 1 << (position & 31);
      this.#bitsOf(this.#byRace, row.race)[word]! |= bit;
      this.#bitsOf(this.#byCountry, row.country ?? '')[word]! |= bit;
      if (row.country === null || !commonCountries.has(row.country)) this.#other[word]! |= bit;
      if (row.isBestRace) this.#best[word]! |= bit;

      const range = this.#letters.get(row.letter);
      if (range) range[1] = position + 1;
      else this.#letters.set(row.letter, [position, position + 1]);
    }
  }

  /** The positions matching `filter` (valid until the next call), or undefined for no filter. */
  select(filter: LeaderboardFilter): Bits | undefined {
    const { races, countries, letter, bestRaceOnly } = filter;
    if (!races?.length && !countries?.length && !letter && !bestRaceOnly) return undefined;
    // One scratch buffer per index: the caller reads the result before the next select, and
    // reusing it spares a 20 KB allocation per query at 150k entries.
    const result = this.#scratch.fill(0xffffffff);
    if (this.#size & 31) result[this.#words - 1] = (1 << (this.#size & 31)) - 1;

    if (races?.length)
      this.#and(
        result,
        races.map((race) => this.#byRace.get(race)),
      );
    if (countries?.length) {
      this.#and(
        result,
        countries.map((code) => (code === 'ZZ' ? this.#other : this.#byCountry.get(code))),
      );
    }
    if (bestRaceOnly) this.#and(result, [this.#best]);
    if (letter) this.#keepRange(result, this.#letters.get(letter) ?? [0, 0]);
    return result;
  }

  /** How many positions are set. */
  static count(bits: Bits): number {
    let total = 0;
    for (const word of bits) total += popcount(word);
    return total;
  }

  /** Positions of the set bits from the `skip`-th on, at most `take` of them. */
  static positions(bits: Bits, skip: number, take: number): number[] {
    const out: number[] = [];
    let toSkip = skip;
    for (let w = 0; w < bits.length && out.length < take; w += 1) {
      let word = bits[w]!;
      const count = popcount(word);
      if (toSkip >= count) {
        toSkip -= count;
        continue;
      }
      while (word !== 0 && out.length < take) {
        const low = word & -word;
        if (toSkip > 0) toSkip -= 1;
        else out.push((w << 5) + (31 - Math.clz32(low)));
        word ^= low;
      }
    }
    return out;
  }

  #bitsOf(map: Map<string, Bits>, key: string): Bits {
    let bits = map.get(key);
    if (!bits) {
      bits = new Uint32Array(this.#words);
      map.set(key, bits);
    }
    return bits;
  }

  // result &= (any of `sets`); a missing set matches nothing.
  #and(result: Bits, sets: (Bits | undefined)[]): void {
    for (let w = 0; w < result.length; w += 1) {
      let any = 0;
      for (const set of sets) if (set) any |= set[w]!;
      result[w]! &= any;
    }
  }

  #keepRange(result: Bits, [start, end]: [number, number]): void {
    for (let position = 0; position < result.length << 5; position += 32) {
      const w = position >>> 5;
      if (position + 32 <= start || position >= end) {
        result[w] = 0;
        continue;
      }
      let mask = 0xffffffff;
      if (start > position) mask &= ~((1 << (start - position)) - 1);
      if (end < position + 32) mask &= (1 << (end - position)) - 1;
      result[w]! &= mask;
    }
  }
}
