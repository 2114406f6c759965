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

const workerEntryPath = fileURLToPath(new URL('./flush-worker-entry.mjs', import.meta.url));

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Runs the flusher, with its own PostgreSQL pool, in a worker thread. */
export class ThreadFlusher implements Flusher {
  readonly #worker: Worker;
  readonly #log: Logger;
  readonly #durableSeq: () => number;
  readonly #onFlushed: (seq: number) => Promise<void>;
  // Queued here, not yet posted: posted once per event-loop turn that made records durable.
  #outbox: WireRecord[] = [];
  #outboxChanges = 0;
  #isPostDue = false;
  #postedDurableSeq = 0;
  #workerStats: FlushStats;
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
    /** The worker's entry file; tests pass one that dies. */
    entry = workerEntryPath,
  ) {
    this.#log = log;
    this.#durableSeq = durableSeq;
    this.#onFlushed = onFlushed;
    this.#postedDurableSeq = flushedSeq;
    this.#workerStats = initialStats(flushedSeq);

    // One connection per batch in flight; the confirmation runs with none in flight.
    const workerData: FlushWorkerData = {
      databaseUrl,
      poolSize: options.maxInFlight,
      options,
      flushedSeq,
      logLevel: log.level,
    };
    this.#worker = new Worker(entry, { workerData });
    this.#worker.on('message', (message: FromFlushWorker) => this.#receive(message));
    this.#worker.on('error', (err) => this.#die(err));
    this.#worker.on('exit', (code) => {
      if (!this.#onStopped && this.#stopping) return;
      this.#die(new Error(`the flush worker exited (code ${code})`));
    });
  }

  get stats(): FlushStats {
    const stats = this.#workerStats;
    return {
      ...stats,
      pendingRecords: stats.pendingRecords + this.#outbox.length,
      pendingChanges: stats.pendingChanges + this.#outboxChanges,
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
    const durableSeq = this.#durableSeq();
    if (this.#outbox.length === 0 && durableSeq === this.#postedDurableSeq) return;
    this.#post({ type: 'records', records: this.#outbox, durableSeq });
    this.#workerStats.pendingRecords += this.#outbox.length;
    this.#workerStats.pendingChanges += this.#outboxChanges;
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

  /** The worker died: nothing flushes until a restart replays the journal, which keeps all. */
  #die(err: Error): void {
    if (this.#failure) return;
    this.#failure = new StoreError(
      'flusher_failed',
      'the flush worker stopped; the journal keeps every record until a restart',
      { cause: err },
    );
    this.#log.error({ err }, 'flush worker died; writes are journaled but not flushed');
    for (const waiter of this.#waiters.values()) waiter.reject(this.#failure);
    this.#waiters.clear();
    this.#onStopped?.();
  }
}
