import type { LeaderboardFilter, LeaderboardPage, RankedEntry } from './api.js';
import type { Rating } from './entities.js';
import { LeaderboardIndex, type IndexedRow } from './leaderboard-index.js';
import { bandLetterTable } from './rank-bands.js';
import { SortedBlocks } from './sorted-blocks.js';

// One season's ladder. Entries with games are kept sorted by the leaderboard order (rating desc,
// latest game desc, ladder name, id) in small blocks, so a change moves one block's elements. Ranks depend on the clock (the 14-day cutoff), so a snapshot of ranked rows
// is rebuilt from the sorted array, in one linear pass, when it is read after a change.

/** Ranked entries are those with a game within this window (PRODUCT.md §7.4). */
export const rankedWindowMs = 14 * 24 * 60 * 60 * 1000;

// Rebuild at least this often as the cutoff moves, even with no change ([R-3]: one minute).
const cutoffStepMs = 30_000;

interface SortKey {
  id: string;
  rating: number;
  lastGameAt: number;
  name: string;
  record: Rating;
}

/** A ranked entry plus what the filters need. */
interface RankedRow extends RankedEntry, IndexedRow {}

/** Player facts the ranking needs; given by the read model. */
export interface RankingPlayers {
  nameOf(playerId: string): string;
  countryOf(playerId: string): string | null;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rating !== b.rating) return b.rating - a.rating;
  if (a.lastGameAt !== b.lastGameAt) return b.lastGameAt - a.lastGameAt;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The sorted ladder of one season, with ranks computed on demand. */
export class SeasonRanking {
  readonly #players: RankingPlayers;
  readonly #commonCountries: ReadonlySet<string>;
  #sorted = new SortedBlocks(compareKeys);
  #keys = new Map<string, SortKey>();
  #isBulk = false;
  /** Keys added in bulk mode, unsorted until `endBulk`. */
  #bulk: SortKey[] = [];
  #rows: RankedRow[] = [];
  #byId = new Map<string, RankedRow>();
  #index = new LeaderboardIndex([], new Set());
  #builtAt = Number.NEGATIVE_INFINITY;
  #builtAtMonotonic = Number.NEGATIVE_INFINITY;
  #isDirty = true;
  readonly #rebuildGapMs: number;

  /**
   * @param rebuildGapMs - after a change, ranks may stay this stale (real time) before a read
   *   rebuilds them; bounds the rebuild cost under a stream of writes.
   */
  constructor(players: RankingPlayers, commonCountries: ReadonlySet<string>, rebuildGapMs: number) {
    this.#players = players;
    this.#commonCountries = commonCountries;
    this.#rebuildGapMs = rebuildGapMs;
  }

  /** Appends without sorting until `endBulk`, for loading at start. */
  beginBulk(): void {
    this.#isBulk = true;
  }

  /** Sorts what was appended in bulk. */
  endBulk(): void {
    this.#isBulk = false;
    if (this.#bulk.length > 0) this.#sorted.reset([...this.#sorted, ...this.#bulk]);
    this.#bulk = [];
    this.#isDirty = true;
  }

  /** Inserts, moves or removes an entry after its rating record changed. */
  update(record: Rating): void {
    const old = this.#keys.get(record.id);
    if (old) this.#remove(old);
    if (record.games === 0 || record.lastGameAt === null) return;

    const key: SortKey = {
      id: record.id,
      rating: record.rating,
      lastGameAt: record.lastGameAt,
      name: this.#players.nameOf(record.playerId),
      record,
    };
    this.#keys.set(record.id, key);
    this.#isDirty = true;
    if (this.#isBulk) this.#bulk.push(key);
    else this.#sorted.insert(key);
  }

  /** Marks ranks stale without moving anything (a player's country changed). */
  touch(): void {
    this.#isDirty = true;
  }

  /** The rank of one entry, if it is ranked. */
  rankOf(ratingId: string, now: number): RankedEntry | undefined {
    this.#refresh(now);
    return this.#byId.get(ratingId);
  }

  /** Number of ranked entries now. */
  rankedCount(now: number): number {
    this.#refresh(now);
    return this.#rows.length;
  }

  /** One filtered page; past the end gives the last page. */
  page(filter: LeaderboardFilter, page: number, pageSize: number, now: number): LeaderboardPage {
    this.#refresh(now);
    const bits = this.#index.select(filter);
    const total = bits ? LeaderboardIndex.count(bits) : this.#rows.length;

    const pages = Math.max(1, Math.ceil(total / pageSize));
    const shown = Math.min(Math.max(1, Math.floor(page) || 1), pages);
    const skip = (shown - 1) * pageSize;
    const rows = bits
      ? LeaderboardIndex.positions(bits, skip, pageSize).map((position) => this.#rows[position]!)
      : this.#rows.slice(skip, skip + pageSize);
    return { entries: rows.map(publicEntry), total, page: shown, pages };
  }

  #refresh(now: number): void {
    const isCutoffFresh = now - this.#builtAt < cutoffStepMs && now >= this.#builtAt;
    const isRecent = performance.now() - this.#builtAtMonotonic < this.#rebuildGapMs;
    if (isCutoffFresh && (!this.#isDirty || isRecent)) return;
    const cutoff = now - rankedWindowMs;
    const ranked = this.#sorted.filter((key) => key.lastGameAt >= cutoff);
    const letters = bandLetterTable(ranked.length);
    const seen = new Set<string>();

    this.#rows = new Array<RankedRow>(ranked.length);
    this.#byId = new Map();
    for (const [index, key] of ranked.entries()) {
      // Sorted order puts a player's best entry first; ties already favour the latest game.
      const playerId = key.record.playerId;
      const isBestRace = !seen.has(playerId);
      seen.add(playerId);

      const row: RankedRow = {
        rating: key.record,
        rank: index + 1,
        letter: letters[index]!,
        isBestRace,
        race: key.record.race,
        country: this.#players.countryOf(playerId),
      };
      this.#rows[index] = row;
      this.#byId.set(key.id, row);
    }
    this.#index = new LeaderboardIndex(this.#rows, this.#commonCountries);
    this.#builtAt = now;
    this.#builtAtMonotonic = performance.now();
    this.#isDirty = false;
  }

  #remove(key: SortKey): void {
    this.#keys.delete(key.id);
    this.#isDirty = true;
    // In bulk mode a key may still wait unsorted (a record rewritten within one load).
    const pending = this.#isBulk ? this.#bulk.indexOf(key) : -1;
    if (pending >= 0) this.#bulk.splice(pending, 1);
    else this.#sorted.remove(key);
  }
}

function publicEntry(row: RankedRow): RankedEntry {
  return { rating: row.rating, rank: row.rank, letter: row.letter, isBestRace: row.isBestRace };
}
