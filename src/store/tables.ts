import type { EntityKind } from './entities.js';

// Where each kind of record lives in SQL. A flat catalogue: the flusher builds its upserts and
// the loader reads rows back from it. Columns are the fields in snake_case; every column but
// `id` may be null. `test/store/schema.test.ts` checks this against the migrations.

/** SQL type of a column, and how a value crosses into and out of it. */
export type ColumnType = 'text' | 'int8' | 'int4' | 'float8' | 'bool' | 'jsonb';

/** One column: the record field it holds and its type. */
export interface Column {
  field: string;
  column: string;
  type: ColumnType;
}

/** One table: the kind it stores, its columns in order, and whether rows are never replaced. */
export interface Table {
  kind: EntityKind;
  name: string;
  columns: readonly Column[];
  appendOnly: boolean;
  /** Loaded into memory at start; cold tables are only written. */
  hot: boolean;
}

type Spec = Record<string, ColumnType>;

const player: Spec = {
  id: 'text',
  discordId: 'text',
  discordName: 'text',
  ladderName: 'text',
  battleTag: 'text',
  altNames: 'jsonb',
  country: 'text',
  region: 'text',
  language: 'text',
  lastLocale: 'text',
  termsVersion: 'text',
  termsAcceptedAt: 'int8',
  termsDeclinedAt: 'int8',
  setupCompletedAt: 'int8',
  quickstartReadAt: 'int8',
  noticesAcked: 'jsonb',
  bannedAt: 'int8',
  banReason: 'text',
  abortOverrideMonth: 'text',
  abortOverride: 'int4',
  createdAt: 'int8',
  updatedAt: 'int8',
};

const season: Spec = {
  id: 'text',
  name: 'text',
  startsAt: 'int8',
  plannedEndAt: 'int8',
  endedAt: 'int8',
  isCurrent: 'bool',
  mapPool: 'jsonb',
  rules: 'jsonb',
  carryOver: 'float8',
  overrides: 'jsonb',
  archive: 'text',
};

const rating: Spec = {
  id: 'text',
  seasonId: 'text',
  playerId: 'text',
  race: 'text',
  rating: 'float8',
  rd: 'float8',
  volatility: 'float8',
  games: 'int4',
  wins: 'int4',
  losses: 'int4',
  draws: 'int4',
  lastGameAt: 'int8',
  updatedAt: 'int8',
};

const ratingHistory: Spec = {
  id: 'text',
  seasonId: 'text',
  playerId: 'text',
  race: 'text',
  kind: 'text',
  matchId: 'text',
  auditId: 'text',
  before: 'float8',
  after: 'float8',
  delta: 'float8',
  rdBefore: 'float8',
  rdAfter: 'float8',
  volatilityBefore: 'float8',
  volatilityAfter: 'float8',
  at: 'int8',
  supersededAt: 'int8',
};

const queuePreference: Spec = {
  id: 'text',
  playerId: 'text',
  bwRace: 'text',
  sc2Race: 'text',
  vetoes: 'jsonb',
  updatedAt: 'int8',
};

const queueEntry: Spec = {
  id: 'text',
  playerId: 'text',
  seasonId: 'text',
  bwRace: 'text',
  sc2Race: 'text',
  vetoes: 'jsonb',
  region: 'text',
  ratingsAtJoin: 'jsonb',
  joinedAt: 'int8',
  wavesWaited: 'int4',
  searchMessageId: 'text',
  exit: 'text',
  exitAt: 'int8',
  matchId: 'text',
};

const match: Spec = {
  id: 'text',
  number: 'int8',
  seasonId: 'text',
  waveAt: 'int8',
  stage: 'text',
  p1Id: 'text',
  p2Id: 'text',
  p1Race: 'text',
  p2Race: 'text',
  mapId: 'text',
  server: 'text',
  p1RatingAtPairing: 'float8',
  p2RatingAtPairing: 'float8',
  underdogChance: 'float8',
  p1WaitMs: 'int8',
  p2WaitMs: 'int8',
  deadlineAt: 'int8',
  confirmBy: 'int8',
  reportBy: 'int8',
  noShowBy: 'int8',
  disputeBy: 'int8',
  remindersSent: 'jsonb',
  p1ConfirmedAt: 'int8',
  p2ConfirmedAt: 'int8',
  p1Report: 'jsonb',
  p2Report: 'jsonb',
  noShowClaimantId: 'text',
  noShowClaimedAt: 'int8',
  outcome: 'text',
  outcomeSource: 'text',
  voidReason: 'text',
  abortedBy: 'text',
  missedConfirmation: 'jsonb',
  workItemId: 'text',
  p1RatingBefore: 'float8',
  p1RatingAfter: 'float8',
  p2RatingBefore: 'float8',
  p2RatingAfter: 'float8',
  messageIds: 'jsonb',
  events: 'jsonb',
  createdAt: 'int8',
  updatedAt: 'int8',
  endedAt: 'int8',
};

const replay: Spec = {
  id: 'text',
  sha256: 'text',
  matchId: 'text',
  uploaderId: 'text',
  uploadedAt: 'int8',
  sizeBytes: 'int8',
  summary: 'jsonb',
  verification: 'jsonb',
  status: 'text',
  storageKey: 'text',
  deletedAt: 'int8',
};

const toonLink: Spec = {
  id: 'text',
  playerId: 'text',
  names: 'jsonb',
  linkedAt: 'int8',
  matchId: 'text',
};

const audit: Spec = {
  id: 'text',
  adminId: 'text',
  at: 'int8',
  action: 'text',
  targetPlayerId: 'text',
  matchId: 'text',
  before: 'jsonb',
  after: 'jsonb',
  reason: 'text',
  dmFailed: 'bool',
};

const playerHistory: Spec = {
  id: 'text',
  playerId: 'text',
  field: 'text',
  oldValue: 'jsonb',
  newValue: 'jsonb',
  at: 'int8',
  actor: 'jsonb',
};

const commandLog: Spec = {
  id: 'text',
  discordId: 'text',
  command: 'text',
  at: 'int8',
  where: 'text',
  details: 'jsonb',
};

const workItem: Spec = {
  id: 'text',
  kind: 'text',
  topic: 'text',
  matchIds: 'jsonb',
  playerIds: 'jsonb',
  evidence: 'jsonb',
  dedupeKey: 'text',
  status: 'text',
  claimedBy: 'text',
  messageId: 'text',
  createdAt: 'int8',
  closedAt: 'int8',
};

const keyValue: Spec = { id: 'text', value: 'jsonb', expiresAt: 'int8', updatedAt: 'int8' };

const wave: Spec = {
  id: 'text',
  waveAt: 'int8',
  seasonId: 'text',
  poolSize: 'int4',
  bwOnly: 'int4',
  sc2Only: 'int4',
  bothGames: 'int4',
  allowedPairs: 'int8',
  pairsFormed: 'int4',
  unpaired: 'int4',
  timedOut: 'int4',
  computeMs: 'float8',
  createdAt: 'int8',
};

function table(kind: EntityKind, name: string, spec: Spec, flags: Partial<Table> = {}): Table {
  const columns = Object.entries(spec).map(([field, type]) => ({
    field,
    column: field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
    type,
  }));
  return { kind, name, columns, appendOnly: false, hot: true, ...flags };
}

/** Every table, in the order the loader fills memory (seasons and players first). */
export const tables: readonly Table[] = [
  table('season', 'seasons', season),
  table('player', 'players', player),
  table('rating', 'ratings', rating),
  table('ratingHistory', 'rating_history', ratingHistory),
  table('queuePreference', 'queue_preferences', queuePreference),
  table('queueEntry', 'queue_entries', queueEntry),
  table('match', 'matches', match),
  table('replay', 'replays', replay),
  table('toonLink', 'toon_links', toonLink),
  table('audit', 'audit_log', audit, { appendOnly: true }),
  table('playerHistory', 'player_history', playerHistory, { appendOnly: true }),
  table('commandLog', 'command_log', commandLog, { appendOnly: true, hot: false }),
  table('workItem', 'work_items', workItem),
  table('keyValue', 'key_values', keyValue),
  table('wave', 'waves', wave),
];

/** The table of each kind. */
export const tableOf: ReadonlyMap<EntityKind, Table> = new Map(tables.map((t) => [t.kind, t]));
