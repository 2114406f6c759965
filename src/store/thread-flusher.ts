import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';
import type { EntityKind } from './entities.js';
import { StoreError } from './errors.js';
import { initialStats, type Flusher, type FlusherOptions, type FlushStats } from './flush-api.js';
import type { FlushRecord } from './flush-batch.js';

// NOTE (why a worker thread): every round trip of a flush transaction is answered only when the
// event loop that sent it gets to it. On the application's loop that meant waiting out writes
// applied to memory, journal rounds and garbage collection: bench store measured an event-loop
// delay p95 of ~150-170 ms over the fill (with 1,000-change writes and with 5-change ones
// alike) and a flush batch p95 of ~1.1-1.5 s. In a worker the flusher's loop does little else.
// The worker owns its own PostgreSQL pool and runs the same InlineFlusher; the journal stays
// here, so the worker only hears of records (ids and JSON) and of the durable seq, and answers
// with the confirmed seq (the journal may forget up to it) and its figures.
//
// A worker that dies (a bug, an out-of-memory) is replaced after a backoff: this thread keeps
// every record it posted until the worker confirms it, so the replacement gets them all again,
// and it starts from the mark the database holds, so nothing lands twice.

/** A record as posted to the worker: flat arrays of strings clone faster than objects. */
export interface WireRecord {
  seq: number;
  kinds: EntityKind[];
  ids: string[];
  encoded: readonly string[];
}

/** What the worker starts from. */
export interface FlushWorkerData {
  databaseUrl: string;
  poolSize: number;
  options: FlusherOptions;
  flushedSeq: number;
  logLevel: string;
}

/** Messages to the worker. */
export type ToFlushWorker =
  | { type: 'records'; records: WireRecord[]; durableSeq: number }
  | { type: 'flushUpTo'; id: number; seq: number }
  | { type: 'stop' };

/** Messages from the worker; each carries its figures as of sending. */
export type FromFlushWorker =
  | { type: 'stats'; stats: FlushStats }
  | { type: 'confirmed'; seq: number; stats: FlushStats }
  | { type: 'flushedUpTo'; id: number; stats: FlushStats }
  | { type: 'stopped'; stats: FlushStats }
  | { type: 'log'; line: string };

/** The worker entry that registers tsx itself: the default, and the bundle's fallback. */
export const tsxWorkerEntry = fileURLToPath(new URL('./flush-worker-entry.mjs', import.meta.url));

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

// First delay before a dead worker is replaced; doubles per death in a row up to retryMaxMs.
const firstRestartMs = 1_000;

/** The counters a dead worker took with it, carried into the figures of its successors. */
type Carried = Pick<FlushStats, 'failures' | 'flushedRows' | 'flushBusyMs'>;

/** Runs the flusher, with its own PostgreSQL pool, in a worker thread. */
export class ThreadFlusher implements Flusher {
  #worker: Worker;
  readonly #workerData: FlushWorkerData;
  readonly #entry: string | URL;
  readonly #log: Logger;
  readonly #durableSeq: () => number;
  readonly #onFlushed: (seq: number) => Promise<void>;
  // Queued here, not yet posted: posted once per event-loop turn that made records durable.
  #outbox: WireRecord[] = [];
  #outboxChanges = 0;
  #isPostDue = false;
  #postedDurableSeq = 0;
  // Posted, not yet confirmed, in seq order: what a replacement worker must be sent again.
  // Confirmations come every second, so this stays small, except in a database outage, when it
  // holds the backlog the worker holds too (the journal on disk holds it a third time).
  #sent: WireRecord[] = [];
  #sentChanges = 0;
  #workerStats: FlushStats;
  #carried: Carried = { failures: 0, flushedRows: 0, flushBusyMs: 0 };
  #deathsInRow = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  readonly #waiters = new Map<number, Waiter>();
  #nextWaiterId = 1;
  // Journal cleanups, one after another, in the order the worker confirmed their seqs.
  #cleanup: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | undefined;
  #onStopped: (() => void) | undefined;
  #failure: StoreError | undefined;

  constructor(
    databaseUrl: string,
    options: FlusherOptions,
    log: Logger,
    flushedSeq: number,
    durableSeq: () => number,
    onFlushed: (seq: number) => Promise<void>,
    /** The worker's entry module (flush-worker-bundle.ts); tests pass one that dies. */
    entry: string | URL = tsxWorkerEntry,
  ) {
    this.#log = log;
    this.#durableSeq = durableSeq;
    this.#onFlushed = onFlushed;
    this.#postedDurableSeq = flushedSeq;
    this.#workerStats = initialStats(flushedSeq);

    // One connection per batch in flight; the confirmation runs with none in flight.
    this.#workerData = {
      databaseUrl,
      poolSize: options.maxInFlight,
      options,
      flushedSeq,
      logLevel: log.level,
    };
    this.#entry = entry;
    this.#worker = this.#spawn(flushedSeq);
  }

  /** Starts a worker from `flushedSeq`; only the current worker's messages and exit count. */
  #spawn(flushedSeq: number): Worker {
    const workerData: FlushWorkerData = { ...this.#workerData, flushedSeq };
    // Not the parent's flags: `--import tsx` there would load tsx into the worker too (~50 MB of
    // RSS while the store is open); the entry is plain JavaScript (flush-worker-bundle.ts).
    const worker = new Worker(this.#entry, { workerData, execArgv: [] });
    const isCurrent = () => worker === this.#worker;
    worker.on('message', (message: FromFlushWorker) => {
      if (isCurrent()) this.#receive(message);
    });
    worker.on('error', (err) => {
      if (isCurrent()) this.#die(err);
    });
    worker.on('exit', (code) => {
      if (!isCurrent() || (!this.#onStopped && this.#stopping)) return;
      this.#die(new Error(`the flush worker exited (code ${code})`));
    });
    return worker;
  }

  get stats(): FlushStats {
    const stats = this.#workerStats;
    const carried = this.#carried;
    // A dead worker's queue is what it was sent and never confirmed.
    const [records, changes] = this.#failure
      ? [this.#sent.length, this.#sentChanges]
      : [stats.pendingRecords, stats.pendingChanges];
    return {
      ...stats,
      pendingRecords: records + this.#outbox.length,
      pendingChanges: changes + this.#outboxChanges,
      failures: stats.failures + carried.failures,
      flushedRows: stats.flushedRows + carried.flushedRows,
      flushBusyMs: stats.flushBusyMs + carried.flushBusyMs,
      isDown: stats.isDown || this.#failure !== undefined,
    };
  }

  enqueue(record: FlushRecord): void {
    const { changes } = record;
    this.#outbox.push({
      seq: record.seq,
      kinds: changes.map((change) => change.kind),
      ids: changes.map((change) => change.record.id),
      encoded: record.encoded ?? changes.map((change) => JSON.stringify(change.record)),
    });
    this.#outboxChanges += changes.length;
  }

  notifyDurable(): void {
    if (this.#isPostDue) return;
    // Every write acknowledged by one fsync calls this: one message carries them all.
    this.#isPostDue = true;
    setImmediate(() => this.#postRecords());
  }

  async flushUpTo(seq: number): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#workerStats.confirmedSeq >= seq) return;
    if (this.#stopping) throw new StoreError('closed', 'the flusher is stopped');
    this.#postRecords();
    const id = this.#nextWaiterId++;
    const landed = new Promise<void>((resolve, reject) =>
      this.#waiters.set(id, { resolve, reject }),
    );
    this.#post({ type: 'flushUpTo', id, seq });
    await landed;
  }

  async stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    await this.#stopping;
  }

  async #stop(): Promise<void> {
    clearTimeout(this.#restartTimer);
    if (!this.#failure) {
      this.#postRecords();
      const stopped = new Promise<void>((resolve) => (this.#onStopped = resolve));
      this.#post({ type: 'stop' });
      await stopped;
    }
    this.#onStopped = undefined;
    await this.#cleanup;
    await this.#worker.terminate();
    const closed = new StoreError('closed', 'the flusher is stopped');
    for (const waiter of this.#waiters.values()) waiter.reject(closed);
    this.#waiters.clear();
  }

  #postRecords(): void {
    this.#isPostDue = false;
    // No worker to take them: they wait here for the replacement.
    if (this.#failure) return;
    const durableSeq = this.#durableSeq();
    if (this.#outbox.length === 0 && durableSeq === this.#postedDurableSeq) return;
    this.#post({ type: 'records', records: this.#outbox, durableSeq });
    this.#workerStats.pendingRecords += this.#outbox.length;
    this.#workerStats.pendingChanges += this.#outboxChanges;
    for (const record of this.#outbox) this.#sent.push(record);
    this.#sentChanges += this.#outboxChanges;
    this.#outbox = [];
    this.#outboxChanges = 0;
    this.#postedDurableSeq = durableSeq;
  }

  #post(message: ToFlushWorker): void {
    if (!this.#failure) this.#worker.postMessage(message);
  }

  #receive(message: FromFlushWorker): void {
    if (message.type === 'log') {
      this.#relay(message.line);
      return;
    }

    this.#workerStats = message.stats;
    if (message.type === 'confirmed') {
      this.#forgetSent(message.seq);
      this.#deathsInRow = 0;
      // Only a synchronous commit in the worker confirmed `seq`: the journal may forget it.
      this.#cleanup = this.#cleanup.then(() =>
        this.#onFlushed(message.seq).catch((err: unknown) =>
          this.#log.warn({ err, seq: message.seq }, 'journal cleanup after flush failed'),
        ),
      );
    } else if (message.type === 'flushedUpTo') {
      const waiter = this.#waiters.get(message.id);
      this.#waiters.delete(message.id);
      // As on one thread: the journal has forgotten what landed before the wait is over.
      void this.#cleanup.then(() => waiter?.resolve());
    } else if (message.type === 'stopped') {
      this.#onStopped?.();
    }
  }

  /** Writes a worker's log line through this thread's logger (so its bindings and level hold). */
  #relay(line: string): void {
    const { level, msg, time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const label = this.#log.levels.labels[Number(level)] ?? 'warn';
    const write = this.#log[label as 'warn'].bind(this.#log);
    write(fields, String(msg ?? ''));
  }

  /** Drops the posted records up to `seq`: the database holds them durably. */
  #forgetSent(seq: number): void {
    let count = 0;
    let changes = 0;
    while (count < this.#sent.length && this.#sent[count]!.seq <= seq) {
      changes += this.#sent[count]!.ids.length;
      count += 1;
    }
    this.#sent.splice(0, count);
    this.#sentChanges -= changes;
  }

  /**
   * The worker died: waits fail at once with `flusher_failed`, the database counts as down, and
   * a new worker takes over after a backoff. The journal keeps every record meanwhile.
   */
  #die(err: Error): void {
    if (this.#failure) return;
    this.#failure = new StoreError(
      'flusher_failed',
      'the flush worker stopped; the journal keeps every record and a new worker takes them over',
      { cause: err },
    );
    const { failures, flushedRows, flushBusyMs } = this.#workerStats;
    this.#carried = {
      failures: this.#carried.failures + failures + 1,
      flushedRows: this.#carried.flushedRows + flushedRows,
      flushBusyMs: this.#carried.flushBusyMs + flushBusyMs,
    };
    this.#workerStats = { ...this.#workerStats, failures: 0, flushedRows: 0, flushBusyMs: 0 };
    for (const waiter of this.#waiters.values()) waiter.reject(this.#failure);
    this.#waiters.clear();
    this.#onStopped?.();
    if (this.#stopping) {
      this.#log.error({ err }, 'flush worker died while stopping; the journal keeps the rest');
      return;
    }

    const delayMs = Math.min(
      this.#workerData.options.retryMaxMs,
      firstRestartMs * 2 ** this.#deathsInRow,
    );
    this.#deathsInRow += 1;
    this.#log.error(
      { err, unconfirmed: this.#sent.length, restartInMs: delayMs },
      'flush worker died; writes are journaled, and a new worker starts soon',
    );
    this.#restartTimer = setTimeout(() => this.#restart(), delayMs);
  }

  /** A new worker, from the last confirmed seq, sent again everything not confirmed. */
  #restart(): void {
    this.#restartTimer = undefined;
    const { confirmedSeq } = this.#workerStats;
    this.#workerStats = {
      ...initialStats(confirmedSeq),
      pendingRecords: this.#sent.length,
      pendingChanges: this.#sentChanges,
    };
    this.#failure = undefined;
    this.#worker = this.#spawn(confirmedSeq);
    if (this.#sent.length > 0) {
      this.#post({ type: 'records', records: this.#sent, durableSeq: this.#postedDurableSeq });
    }
    this.#log.info(
      { resent: this.#sent.length, fromSeq: confirmedSeq },
      'flush worker restarted; the records it had not confirmed are sent again',
    );
    this.#postRecords();
  }
}
