import type {
  AnyEntity,
  AuditEntry,
  Change,
  EntityKind,
  EntityMap,
  Match,
  MatchStage,
  Player,
  PlayerHistory,
  QueueEntry,
  Rating,
  RatingHistory,
  Replay,
  ToonLink,
  Wave,
  WorkItem,
} from './entities.js';
import { terminalStages } from './entities.js';
import {
  ChunkedColumn,
  CompactTable,
  StringPool,
  type RecordTable,
  type ShortIds,
} from './compact/index.js';
import { IdIndex, NumberIndex, OrderedIds } from './id-index.js';
import { OrderedRows } from './ordered-rows.js';
import { resultTag } from './player-stats.js';
import { SeasonRanking } from './ranking.js';
import { tableOf } from './tables.js';

/** Records of each kind by id; matches and rating history are compact tables. */
export type Records = {
  [K in Exclude<EntityKind, 'match' | 'ratingHistory'>]: Map<string, EntityMap[K]>;
} & {
  match: CompactTable<Match>;
  ratingHistory: CompactTable<RatingHistory>;
};

/** How the read model is tuned. */
export interface ReadModelOptions {
  commonCountries: ReadonlySet<string>;
  rankingRebuildGapMs: number;
}

// Memory: a million finished matches as objects took ~1.3 KB each (13 small objects, boxed
// numbers, fresh strings from jsonb): RSS 2.2 GB. Finished matches and every rating history
// line are kept as compact rows instead (see compact/compact-table.ts); live matches stay
// objects, since they change every minute and are few.

/** Stages that are over; such matches are compact rows, not indexed by stage. */
export const terminal: ReadonlySet<string> = new Set(terminalStages);
// Built records each compact table keeps for reuse (~1.3 MB of matches). Kept records outlive
// a scavenge and die in the old generation when replaced; measured on random profile reads
// (10 latest matches each), CPU per match built: 1,024 slots 3.6–4.1 µs, 16,384 slots
// 5.9–6.8 µs, the difference being garbage collection.
const recentRecords = 1_024;

/**
 * A ledger line's id is its source (match, or the audit entry of an adjustment), player and
 * race, then a version (ledger.ts, admin.ts): `m_…/p_…/bw_zerg#1`. Rows keep the version
 * alone, a byte where the id took an 80-byte string.
 */
const lineIds: ShortIds<RatingHistory> = {
  suffixOf: (line) => {
    const hash = line.id.lastIndexOf('#');
    const version = Number(line.id.slice(hash + 1));
    return hash > 0 && Number.isSafeInteger(version) && version > 0 ? version : null;
  },
  idOf: (line, version) =>
    `${line.matchId ?? line.auditId}/${line.playerId}/${line.race}#${version}`,
};

/**
 * Every hot record in Maps, with the secondary indexes the reads need. `apply` takes a change
 * that already passed validation; queries live in `reader.ts`.
 */
export class ReadModel {
  /** Strings the compact tables share (player ids, stages, maps, event names). */
  readonly strings = new StringPool();

  readonly records: Records = {
    ...(Object.fromEntries(
      (
        [
          'player',
          'season',
          'rating',
          'queuePreference',
          'queueEntry',
          'replay',
          'toonLink',
          'audit',
          'playerHistory',
          'commandLog',
          'workItem',
          'keyValue',
          'wave',
        ] as const
      ).map((kind) => [kind, new Map()]),
    ) as unknown as Records),
    match: new CompactTable<Match>({
      columns: tableOf.get('match')!.columns,
      pool: this.strings,
      isCompact: (match) => terminal.has(match.stage),
      keyFields: ['createdAt'],
      inlineFields: ['workItemId'],
      cacheSize: recentRecords,
    }),
    // Ledger lines are written once and rarely superseded: all of them compact.
    ratingHistory: new CompactTable<RatingHistory>({
      columns: tableOf.get('ratingHistory')!.columns,
      pool: this.strings,
      isCompact: () => true,
      keyFields: ['at'],
      inlineFields: ['matchId', 'auditId'],
      cacheSize: recentRecords,
      shortIds: lineIds,
    }),
  };

  readonly playerByDiscordId = new Map<string, string>();
  readonly playerByName = new Map<string, string>();
  readonly playerByAnyName = new IdIndex();
  readonly playerByBattleTag = new Map<string, string>();

  /**
   * Each player's entries, every season's: keyed by the player id, a string the model holds
   * anyway, where a key per (season, player) took a new string each (~10 MB over 100,000).
   */
  readonly ratingsOfPlayer = new IdIndex();
  readonly rankings = new Map<string, SeasonRanking>();
  /**
   * Each player's ledger lines, as rows of the ledger table, in ledger order; `linesOfEntry`
   * picks one entry's from them by the entry slot kept per row.
   */
  readonly ledgerOfPlayer: OrderedRows;
  /** Each season's ledger in ledger order, so a re-rating reads only the lines it replays. */
  readonly historyOfSeason: OrderedRows;

  readonly openQueueByPlayer = new Map<string, string>();
  queueByJoin: string[] = [];
  isQueueSorted = true;

  readonly matchByNumber = new NumberIndex();
  /** Each player's matches by creation, tagged with what each counts for them (player-stats). */
  readonly matchesOfPlayer: OrderedIds;
  /** A small number per season id, for the tags (never reused). */
  readonly #seasonSlots = new Map<string, number>();
  /**
   * Ids of the matches in each live stage. Terminal stages are not indexed: they hold nearly
   * every match (a Set of 1M ids is ~20 MB) and are read whole only by re-rating, which
   * scans the table instead (reader.ts).
   */
  readonly matchesInStage = new Map<MatchStage, Set<string>>();
  /** Each player's matches that are not over: commands check them, so none walks a history. */
  readonly openMatchesOfPlayer = new IdIndex();
  lastMatchNumber = 0;

  readonly replaysBySha256 = new IdIndex();
  readonly replaysOfMatch = new IdIndex();
  readonly toonsOfPlayer = new IdIndex();

  readonly audit: OrderedIds;
  readonly historyOfPlayer: OrderedIds;
  readonly openWork = new Set<string>();
  readonly workByDedupeKey = new Map<string, string>();
  /** Every wave under one key, by wave time, so time-range reads bisect instead of scanning. */
  readonly waves: OrderedIds;

  readonly #options: ReadModelOptions;
  /** A small number per (season, race) pair, and the pair of each ledger row. */
  readonly #entrySlots = new Map<string, number>();
  readonly #entryOfLine = new ChunkedColumn((rows) => new Uint32Array(rows));

  constructor(options: ReadModelOptions) {
    this.#options = options;
    const { ratingHistory, match, audit, playerHistory } = this.records;
    // Order keys are read from the tables' key columns: no record is built to sort a list.
    // Ledger lists hold rows, not ids: ledger rows are never freed, so a row names one line
    // for good (and 2M lines keep no id strings).
    const atOf = ratingHistory.keyColumn('at');
    const lineOrder = {
      timeOf: (row: number) => atOf(row) || 0,
      idOf: (row: number) => ratingHistory.idAt(row),
    };
    this.ledgerOfPlayer = new OrderedRows(lineOrder);
    this.historyOfSeason = new OrderedRows(lineOrder);
    this.matchesOfPlayer = new OrderedIds((id) => match.numberOf(id, 'createdAt') ?? 0);
    this.audit = new OrderedIds((id) => audit.get(id)?.at ?? 0);
    this.historyOfPlayer = new OrderedIds((id) => playerHistory.get(id)?.at ?? 0);
    this.waves = new OrderedIds((id) => this.records.wave.get(id)?.waveAt ?? 0);
  }

  /** The slot of a season in the match tags; -1 for a season no match named yet. */
  seasonSlot(seasonId: string): number {
    return this.#seasonSlots.get(seasonId) ?? -1;
  }

  #slotOf(seasonId: string): number {
    let slot = this.#seasonSlots.get(seasonId);
    if (slot === undefined) {
      slot = this.#seasonSlots.size;
      this.#seasonSlots.set(seasonId, slot);
    }
    return slot;
  }

  /** The ledger lines of the entry (season, player, race), as rows in ledger order. */
  linesOfEntry(seasonId: string, playerId: string, race: string): number[] {
    const slot = this.#entrySlots.get(entrySlotKey(seasonId, race));
    if (slot === undefined) return [];
    return this.ledgerOfPlayer.get(playerId).filter((row) => this.#entryOfLine.get(row) === slot);
  }

  /** The ranking of a season, created on first use. */
  ranking(seasonId: string): SeasonRanking {
    let ranking = this.rankings.get(seasonId);
    if (!ranking) {
      const players = {
        nameOf: (id: string) => this.records.player.get(id)?.ladderName ?? '',
        countryOf: (id: string) => this.records.player.get(id)?.country ?? null,
      };
      ranking = new SeasonRanking(
        players,
        this.#options.commonCountries,
        this.#options.rankingRebuildGapMs,
      );
      this.rankings.set(seasonId, ranking);
    }
    return ranking;
  }

  /** Rankings append unsorted until `endBulk` (loading at start). */
  beginBulk(): void {
    for (const ranking of this.rankings.values()) ranking.beginBulk();
    for (const list of this.#orderedLists()) list.beginBulk();
    this.ledgerOfPlayer.beginBulk();
    this.historyOfSeason.beginBulk();
    this.#isBulk = true;
  }

  /** Sorts everything appended in bulk. */
  endBulk(): void {
    this.#isBulk = false;
    for (const ranking of this.rankings.values()) ranking.endBulk();
    // Order the per-key lists now, so no read after the load pays for a sort.
    for (const list of this.#orderedLists()) list.endBulk();
    this.ledgerOfPlayer.endBulk();
    this.historyOfSeason.endBulk();
  }

  #orderedLists(): OrderedIds[] {
    return [this.matchesOfPlayer, this.audit, this.historyOfPlayer, this.waves];
  }

  #isBulk = false;

  /** Applies one validated change: replaces the record and moves its index entries. */
  apply(change: Change): void {
    // Cold records (the command log) go to the database only.
    if (change.kind === 'commandLog') return;
    const map = this.records[change.kind] as RecordTable<AnyEntity>;
    const old = map.get(change.record.id);
    map.set(change.record.id, change.record);

    switch (change.kind) {
      case 'player':
        return this.#indexPlayer(old as Player | undefined, change.record);
      case 'rating':
        return this.#indexRating(old as Rating | undefined, change.record);
      case 'ratingHistory':
        return this.#indexHistory(old as RatingHistory | undefined, change.record);
      case 'queueEntry':
        return this.#indexQueueEntry(old as QueueEntry | undefined, change.record);
      case 'match':
        return this.#indexMatch(old as Match | undefined, change.record);
      case 'replay':
        return this.#indexReplay(old as Replay | undefined, change.record);
      case 'toonLink':
        return this.#indexToon(old as ToonLink | undefined, change.record);
      case 'audit':
        return this.#indexAudit(old as AuditEntry | undefined, change.record);
      case 'playerHistory':
        return this.#indexPlayerHistory(old as PlayerHistory | undefined, change.record);
      case 'workItem':
        return this.#indexWork(old as WorkItem | undefined, change.record);
      case 'wave':
        return this.#indexWave(old as Wave | undefined, change.record);
      default:
        return;
    }
  }

  #indexPlayer(old: Player | undefined, record: Player): void {
    if (old) {
      this.playerByDiscordId.delete(old.discordId);
      for (const name of namesOf(old)) this.playerByAnyName.delete(name, old.id);
      if (old.ladderName !== null) this.playerByName.delete(old.ladderName.toLowerCase());
      if (old.battleTag !== null) this.playerByBattleTag.delete(old.battleTag.toLowerCase());
    }
    this.playerByDiscordId.set(record.discordId, record.id);
    for (const name of namesOf(record)) this.playerByAnyName.add(name, record.id);
    if (record.ladderName !== null)
      this.playerByName.set(record.ladderName.toLowerCase(), record.id);
    if (record.battleTag !== null)
      this.playerByBattleTag.set(record.battleTag.toLowerCase(), record.id);

    // The ladder order breaks ties by name, and filters read the country: re-key the entries.
    if (!old || this.#isBulk) return;
    const renamed = old.ladderName !== record.ladderName;
    if (!renamed && old.country === record.country) return;
    for (const id of this.ratingsOfPlayer.get(record.id)) {
      const rating = this.records.rating.get(id);
      const ranking = rating && this.rankings.get(rating.seasonId);
      if (!ranking) continue;
      if (renamed) ranking.update(rating);
      else ranking.touch();
    }
  }

  #indexRating(old: Rating | undefined, record: Rating): void {
    if (!old) this.ratingsOfPlayer.add(record.playerId, record.id);
    const ranking = this.ranking(record.seasonId);
    if (this.#isBulk) ranking.beginBulk();
    ranking.update(record);
  }

  #indexHistory(old: RatingHistory | undefined, record: RatingHistory): void {
    // Lines keep their id (and row) when superseded: only a new line joins the lists.
    // Lists are per player, not per entry: a player id is a string the model holds anyway,
    // where 600,000 entry keys (`s1/p_…/bw_zerg`) took ~200 bytes each with their lists.
    if (!old) {
      const row = this.records.ratingHistory.rowOf(record.id);
      this.#entryOfLine.ensure(row);
      this.#entryOfLine.set(row, this.#entrySlotOf(record.seasonId, record.race));
      this.ledgerOfPlayer.add(record.playerId, row);
      this.historyOfSeason.add(record.seasonId, row);
    }
    if (old && old.at !== record.at) {
      this.ledgerOfPlayer.touch(record.playerId);
      this.historyOfSeason.touch(record.seasonId);
    }
  }

  #entrySlotOf(seasonId: string, race: string): number {
    const key = entrySlotKey(seasonId, race);
    let slot = this.#entrySlots.get(key);
    if (slot === undefined) {
      slot = this.#entrySlots.size;
      this.#entrySlots.set(key, slot);
    }
    return slot;
  }

  #indexQueueEntry(old: QueueEntry | undefined, record: QueueEntry): void {
    if (!old) {
      this.queueByJoin.push(record.id);
      this.isQueueSorted = false;
    }
    if (old && old.joinedAt !== record.joinedAt) this.isQueueSorted = false;
    if (this.openQueueByPlayer.get(record.playerId) === record.id) {
      this.openQueueByPlayer.delete(record.playerId);
    }
    if (record.exit === null) this.openQueueByPlayer.set(record.playerId, record.id);
  }

  #indexMatch(old: Match | undefined, record: Match): void {
    if (old) this.matchesInStage.get(old.stage)?.delete(old.id);
    if (old && !terminal.has(old.stage)) {
      this.openMatchesOfPlayer.delete(old.p1Id, old.id);
      this.openMatchesOfPlayer.delete(old.p2Id, old.id);
    }
    if (!terminal.has(record.stage)) {
      this.openMatchesOfPlayer.add(record.p1Id, record.id);
      this.openMatchesOfPlayer.add(record.p2Id, record.id);
      let stage = this.matchesInStage.get(record.stage);
      if (!stage) {
        stage = new Set();
        this.matchesInStage.set(record.stage, stage);
      }
      stage.add(record.id);
    }

    this.matchByNumber.set(record.number, record.id);
    this.lastMatchNumber = Math.max(this.lastMatchNumber, record.number);
    // A correction rewrites the match: its tags follow, so the figures follow too.
    const slot = this.#slotOf(record.seasonId);
    this.matchesOfPlayer.add(record.p1Id, record.id, !old, resultTag(record, 1, slot));
    this.matchesOfPlayer.add(record.p2Id, record.id, !old, resultTag(record, 2, slot));
    if (old && old.createdAt !== record.createdAt) {
      this.matchesOfPlayer.touch(record.p1Id);
      this.matchesOfPlayer.touch(record.p2Id);
    }
  }

  #indexReplay(old: Replay | undefined, record: Replay): void {
    if (old) {
      this.replaysBySha256.delete(old.sha256, old.id);
      this.replaysOfMatch.delete(old.matchId, old.id);
    }
    this.replaysBySha256.add(record.sha256, record.id);
    this.replaysOfMatch.add(record.matchId, record.id);
  }

  #indexToon(old: ToonLink | undefined, record: ToonLink): void {
    if (old) this.toonsOfPlayer.delete(old.playerId, old.id);
    this.toonsOfPlayer.add(record.playerId, record.id);
  }

  #indexAudit(old: AuditEntry | undefined, record: AuditEntry): void {
    this.audit.add('all', record.id, !old);
    if (record.targetPlayerId !== null)
      this.audit.add(`p/${record.targetPlayerId}`, record.id, !old);
    if (record.matchId !== null) this.audit.add(`m/${record.matchId}`, record.id, !old);
    this.audit.add(`a/${record.adminId}`, record.id, !old);
  }

  #indexPlayerHistory(old: PlayerHistory | undefined, record: PlayerHistory): void {
    this.historyOfPlayer.add(record.playerId, record.id, !old);
  }

  #indexWork(old: WorkItem | undefined, record: WorkItem): void {
    if (old?.dedupeKey) this.workByDedupeKey.delete(old.dedupeKey);
    if (record.dedupeKey !== null) this.workByDedupeKey.set(record.dedupeKey, record.id);
    if (record.status === 'open') this.openWork.add(record.id);
    else this.openWork.delete(record.id);
  }

  #indexWave(old: Wave | undefined, record: Wave): void {
    this.waves.add('all', record.id, !old);
    if (old && old.waveAt !== record.waveAt) this.waves.touch('all');
  }
}

/** The key of a (season, race) pair; NUL never occurs in an id (the validator refuses it). */
function entrySlotKey(seasonId: string, race: string): string {
  return `${seasonId}\u0000${race}`;
}

/** Ladder and alt names of a player, lower-cased, for name lookups. */
export function namesOf(player: Player): string[] {
  const names = player.ladderName === null ? [] : [player.ladderName];
  return [...names, ...player.altNames].map((name) => name.toLowerCase());
}
