import type { Logger } from '../logger.js';
import type { AnyEntity, EntityKind } from './entities.js';
import type { Database } from './database.js';
import type { JournalRecord } from './journal-format.js';
import { upsertStatement } from './sql.js';
import { tables } from './tables.js';

/** How the flusher batches and retries. */
export interface FlusherOptions {
  flushRows: number;
  flushIntervalMs: number;
  retryMaxMs: number;
  /**
   * Longest time batches stay committed asynchronously before a synchronous commit confirms
   * them (only then may the journal forget them).
   */
  confirmIntervalMs: number;
}

/** Figures of the flusher, for stats and metrics. */
export interface FlushStats {
  /** Last record committed to the database (visible, perhaps not yet durable there). */
  flushedSeq: number;
  /** Last record durable in the database: a synchronous commit confirmed the mark. */
  confirmedSeq: number;
  pendingRecords: number;
  pendingChanges: number;
  failures: number;
  lastFlushMs: number;
  lastFlushRows: number;
  /** Rows flushed since start, and the time spent in flush transactions. */
  flushedRows: number;
  flushBusyMs: number;
  /** 95th percentile of the last `batchWindow` flush transactions, in ms. */
  batchP95Ms: number;
  isDown: boolean;
}

// Batch times kept for the p95: enough for a stable figure, bounded for a long-running process.
const batchWindow = 1_024;

// First retry delay; doubles per failure up to retryMaxMs: 100 → 200 → 400 → … → 30 s.
const firstRetryMs = 100;

// NOTE (flush rate, measured on one 2,000-row batch of matches, EXPLAIN ANALYZE): the
// executor took ~60 ms, the whole statement ~160 ms; the gap was array encoding and parsing, so
// upserts now send one jsonb parameter (sql.ts), 1.3–1.6× the rows/s inside the transaction.
// Also measured, and left as they are:
// - Batch size: 1,000–2,000 rows is best; 5,000–10,000 is slower (probably because a batch's
//   ~3 MB of WAL per 2,000 matches then outgrows wal_buffers; not proven).
// - Secondary indexes: dropping all five on matches gained nothing at 340k rows. They may cost
//   once the table outgrows shared_buffers (full scale; not measured), so they stay.
// - synchronous_commit off per transaction: +10–15% at 420k rows (bench --scale 0.3, two runs
//   each: 10,443 and 12,024 rows/s on; 12,192 and 13,299 off). Safe only if the journal forgot
//   records after a later SYNCHRONOUS commit (its WAL flush covers every earlier commit) that
//   also checks the mark still equals the last async seq: a PostgreSQL crash loses async
//   commits while this process runs on, and moving the mark past them would lose data. Not
//   done yet; full-scale bench: 7,189 and 7,380 rows/s (was 5,351), target 10,000.

/**
 * Drains durable journal records to the database: one transaction per batch, many rows per
 * statement, the journal mark moved in the same transaction, retried with backoff.
 */
export class Flusher {
  readonly #db: Database;
  readonly #options: FlusherOptions;
  readonly #log: Logger;
  readonly #durableSeq: () => number;
  readonly #onFlushed: (seq: number) => Promise<void>;
  #queue: JournalRecord[] = [];
  #queuedChanges = 0;
  // Committed asynchronously, not yet confirmed: kept to flush again if the database loses them.
  #unconfirmed: JournalRecord[] = [];
  #lastConfirmAt = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #waiters: { seq: number; resolve: () => void }[] = [];
  #attempt = 0;
  #isStopped = false;
  readonly #batchMs: number[] = [];
  #batchCount = 0;
  readonly stats: FlushStats;

  constructor(
    db: Database,
    options: FlusherOptions,
    log: Logger,
    flushedSeq: number,
    durableSeq: () => number,
    onFlushed: (seq: number) => Promise<void>,
  ) {
    this.#db = db;
    this.#options = options;
    this.#log = log;
    this.#durableSeq = durableSeq;
    this.#onFlushed = onFlushed;
    this.stats = {
      flushedSeq,
      confirmedSeq: flushedSeq,
      pendingRecords: 0,
      pendingChanges: 0,
      failures: 0,
      lastFlushMs: 0,
      lastFlushRows: 0,
      flushedRows: 0,
      flushBusyMs: 0,
      batchP95Ms: 0,
      isDown: false,
    };
  }

  /** Queues a record (in seq order); it is flushed once the journal holds it durably. */
  enqueue(record: JournalRecord): void {
    this.#queue.push(record);
    this.#queuedChanges += record.changes.length;
    this.#updateCounts();
  }

  /** Tells the flusher the journal fsynced more records. */
  notifyDurable(): void {
    if (this.#attempt > 0 || !this.#isHeadDurable()) return;
    this.#schedule(this.#nextDelay());
  }

  #isHeadDurable(): boolean {
    const head = this.#queue[0];
    return head !== undefined && head.seq <= this.#durableSeq();
  }

  /** Resolves once every record up to `seq` is durable in the database (waits through outages). */
  async flushUpTo(seq: number): Promise<void> {
    if (this.stats.confirmedSeq >= seq) return;
    const landed = new Promise<void>((resolve) => this.#waiters.push({ seq, resolve }));
    this.#schedule(0);
    await landed;
  }

  /** Stops timers; one last attempt drains what it can. */
  async stop(): Promise<void> {
    this.#isStopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    try {
      while (this.#queue.length > 0 && this.#queue[0]!.seq <= this.#durableSeq()) {
        await this.#flushBatch();
      }
      await this.#confirm();
    } catch (err) {
      this.#log.warn(
        { err, pending: this.#queue.length },
        'final flush failed; the journal keeps the rest',
      );
    }
  }

  #schedule(delayMs: number): void {
    if (this.#isStopped || this.#running) return;
    if (this.#timer && delayMs > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#run().finally(() => {
        this.#running = undefined;
        // A record not yet durable is picked up by `notifyDurable`, not by polling.
        if (this.#isHeadDurable() || (this.#unconfirmed.length > 0 && this.#attempt > 0))
          this.#schedule(this.#nextDelay());
      });
    }, delayMs);
  }

  #nextDelay(): number {
    if (this.#attempt > 0) {
      const backoff = Math.min(this.#options.retryMaxMs, firstRetryMs * 2 ** (this.#attempt - 1));
      return backoff / 2 + Math.random() * (backoff / 2);
    }
    const isFull = this.#queuedChanges >= this.#options.flushRows;
    return isFull || this.#waiters.length > 0 ? 0 : this.#options.flushIntervalMs;
  }

  async #run(): Promise<void> {
    try {
      while (
        !this.#isStopped &&
        this.#queue.length > 0 &&
        this.#queue[0]!.seq <= this.#durableSeq()
      ) {
        await this.#flushBatch();
        if (this.#attempt > 0)
          this.#log.info({ attempts: this.#attempt }, 'database back; flushing resumed');
        this.#attempt = 0;
        this.stats.isDown = false;
        if (performance.now() - this.#lastConfirmAt >= this.#options.confirmIntervalMs)
          await this.#confirm();
        if (this.#queuedChanges < this.#options.flushRows && this.#waiters.length === 0) break;
      }
      // Idle or waited for: nothing gains from delaying the confirmation any longer.
      if (!this.#isStopped && (!this.#isHeadDurable() || this.#waiters.length > 0))
        await this.#confirm();
      this.#attempt = 0;
      this.stats.isDown = false;
    } catch (err) {
      this.#attempt += 1;
      this.stats.failures += 1;
      this.stats.isDown = true;
      this.#log.warn(
        { err, attempt: this.#attempt, pending: this.#queue.length },
        'flush failed, will retry',
      );
    }
  }

  async #flushBatch(): Promise<void> {
    const batch = this.#takeBatch();
    const started = performance.now();

    // The last write of each record wins; one row per id keeps a statement from touching a
    // row twice.
    const latest = new Map<EntityKind, Map<string, { row: AnyEntity; json: string | undefined }>>();
    for (const record of batch) {
      for (const [i, change] of record.changes.entries()) {
        let rows = latest.get(change.kind);
        if (!rows) latest.set(change.kind, (rows = new Map()));
        rows.set(change.record.id, { row: change.record, json: record.encoded?.[i] });
      }
    }

    const lastSeq = batch.at(-1)!.seq;
    let rowCount = 0;
    await this.#db.transaction(async (tx) => {
      // The commit does not wait for the database's WAL flush; #confirm makes it durable later.
      await tx.query('SET LOCAL synchronous_commit = off');
      for (const table of tables) {
        const rows = latest.get(table.kind);
        if (!rows) continue;
        rowCount += rows.size;
        const picked = [...rows.values()];
        const statement = upsertStatement(
          table,
          picked.map((pick) => pick.row),
          picked.map((pick) => pick.json),
        );
        await tx.query(statement.sql, statement.params);
      }
      await tx.query('UPDATE store_journal_mark SET seq = $1, updated_at = $2 WHERE id = 1', [
        lastSeq,
        Date.now(),
      ]);
    });

    // Committed, not yet durable: the journal keeps the batch until #confirm.
    this.#queue.splice(0, batch.length);
    this.#unconfirmed.push(...batch);
    this.#queuedChanges -= batch.reduce((sum, record) => sum + record.changes.length, 0);
    this.stats.flushedSeq = lastSeq;
    this.stats.lastFlushMs = performance.now() - started;
    this.stats.lastFlushRows = rowCount;
    this.stats.flushedRows += rowCount;
    this.stats.flushBusyMs += this.stats.lastFlushMs;
    this.#recordBatchTime(this.stats.lastFlushMs);
    this.#updateCounts();
  }

  /**
   * Makes every asynchronously committed batch durable: a synchronous commit flushes the
   * database's WAL up to itself, so it covers every earlier commit. It also checks the mark
   * still holds the last flushed seq: a database crash loses the latest asynchronous commits
   * (mark and rows together) while this process runs on, and those batches are then flushed
   * again from the journal, which still holds them.
   */
  async #confirm(): Promise<void> {
    const expected = this.stats.flushedSeq;
    this.#lastConfirmAt = performance.now();
    if (expected === this.stats.confirmedSeq) return;

    const mark = await confirmMark(this.#db, expected);
    if (mark === expected) {
      this.#unconfirmed = [];
    } else {
      const lost = this.#unconfirmed.filter((record) => record.seq > mark);
      this.#log.error(
        { expected, mark, records: lost.length },
        'the database lost committed batches (did it crash?); flushing them again from the journal',
      );
      this.#queue.unshift(...lost);
      this.#queuedChanges += lost.reduce((sum, record) => sum + record.changes.length, 0);
      this.#unconfirmed = [];
      this.stats.flushedSeq = mark;
      this.#updateCounts();
    }
    this.stats.confirmedSeq = mark;
    await this.#onFlushed(mark).catch((err: unknown) =>
      this.#log.warn({ err, seq: mark }, 'journal cleanup after flush failed'),
    );
    this.#waiters = this.#waiters.filter((waiter) => waiter.seq > mark || void waiter.resolve());
  }

  #takeBatch(): JournalRecord[] {
    const durable = this.#durableSeq();
    let changes = 0;
    let count = 0;
    for (const record of this.#queue) {
      if (
        record.seq > durable ||
        (count > 0 && changes + record.changes.length > this.#options.flushRows)
      )
        break;
      changes += record.changes.length;
      count += 1;
    }
    return this.#queue.slice(0, count);
  }

  #recordBatchTime(ms: number): void {
    this.#batchMs[this.#batchCount % batchWindow] = ms;
    this.#batchCount += 1;
    const sorted = [...this.#batchMs].sort((a, b) => a - b);
    this.stats.batchP95Ms = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!;
  }

  #updateCounts(): void {
    this.stats.pendingRecords = this.#queue.length;
    this.stats.pendingChanges = this.#queuedChanges;
  }
}

/**
 * Commits synchronously (whatever the server's default) a write to the journal mark, if it
 * still holds `expected`; returns the mark the database holds afterwards, now durable.
 * The write matters: a transaction that writes nothing commits without flushing the WAL.
 */
export async function confirmMark(db: Database, expected: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = on');
    const rows = await tx.query(
      `UPDATE store_journal_mark SET updated_at = $2 WHERE id = 1 AND seq = $1 RETURNING seq`,
      [expected, Date.now()],
    );
    if (rows.length > 0) return expected;
    // The mark moved back: write it anyway, so what this returns is durable too.
    const [row] = await tx.query(
      `UPDATE store_journal_mark SET updated_at = $1 WHERE id = 1 RETURNING seq`,
      [Date.now()],
    );
    return Number(row?.seq ?? 0);
  });
}
