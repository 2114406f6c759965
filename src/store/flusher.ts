import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { initialStats, type Flusher, type FlusherOptions, type FlushStats } from './flush-api.js';
import {
  batchOf,
  confirmMark,
  isOverlapping,
  writeBatch,
  type FlushBatch,
  type FlushRecord,
} from './flush-batch.js';

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
//   commits while this process runs on, and moving the mark past them would lose data. Done:
//   each batch moves the mark only from the seq it expects (flush-batch.ts), and #confirm.
// - Batches in flight together (maxInFlight), bench --scale 0.3 on a machine at load 7–10
//   (other benchmarks running), one run each, rows/s and batch p95: 2,000 rows × 1 in flight
//   8,717 / 577 ms; 2,000 × 3: 9,166 / 1,343 ms; 500 × 3: 8,007 / 698 ms; 500 × 4: 8,668 /
//   1,026 ms; 250 × 4: 7,059 / 1,146 ms. Within the noise; both processes were CPU-bound, so
//   overlap had little idle time to fill. Default 2. Batch time counts the wait for the batch
//   before it, and every round trip waits out whatever the event loop runs meanwhile (the bench
//   applies 1,000-change writes synchronously), which is what keeps p95 far above 50 ms.
// - Realistic writes of 5 changes alone did not help: the event loop's delay p95 stayed at
//   ~150-215 ms and batch p95 at 0.9-1.5 s (bench --scale 0.3, 2,000 rows × 2). Hence the
//   worker thread (thread-flusher.ts). With it, bench --scale 0.3 --write-changes 5 at load
//   8-10 (another helper benchmarking), one run each, rows/s and batch p95: 2,000 × 2 13,816 /
//   464 ms (in-process, same run pair: 6,436 / 1,451 ms); 500 × 2 8,666 / 160 ms; 500 × 1
//   8,906 / 106 ms; 250 × 2 7,286 / 128 ms; 250 × 3 9,513 / 107 ms. Batch time is then the
//   database's: the worker's loop sat idle ~80% of a profiled run while its batches waited.
//   A batch waits for the ones before it, so its time grows with in flight × rows; 250 × 3
//   kept the most rows/s inside transactions (12,587) with the lowest p95: the default.
//   Full scale (bench store --flush-only, load 5-10, alternated with the old code and its
//   1,000-change fill): before 6,823 and 11,015 rows/s, p95 1,364 and 836 ms; after 8,087 and
//   7,772 rows/s, p95 72 and 159 ms. Still above 50 ms: at that load the backends are short of
//   CPU, and after the change the fill (the main thread, 5-change writes) is what limits rows/s.
//   Then on a quiet machine (nothing else running; load 4-5 is the bench itself), full scale,
//   rows/s and batch p95 per run: 250 × 3 16,377 / 63 ms; 250 × 2 17,824 / 48, 17,639 / 48,
//   16,002 / 51 ms; 150 × 3 16,411 / 41, 16,269 / 43, 16,039 / 40 ms; 150 × 2 14,790 / 33,
//   17,523 / 29 ms. Default 150 × 2: the lowest p95, rows/s well above the 10,000 target.

/** A batch sent to the database, not yet landed. */
interface InFlight {
  batch: FlushBatch;
  started: number;
  /** Settles when its transaction committed or rolled back. */
  done: Promise<void>;
}

/**
 * Drains durable journal records to the database: one transaction per batch, many rows per
 * statement, the journal mark moved in the same transaction, retried with backoff. Up to
 * `maxInFlight` batches run at once on separate connections; they commit in journal order.
 */
export class InlineFlusher implements Flusher {
  readonly #db: Database;
  readonly #options: FlusherOptions;
  readonly #log: Logger;
  readonly #durableSeq: () => number;
  readonly #onFlushed: (seq: number) => Promise<void>;
  // Not yet sent, in seq order.
  #queue: FlushRecord[] = [];
  #queuedChanges = 0;
  // Sent, not yet committed, in seq order; each one commits only after the one before it.
  #inFlight: InFlight[] = [];
  // When the last batch landed: busy time counts batches in flight together once.
  #lastLandedAt = 0;
  // Committed asynchronously, not yet confirmed: kept to flush again if the database loses them.
  #unconfirmed: FlushRecord[] = [];
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
    this.stats = initialStats(flushedSeq);
  }

  /** Queues a record (in seq order); it is flushed once the journal holds it durably. */
  enqueue(record: FlushRecord): void {
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
      while (this.#isHeadDurable()) {
        const batch = this.#takeBatch();
        if (batch) await this.#land(this.#send(batch));
      }
      await this.#confirm();
    } catch (err) {
      await this.#requeueInFlight();
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
    return this.#isFull() || this.#waiters.length > 0 ? 0 : this.#options.flushIntervalMs;
  }

  #isFull(): boolean {
    return this.#queuedChanges >= this.#options.flushRows;
  }

  async #run(): Promise<void> {
    // The first batch goes whatever its size (its interval is up); later ones only when full
    // or waited for, so a trickle of writes still gathers into batches.
    let isFirst = true;
    try {
      for (;;) {
        // The confirmation needs an empty pipeline: then the mark holds the last committed seq.
        const isConfirmDue =
          performance.now() - this.#lastConfirmAt >= this.#options.confirmIntervalMs;
        while (
          !isConfirmDue &&
          !this.#isStopped &&
          this.#inFlight.length < this.#options.maxInFlight &&
          this.#isHeadDurable() &&
          (isFirst || this.#isFull() || this.#waiters.length > 0)
        ) {
          const batch = this.#takeBatch();
          if (!batch) break;
          this.#send(batch);
          isFirst = false;
        }

        const oldest = this.#inFlight[0];
        if (oldest) {
          await this.#land(oldest);
          if (this.#attempt > 0)
            this.#log.info({ attempts: this.#attempt }, 'database back; flushing resumed');
          this.#attempt = 0;
          this.stats.isDown = false;
        } else if (isConfirmDue && !this.#isStopped) {
          await this.#confirm();
        } else {
          break;
        }
      }

      // Idle or waited for: nothing gains from delaying the confirmation any longer.
      if (!this.#isStopped && (!this.#isHeadDurable() || this.#waiters.length > 0))
        await this.#confirm();
      this.#attempt = 0;
      this.stats.isDown = false;
    } catch (err) {
      await this.#fail(err);
    }
  }

  /** Takes the next durable records as a batch; none while it overlaps one in flight. */
  #takeBatch(): FlushBatch | undefined {
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
    if (count === 0) return undefined;

    const fromSeq = this.#inFlight.at(-1)?.batch.lastSeq ?? this.stats.flushedSeq;
    const batch = batchOf(this.#queue.slice(0, count), fromSeq);
    // Two transactions writing one row could commit it out of journal order (or deadlock).
    if (this.#inFlight.some((sent) => isOverlapping(sent.batch, batch))) return undefined;
    this.#queue.splice(0, count);
    this.#queuedChanges -= batch.changeCount;
    return batch;
  }

  #send(batch: FlushBatch): InFlight {
    const previous = this.#inFlight.at(-1)?.done ?? Promise.resolve();
    const done = writeBatch(this.#db, batch, previous);
    // Handled where it is awaited (#land, or the next batch); this only silences the early
    // rejection of a batch whose successor fails first.
    done.catch(() => undefined);
    const sent = { batch, started: performance.now(), done };
    this.#inFlight.push(sent);
    return sent;
  }

  /** Waits for the oldest batch in flight to commit, then counts it as flushed. */
  async #land(sent: InFlight): Promise<void> {
    await sent.done;
    this.#inFlight.shift();
    const { batch } = sent;

    // Committed, not yet durable: the journal keeps the batch until #confirm.
    this.#unconfirmed.push(...batch.records);
    this.stats.flushedSeq = batch.lastSeq;
    const landedAt = performance.now();
    this.stats.lastFlushMs = landedAt - sent.started;
    this.stats.lastFlushRows = batch.rowCount;
    this.stats.flushedRows += batch.rowCount;
    this.stats.flushBusyMs += landedAt - Math.max(sent.started, this.#lastLandedAt);
    this.#lastLandedAt = landedAt;
    this.#recordBatchTime(this.stats.lastFlushMs);
    this.#updateCounts();
  }

  /** After a failed batch: every batch in flight is put back, in order, for the retry. */
  async #fail(err: unknown): Promise<void> {
    await this.#requeueInFlight();
    this.#attempt += 1;
    this.stats.failures += 1;
    this.stats.isDown = true;
    this.#log.warn(
      { err, attempt: this.#attempt, pending: this.#queue.length },
      'flush failed, will retry',
    );
    // The mark moved back: the confirmation reads it and puts the lost batches back too.
    if (err instanceof StoreError && err.code === 'flush_mark_moved') {
      await this.#confirm(true).catch((confirmErr: unknown) =>
        this.#log.warn({ err: confirmErr }, 'reading the journal mark failed, will retry'),
      );
    }
  }

  async #requeueInFlight(): Promise<void> {
    // Later batches wait on earlier ones, so none of these commits once the first failed; wait
    // for their rollbacks, so a retry never meets their row locks.
    await Promise.allSettled(this.#inFlight.map((sent) => sent.done));
    const failed = this.#inFlight.splice(0);
    const records = failed.flatMap((sent) => sent.batch.records);
    this.#queue.unshift(...records);
    this.#queuedChanges += failed.reduce((sum, sent) => sum + sent.batch.changeCount, 0);
    this.#updateCounts();
  }

  /**
   * Makes every asynchronously committed batch durable (called with nothing in flight): a synchronous commit flushes the
   * database's WAL up to itself, so it covers every earlier commit. It also checks the mark
   * still holds the last flushed seq: a database crash loses the latest asynchronous commits
   * (mark and rows together) while this process runs on, and those batches are then flushed
   * again from the journal, which still holds them.
   */
  async #confirm(isForced = false): Promise<void> {
    const expected = this.stats.flushedSeq;
    this.#lastConfirmAt = performance.now();
    if (!isForced && expected === this.stats.confirmedSeq) return;

    const mark = await confirmMark(this.#db, expected);
    if (mark < expected) {
      const lost = this.#unconfirmed.filter((record) => record.seq > mark);
      this.#log.error(
        { expected, mark, records: lost.length },
        'the database lost committed batches (did it crash?); flushing them again from the journal',
      );
      this.#queue.unshift(...lost);
      this.#queuedChanges += lost.reduce((sum, record) => sum + record.changes.length, 0);
    } else if (mark > expected) {
      // A batch committed although its connection failed before saying so: its records are
      // in the database (durable now, under this synchronous commit), so none is sent again.
      let landed = 0;
      while (landed < this.#queue.length && this.#queue[landed]!.seq <= mark) landed += 1;
      const dropped = this.#queue.splice(0, landed);
      this.#queuedChanges -= dropped.reduce((sum, record) => sum + record.changes.length, 0);
    }
    this.#unconfirmed = [];
    this.stats.flushedSeq = mark;
    this.#updateCounts();
    this.stats.confirmedSeq = mark;
    await this.#onFlushed(mark).catch((err: unknown) =>
      this.#log.warn({ err, seq: mark }, 'journal cleanup after flush failed'),
    );
    this.#waiters = this.#waiters.filter((waiter) => waiter.seq > mark || void waiter.resolve());
  }

  #recordBatchTime(ms: number): void {
    this.#batchMs[this.#batchCount % batchWindow] = ms;
    this.#batchCount += 1;
    const sorted = [...this.#batchMs].sort((a, b) => a - b);
    this.stats.batchP95Ms = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!;
  }

  #updateCounts(): void {
    let records = this.#queue.length;
    let changes = this.#queuedChanges;
    for (const { batch } of this.#inFlight) {
      records += batch.records.length;
      changes += batch.changeCount;
    }
    this.stats.pendingRecords = records;
    this.stats.pendingChanges = changes;
  }
}

export { confirmMark };
