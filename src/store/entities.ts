// The typed records the ladder keeps (PRODUCT.md §2, §4, §5, §7, §8, §9). Every record has a
// stable string `id`; the journal and the database upsert by it. Times are epoch milliseconds.
// NOTE: records are plain JSON values (no Date, no Map) so they survive the journal unchanged.

import { raceCodes, type RaceCode } from '../ladder/rules/races.js';

/** The six race codes (PRODUCT.md §2); the rules own the list. */
export type Race = RaceCode;

/** Every race code, in the product's display order. */
export const races: readonly Race[] = raceCodes;

/** Any JSON value, for summaries and details kept as documents. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Who did something: the player, the system, or an admin (by Discord id). */
export type Actor =
  { kind: 'player'; playerId: string } | { kind: 'system' } | { kind: 'admin'; adminId: string };

/** A player (PRODUCT.md §3, §4.2). `id` is chosen by the ladder; `discordId` is unique. */
export interface Player {
  id: string;
  discordId: string;
  /** Discord username, refreshed on every interaction ([G-8]). */
  discordName: string;
  /** Ladder name, 3–12 Latin letters; null before setup. Unique ignoring case. */
  ladderName: string | null;
  battleTag: string | null;
  /** Up to two alternative in-game names, any script. */
  altNames: string[];
  /** ISO 3166 alpha-2, or `XX` / `ZZ`. */
  country: string | null;
  /** One of the 16 residence regions. */
  region: string | null;
  /** Chosen catalogue language; null follows the Discord locale. */
  language: string | null;
  /** Locale of the latest interaction ([G-7]). */
  lastLocale: string | null;
  termsVersion: string | null;
  termsAcceptedAt: number | null;
  termsDeclinedAt: number | null;
  /** First time setup was completed; kept when setup is redone. */
  setupCompletedAt: number | null;
  quickstartReadAt: number | null;
  /** Race notice keys the player acknowledged ([M-8]). */
  noticesAcked: string[];
  bannedAt: number | null;
  banReason: string | null;
  /** Month (`YYYY-MM`, community time zone) an admin abort override belongs to ([M-9]). */
  abortOverrideMonth: string | null;
  /** Aborts left as set by an admin for `abortOverrideMonth`. */
  abortOverride: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Rating rules of a season (PRODUCT.md §7.1, §7.2). */
export type RatingRules =
  | { system: 'elo'; start: number; k: number; divisor: number }
  | {
      system: 'glicko2';
      start: number;
      rd: number;
      volatility: number;
      tau: number;
      inactivityDays: number;
      provisionalRd: number;
    };

/** A season (PRODUCT.md §7.7). Exactly one has `isCurrent`. */
export interface Season {
  id: string;
  name: string;
  startsAt: number;
  plannedEndAt: number | null;
  endedAt: number | null;
  isCurrent: boolean;
  mapPool: string[];
  rules: RatingRules;
  /** Carry-over factor f for new entries (0 = full reset). */
  carryOver: number;
  /** Overrides of rank bands and matchmaking constants, as configured. */
  overrides: Json;
  /** Leaderboard archive state after the season ended. */
  archive: 'none' | 'provisional' | 'final';
}

/** One entry: the rating of (season, player, race). `id` is `ratingId(...)`. */
export interface Rating {
  id: string;
  seasonId: string;
  playerId: string;
  race: Race;
  rating: number;
  /** Glicko-2 deviation and volatility; null under Elo. */
  rd: number | null;
  volatility: number | null;
  /** Derived from finalized matches ([R-7]); cached here for ranking and the provisional mark. */
  games: number;
  wins: number;
  losses: number;
  draws: number;
  lastGameAt: number | null;
  updatedAt: number;
}

/** The id of the entry of (season, player, race). */
export function ratingId(seasonId: string, playerId: string, race: Race): string {
  return `${seasonId}/${playerId}/${race}`;
}

/** One line of the rating ledger (PRODUCT.md §7.5): a rated game for one side, or an adjustment. */
export interface RatingHistory {
  id: string;
  seasonId: string;
  playerId: string;
  race: Race;
  kind: 'game' | 'adjustment';
  /** The match for `game`; null for an adjustment. */
  matchId: string | null;
  /** The audit entry that made an adjustment. */
  auditId: string | null;
  before: number;
  after: number;
  delta: number;
  rdBefore: number | null;
  rdAfter: number | null;
  /** Glicko-2 volatility around the line (null under Elo), so a re-rating can resume here. */
  volatilityBefore: number | null;
  volatilityAfter: number | null;
  /** The ledger order: match creation time, or the adjustment time. */
  at: number;
  /** Superseded by a re-rating ([R-5]); the newer line carries the same match. */
  supersededAt: number | null;
}

/** Saved queue panel choices (PRODUCT.md §4.6). `id` is the player id. */
export interface QueuePreference {
  id: string;
  playerId: string;
  bwRace: Race | null;
  sc2Race: Race | null;
  /** Vetoed map ids, at most 4. */
  vetoes: string[];
  updatedAt: number;
}

/** Why a queue entry closed. */
export type QueueExit = 'matched' | 'left' | 'removed' | 'cleared' | 'banned' | 'timeout' | 'terms';

/** One stay in the matchmaking pool (PRODUCT.md §4.6, §6); also the simulator's queue log. */
export interface QueueEntry {
  id: string;
  playerId: string;
  seasonId: string;
  bwRace: Race | null;
  sc2Race: Race | null;
  vetoes: string[];
  region: string | null;
  /** Ratings of the chosen races at join, for the what-if simulator. */
  ratingsAtJoin: Partial<Record<Race, number>>;
  joinedAt: number;
  wavesWaited: number;
  /** Discord message id of the searching message. */
  searchMessageId: string | null;
  /** Null while queued. */
  exit: QueueExit | null;
  exitAt: number | null;
  matchId: string | null;
}

/** Match states (PRODUCT.md §5.1). */
export type MatchStage =
  | 'awaiting_confirmation'
  | 'in_progress'
  | 'no_show_claimed'
  | 'disputed'
  | 'finalized'
  | 'aborted'
  | 'abandoned'
  | 'voided';

/** Stages that are over. */
export const terminalStages: readonly MatchStage[] = [
  'finalized',
  'aborted',
  'abandoned',
  'voided',
];

/** Rated or void outcome (PRODUCT.md §2). */
export type Outcome = 'p1_win' | 'p2_win' | 'draw' | 'void';

/** How a finalized match got its outcome. */
export type OutcomeSource = 'replay' | 'agreement' | 'uncontested' | 'admin' | 'dispute_expired';

/** Why a match was voided. */
export type VoidReason = 'admin' | 'no_result' | 'no_show' | 'banned' | 'dispute_expired';

/** A player's statement of the outcome, from their own point of view. */
export interface MatchReport {
  value: 'win' | 'loss' | 'draw';
  at: number;
  source: 'button' | 'replay';
}

/** One line of a match's event history. */
export interface MatchEvent {
  at: number;
  actor: Actor;
  event: string;
  details: Json;
}

/** A match with its stage and every deadline (PRODUCT.md §5). Player 1 is the BW side. */
export interface Match {
  id: string;
  /** The public match number (#812); unique. */
  number: number;
  seasonId: string;
  waveAt: number;
  stage: MatchStage;
  p1Id: string;
  p2Id: string;
  p1Race: Race;
  p2Race: Race;
  mapId: string;
  server: string;
  /** Ratings at pairing time; never changed later. */
  p1RatingAtPairing: number;
  p2RatingAtPairing: number;
  underdogChance: number;
  p1WaitMs: number;
  p2WaitMs: number;
  /** The current stage's deadline; null in terminal stages. */
  deadlineAt: number | null;
  confirmBy: number | null;
  reportBy: number | null;
  noShowBy: number | null;
  disputeBy: number | null;
  /** Reminders already sent, by key (`confirm_20s`, `report_45m`, ...), so restarts don't repeat. */
  remindersSent: string[];
  p1ConfirmedAt: number | null;
  p2ConfirmedAt: number | null;
  p1Report: MatchReport | null;
  p2Report: MatchReport | null;
  noShowClaimantId: string | null;
  noShowClaimedAt: number | null;
  outcome: Outcome | null;
  outcomeSource: OutcomeSource | null;
  voidReason: VoidReason | null;
  /** Player who aborted, or the players who missed the confirmation. */
  abortedBy: string | null;
  missedConfirmation: string[];
  workItemId: string | null;
  /** Rating before and after for each player; derived, updated by re-rating. */
  p1RatingBefore: number | null;
  p1RatingAfter: number | null;
  p2RatingBefore: number | null;
  p2RatingAfter: number | null;
  /** Ids of every message sent about the match, by purpose. */
  messageIds: Record<string, string>;
  events: MatchEvent[];
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
}

/** An uploaded replay (PRODUCT.md §8). Several records may share a sha256 (check 6). */
export interface Replay {
  id: string;
  sha256: string;
  matchId: string;
  uploaderId: string;
  uploadedAt: number;
  sizeBytes: number;
  /** The decoder's summary, as a document. */
  summary: Json;
  /** Every check with expected and found values. */
  verification: Json;
  status: 'verified' | 'accepted' | 'rejected';
  /** Where the file is kept (disk path or object key). */
  storageKey: string;
  /** Rejected files are deleted after 30 days ([V-1]). */
  deletedAt: number | null;
}

/** A Battle.net toon linked to a player from a verified replay (PRODUCT.md §8.3). `id` is the toon. */
export interface ToonLink {
  id: string;
  playerId: string;
  /** Names seen on this toon in replays. */
  names: string[];
  linkedAt: number;
  matchId: string | null;
}

/** An admin audit entry ([A-7]). */
export interface AuditEntry {
  id: string;
  adminId: string;
  at: number;
  action: string;
  targetPlayerId: string | null;
  matchId: string | null;
  before: Json;
  after: Json;
  reason: string;
  dmFailed: boolean;
}

/** One change to a player's data ([G-8]). */
export interface PlayerHistory {
  id: string;
  playerId: string;
  field: string;
  oldValue: Json;
  newValue: Json;
  at: number;
  actor: Actor;
}

/** One command use ([G-10]). Kept in the database only, never loaded into memory. */
export interface CommandLog {
  id: string;
  discordId: string;
  command: string;
  at: number;
  where: 'dm' | 'guild';
  details: Json;
}

/** A work-queue card: dispute, review or signal (PRODUCT.md §9.3, §9.5). */
export interface WorkItem {
  id: string;
  kind: 'dispute' | 'review' | 'signal';
  /** Signal name (`shared_toon`, `frequent_pair`, ...) or review reason. */
  topic: string;
  matchIds: string[];
  playerIds: string[];
  evidence: Json;
  /** Identifies the evidence so the same signal is never raised twice. */
  dedupeKey: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  claimedBy: string | null;
  messageId: string | null;
  createdAt: number;
  closedAt: number | null;
}

/** Small durable state that must survive a restart: queue open/closed, flows in progress. */
export interface KeyValue {
  id: string;
  value: Json;
  /** Entries past this time are ignored by readers (setup flows expire). */
  expiresAt: number | null;
  updatedAt: number;
}

/**
 * One wave's figures ([MM-6]). `id` is `waveId(waveAt)`: one record per scheduled time, so a
 * wave written twice replaces itself. Only waves with a pool are stored; idle ones are not.
 */
export interface Wave {
  id: string;
  waveAt: number;
  seasonId: string;
  /** Entries paired over, after timeouts. */
  poolSize: number;
  bwOnly: number;
  sc2Only: number;
  /** Entries that chose both games. */
  bothGames: number;
  /** Allowed pairs in the wave's graph. */
  allowedPairs: number;
  pairsFormed: number;
  unpaired: number;
  /** Entries that reached the queue timeout at this wave. */
  timedOut: number;
  /** Time the pairing took, in milliseconds (fractional). */
  computeMs: number;
  createdAt: number;
}

/** The id of the wave of `waveAt`. */
export function waveId(waveAt: number): string {
  return `wave/${waveAt}`;
}

/** Each kind of record, by its kind name. */
export interface EntityMap {
  player: Player;
  season: Season;
  rating: Rating;
  ratingHistory: RatingHistory;
  queuePreference: QueuePreference;
  queueEntry: QueueEntry;
  match: Match;
  replay: Replay;
  toonLink: ToonLink;
  audit: AuditEntry;
  playerHistory: PlayerHistory;
  commandLog: CommandLog;
  workItem: WorkItem;
  keyValue: KeyValue;
  wave: Wave;
}

/** The name of a kind of record. */
export type EntityKind = keyof EntityMap;

/** A record of any kind. */
export type AnyEntity = EntityMap[EntityKind];

/**
 * One change: inserts or replaces the whole record by id. Append-only kinds
 * (`audit`, `playerHistory`, `commandLog`) may only be written once per id.
 */
export type Change = { [K in EntityKind]: { kind: K; record: EntityMap[K] } }[EntityKind];

/** Kinds whose records are never replaced once written. */
export const appendOnlyKinds: ReadonlySet<EntityKind> = new Set<EntityKind>([
  'audit',
  'playerHistory',
  'commandLog',
]);
