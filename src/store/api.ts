import type { Logger } from '../logger.js';
import type {
  AuditEntry,
  Change,
  KeyValue,
  Match,
  MatchStage,
  Player,
  PlayerHistory,
  QueueEntry,
  QueuePreference,
  Race,
  Rating,
  RatingHistory,
  Replay,
  Season,
  ToonLink,
  Wave,
  WorkItem,
} from './entities.js';

/** Letter ranks (PRODUCT.md §7.4); `U` is unranked. */
export type RankLetter = 'S' | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'U';

/** A ranked entry with its position in the season's ladder. */
export interface RankedEntry {
  rating: Rating;
  /** 1-based global rank among ranked entries (one ladder across races). */
  rank: number;
  letter: RankLetter;
  /** Highest ranked entry of its player (ties: the most recent game). */
  isBestRace: boolean;
}

/** Filters of a leaderboard page (PRODUCT.md §4.5); empty lists mean "any". */
export interface LeaderboardFilter {
  races?: readonly Race[];
  /** Country codes of the players; `ZZ` means any country outside `commonCountries`. */
  countries?: readonly string[];
  letter?: Exclude<RankLetter, 'U'>;
  bestRaceOnly?: boolean;
}

/** One page of the leaderboard; a page past the end gives the last page. */
export interface LeaderboardPage {
  entries: RankedEntry[];
  /** Entries matching the filters. */
  total: number;
  /** 1-based page actually returned, and the number of pages (at least 1). */
  page: number;
  pages: number;
}

/** Games and results of one set of finalized matches. */
export interface GameRecord {
  games: number;
  wins: number;
  losses: number;
  draws: number;
  /** Creation time of the latest game; null without games. */
  lastGameAt: number | null;
}

/** One race's lines of a profile (PRODUCT.md §4.4). */
export interface RaceStats {
  race: Race;
  /** Games in the season asked for. */
  season: GameRecord;
  /** Games in the last 14, 30 and 90 days, across seasons. */
  last14Days: GameRecord;
  last30Days: GameRecord;
  last90Days: GameRecord;
}

/** A profile's figures, all counted from finalized match records ([R-7]). */
export interface PlayerStats {
  /** Every race, in race order (zero records where the player has no games). */
  races: RaceStats[];
  /** All-time, every season and race. */
  total: GameRecord;
}

/** Synchronous in-memory queries. Returned records are live: never mutate them, write changes. */
export interface StoreReader {
  /** A player by the ladder's id. */
  player(id: string): Player | undefined;
  /** A player by Discord user id. */
  playerByDiscordId(discordId: string): Player | undefined;
  /** A player by ladder name, ignoring case. */
  playerByName(name: string): Player | undefined;
  /** Players whose ladder name or an alt name equals `name`, ignoring case. */
  playersByAnyName(name: string): Player[];
  /** A player by BattleTag, ignoring case. */
  playerByBattleTag(battleTag: string): Player | undefined;
  /** Every player (unordered). */
  players(): Iterable<Player>;

  /** A season by id. */
  season(id: string): Season | undefined;
  /** The season marked current, if any. */
  currentSeason(): Season | undefined;
  /** Every season, by start time. */
  seasons(): Season[];

  /** The entry of (season, player, race). */
  rating(seasonId: string, playerId: string, race: Race): Rating | undefined;
  /** A player's entries in a season. */
  ratingsOfPlayer(seasonId: string, playerId: string): Rating[];
  /**
   * Rank, letter and best-race flag of one entry; undefined when unranked (U). Ranks may lag a
   * write by up to `rankingRebuildGapMs` (default 1 s); the rating record itself never lags.
   */
  rankOf(seasonId: string, playerId: string, race: Race): RankedEntry | undefined;
  /** Number of ranked entries in the season now. */
  rankedCount(seasonId: string): number;
  /** One leaderboard page. @defaultValue pageSize 40 */
  leaderboard(
    seasonId: string,
    filter: LeaderboardFilter,
    page: number,
    pageSize?: number,
  ): LeaderboardPage;
  /** Ledger lines of an entry, in ledger order (`at`, then id). */
  ratingHistory(seasonId: string, playerId: string, race: Race): RatingHistory[];
  /** Ledger lines of a season, in ledger order; for re-rating. */
  seasonLedger(seasonId: string): RatingHistory[];
  /** Ledger lines of a season with `at` ≥ `fromAt`, in ledger order: what a re-rating replays. */
  seasonLedgerSince(seasonId: string, fromAt: number): RatingHistory[];

  /** Saved queue choices of a player. */
  queuePreference(playerId: string): QueuePreference | undefined;
  /** A queue entry by id. */
  queueEntry(id: string): QueueEntry | undefined;
  /** The open queue entry of a player. */
  openQueueEntryOf(playerId: string): QueueEntry | undefined;
  /** Every open queue entry, by join time. */
  openQueueEntries(): QueueEntry[];
  /** Queue entries joined in [fromMs, toMs), by join time; the simulator's log. */
  queueLog(fromMs: number, toMs: number): QueueEntry[];

  /** A match by id. */
  match(id: string): Match | undefined;
  /** A match by its public number. */
  matchByNumber(number: number): Match | undefined;
  /** A player's matches, oldest first. */
  matchesOfPlayer(playerId: string): Match[];
  /** A player's matches that are not over (terminal stages excluded), oldest first. */
  openMatchesOfPlayer(playerId: string): Match[];
  /** How many matches a player has (any stage); no copying. */
  matchCountOfPlayer(playerId: string): number;
  /** A player's latest `limit` matches, newest first: a bounded page for profiles. */
  recentMatchesOfPlayer(playerId: string, limit: number): Match[];
  /**
   * A player's profile figures from finalized matches: per race in `seasonId` and in the
   * 14/30/90 days before now (any season), and all-time. Builds no match record.
   */
  playerStats(playerId: string, seasonId: string): PlayerStats;
  /** Matches currently in a stage (unordered). */
  matchesInStage(stage: MatchStage): Match[];
  /** The highest match number so far (0 when none). */
  lastMatchNumber(): number;

  /** A replay by id. */
  replay(id: string): Replay | undefined;
  /** Every replay with this content hash (several when a file was reused). */
  replaysBySha256(sha256: string): Replay[];
  /** A match's replays, by upload time. */
  replaysOfMatch(matchId: string): Replay[];

  /** The link of a toon. */
  toonLink(toon: string): ToonLink | undefined;
  /** Toons linked to a player. */
  toonLinksOfPlayer(playerId: string): ToonLink[];

  /** Audit entries, newest first, filtered by player, match or admin. @defaultValue limit 50 */
  auditEntries(filter: {
    playerId?: string;
    matchId?: string;
    adminId?: string;
    limit?: number;
  }): AuditEntry[];
  /** A player's history, oldest first. */
  playerHistory(playerId: string): PlayerHistory[];

  /** A work item by id. */
  workItem(id: string): WorkItem | undefined;
  /** Open work items, oldest first, optionally of one kind. */
  openWorkItems(kind?: WorkItem['kind']): WorkItem[];
  /** The work item raised for this evidence, if any. */
  workItemByDedupeKey(key: string): WorkItem | undefined;

  /** A durable setting or flow state, if not expired. */
  keyValue(key: string): KeyValue | undefined;

  /** Stored waves with `fromMs <= waveAt < toMs`, oldest first ([MM-6]). */
  waves(fromMs: number, toMs: number): Wave[];
  /** The latest stored wave. */
  lastWave(): Wave | undefined;
}

/** Figures of the write path, for metrics and /health. */
export interface StoreStats {
  /** Journal records not yet in the database. */
  pendingRecords: number;
  pendingChanges: number;
  journalBytes: number;
  /** Sequence number of the last acknowledged and of the last flushed record. */
  lastSeq: number;
  flushedSeq: number;
  flushFailures: number;
  lastFlushMs: number;
  lastFlushRows: number;
  /** Rows flushed since start, and milliseconds with a flush transaction open (once if several). */
  flushedRows: number;
  flushBusyMs: number;
  /** 95th percentile of recent flush transactions (the last 1,024), in ms. */
  flushBatchP95Ms: number;
  /** True while the database is unreachable and the flusher is backing off. */
  databaseDown: boolean;
}

/** The data layer: reads from memory, durable writes. */
export interface Store {
  /** In-memory queries; never touch the database. */
  readonly read: StoreReader;
  /**
   * Applies a batch of changes to memory, appends them to the journal as one record and
   * resolves once it is fsynced (acknowledged). The batch is all-or-nothing across crashes.
   * Throws `StoreError` `invalid_change` / `conflict` (nothing applied) or `closed`.
   */
  write(changes: readonly Change[]): Promise<void>;
  /** Drains the journal to the database now; resolves when everything written so far landed. */
  flush(): Promise<void>;
  /** Current write-path figures. */
  stats(): StoreStats;
  /** Flushes what it can, stops the flusher, and closes the journal and the database. */
  close(): Promise<void>;
}

/** How to open the store. */
export interface StoreOptions {
  /** The data folder: journal, PGlite database, format marker. */
  dataDir: string;
  /** PostgreSQL server; without it, an embedded PGlite in `dataDir/pg`. */
  databaseUrl?: string;
  /** @defaultValue 10 */
  poolSize?: number;
  /**
   * Changes per flush batch, and the count that starts one early.
   * @defaultValue 150 on PostgreSQL (batch p95 under 50 ms), 2000 on PGlite
   */
  flushRows?: number;
  /**
   * Flush batches written at once on PostgreSQL, each on its own connection (PGlite: 1).
   * @defaultValue 2
   */
  flushInFlight?: number;
  /** Flush at least this often while changes are pending. @defaultValue 250 */
  flushIntervalMs?: number;
  /** Longest backoff between flush retries. @defaultValue 30000 */
  retryMaxMs?: number;
  /** Start a fresh journal segment past this size once flushed. @defaultValue 16 MiB */
  segmentBytes?: number;
  /** Country codes listed on their own; others count as `ZZ` in leaderboard filters. */
  commonCountries?: readonly string[];
  /** Entries other parts keep in the data folder (never taken as an unknown format). */
  foreignEntries?: readonly string[];
  /** After a change, ranks may stay this stale (real time) before a read rebuilds them. @defaultValue 1000 */
  rankingRebuildGapMs?: number;
  /** The clock, for the 14-day ranking cutoff. @defaultValue Date.now */
  now?: () => number;
  logger?: Logger;
}
