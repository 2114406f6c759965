import { join } from 'node:path';
import { silentLogger, type Logger } from '../logger.js';
import type { Store, StoreOptions, StoreReader, StoreStats } from './api.js';
import { checkConflicts } from './conflicts.js';
import { claimDataDir, lockDataDir } from './data-dir.js';
import {
  databaseUnavailable,
  PgliteDatabase,
  PostgresDatabase,
  type Database,
} from './database.js';
import type { Change } from './entities.js';
import { StoreError } from './errors.js';
import type { Flusher, FlusherOptions } from './flush-api.js';
import { confirmMark, InlineFlusher } from './flusher.js';
import { Journal, type OpenFile } from './journal.js';
import { encodeChanges } from './journal-format.js';
import { migrate } from './migrate.js';
import { ReadModel } from './read-model.js';
import { createReader } from './reader.js';
import { readTable } from './sql.js';
import { tables } from './tables.js';
import { flushWorkerEntry } from './flush-worker-bundle.js';
import { ThreadFlusher } from './thread-flusher.js';
import { validateChanges } from './validate.js';

/**
 * Opens the store: claims the data folder, opens and migrates the database, loads every hot
 * record into memory, replays the journal past the database's mark, and starts the flusher.
 * Throws `StoreError` (`unknown_data_dir`, `schema_too_new`, `journal_corrupt`,
 * `database_unavailable`) when it cannot start safely.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  return openStoreWith(options, {});
}

/** What tests may put in place of the real thing: how the journal opens its files. */
export interface StoreSeams {
  openJournalFile?: OpenFile;
}

/** `openStore` with test seams (a failing disk). */
export async function openStoreWith(options: StoreOptions, seams: StoreSeams): Promise<Store> {
  const log = options.logger ?? silentLogger;
  await claimDataDir(options.dataDir, options.foreignEntries ?? ['replays']);
  const unlock = await lockDataDir(options.dataDir);

  let db: Database | undefined;
  try {
    db = options.databaseUrl
      ? new PostgresDatabase(
          options.databaseUrl,
          options.poolSize ?? 10,
          log.child({ part: 'database' }),
        )
      : await PgliteDatabase.open(join(options.dataDir, 'pg'));
    return await startStore(db, options, seams, log, unlock);
  } catch (err) {
    await db?.close().catch(() => undefined);
    await unlock();
    if (err instanceof StoreError) throw err;
    throw databaseUnavailable('start the store', options, err);
  }
}

async function startStore(
  db: Database,
  options: StoreOptions,
  seams: StoreSeams,
  log: Logger,
  unlock: () => Promise<void>,
): Promise<Store> {
  const started = performance.now();
  await migrate(db);

  const model = new ReadModel({
    commonCountries: new Set(options.commonCountries ?? []),
    rankingRebuildGapMs: options.rankingRebuildGapMs ?? 1_000,
  });
  // The mark may come from an asynchronous commit the database has not flushed yet; confirming
  // it synchronously makes it durable before the journal may forget anything up to it.
  const mark = await confirmMark(db, await loadModel(db, model));

  const journalLog = log.child({ part: 'journal' });
  const { journal, records } = await Journal.open(
    join(options.dataDir, 'journal'),
    options.segmentBytes ?? 16 * 1024 * 1024,
    journalLog,
    ...(seams.openJournalFile ? [seams.openJournalFile] : []),
  );

  // Records past the mark were acknowledged but may not have reached the database.
  const replay = records.filter((record) => record.seq > mark);
  for (const record of replay) for (const change of record.changes) model.apply(change);
  const lastSeq = Math.max(mark, records.at(-1)?.seq ?? 0);
  await journal.start(lastSeq + 1);

  const isPostgres = db.kind === 'postgres';
  const flusherOptions: FlusherOptions = {
    // Small batches on PostgreSQL keep each flush transaction short (flusher.ts NOTE); PGlite
    // runs in this thread, where fewer, larger transactions cost less.
    flushRows: options.flushRows ?? (isPostgres ? 150 : 2_000),
    flushIntervalMs: options.flushIntervalMs ?? 250,
    retryMaxMs: options.retryMaxMs ?? 30_000,
    confirmIntervalMs: 1_000,
    // An embedded database has one connection: its transactions run one at a time anyway.
    maxInFlight: isPostgres ? (options.flushInFlight ?? 2) : 1,
  };
  const flusherLog = log.child({ part: 'flusher' });
  const durableSeq = () => journal.durableSeq;
  const onFlushed = (seq: number) => journal.markFlushed(seq);
  // PostgreSQL: the flusher runs in a worker thread with its own pool (thread-flusher.ts says
  // why). PGlite lives in this thread's memory, so its flusher must too.
  const flusher: Flusher = options.databaseUrl
    ? new ThreadFlusher(
        options.databaseUrl,
        flusherOptions,
        flusherLog,
        mark,
        durableSeq,
        onFlushed,
        await flushWorkerEntry(),
      )
    : new InlineFlusher(db, flusherOptions, flusherLog, mark, durableSeq, onFlushed);
  for (const record of replay) flusher.enqueue(record);
  await journal.markFlushed(mark);
  flusher.notifyDurable();

  log.info(
    { ms: Math.round(performance.now() - started), replayed: replay.length, mark, db: db.kind },
    'store open',
  );
  return new LadderStore(model, journal, flusher, db, lastSeq, options.now ?? Date.now, unlock);
}

// Rows read per query while loading. A page's rows live until it is applied; if they outlive
// two scavenges they are promoted, and when the machine is busy (concurrent marking starved
// of CPU) the old generation grows with them and stays committed. Bench store data (1M
// matches) on this shared machine (load average 5-7), heap committed and RSS after load:
// 1,000 rows 1208 MB RSS (earlier run); 500 rows 848-883 MB, RSS 1294-1360 MB; 100 rows
// 513-550 MB, RSS 890-967 MB; load time the same within noise (63-65 s at 100 and 500).
const loadPageRows = 100;

/** Fills the read model from every hot table; returns the journal mark the database holds. */
async function loadModel(db: Database, model: ReadModel): Promise<number> {
  model.beginBulk();
  for (const table of tables) {
    if (!table.hot) continue;
    for await (const page of readTable(db, table, loadPageRows)) {
      for (const record of page) model.apply({ kind: table.kind, record } as Change);
    }
  }
  model.endBulk();

  const rows = await db.query('SELECT seq FROM store_journal_mark WHERE id = 1');
  return Number(rows[0]?.seq ?? 0);
}

class LadderStore implements Store {
  readonly read: StoreReader;
  readonly #model: ReadModel;
  readonly #journal: Journal;
  readonly #flusher: Flusher;
  readonly #db: Database;
  #lastSeq: number;
  #isClosed = false;
  readonly #unlock: () => Promise<void>;

  constructor(
    model: ReadModel,
    journal: Journal,
    flusher: Flusher,
    db: Database,
    lastSeq: number,
    now: () => number,
    unlock: () => Promise<void>,
  ) {
    this.#unlock = unlock;
    this.#model = model;
    this.#journal = journal;
    this.#flusher = flusher;
    this.#db = db;
    this.#lastSeq = lastSeq;
    this.read = createReader(model, now);
  }

  async write(changes: readonly Change[]): Promise<void> {
    if (this.#isClosed) throw new StoreError('closed', 'the store is closed');
    // After a failed fsync nothing more is applied: memory must not run ahead of the disk.
    const failure = this.#journal.failure;
    if (failure) throw failure;
    validateChanges(changes);
    checkConflicts(this.#model, changes);

    // Memory first, so reads see the change at once; acknowledge only after the fsync.
    for (const change of changes) this.#model.apply(change);
    // Serialized once, here: the journal frames it and the flusher sends it as it is.
    const record = { seq: ++this.#lastSeq, changes: [...changes], encoded: encodeChanges(changes) };
    const durable = this.#journal.append(record);
    this.#flusher.enqueue(record);

    await durable;
    this.#flusher.notifyDurable();
  }

  async flush(): Promise<void> {
    await this.#flusher.flushUpTo(this.#lastSeq);
  }

  stats(): StoreStats {
    const flush = this.#flusher.stats;
    return {
      pendingRecords: flush.pendingRecords,
      pendingChanges: flush.pendingChanges,
      journalBytes: this.#journal.bytes,
      lastSeq: this.#lastSeq,
      flushedSeq: flush.flushedSeq,
      flushFailures: flush.failures,
      lastFlushMs: flush.lastFlushMs,
      lastFlushRows: flush.lastFlushRows,
      flushedRows: flush.flushedRows,
      flushBusyMs: flush.flushBusyMs,
      flushBatchP95Ms: flush.batchP95Ms,
      databaseDown: flush.isDown,
    };
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    await this.#journal.close().catch(() => undefined);
    await this.#flusher.stop();
    await this.#db.close();
    await this.#unlock();
  }
}
