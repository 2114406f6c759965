import type { FlushRecord } from './flush-batch.js';

// The flusher's face, shared by the flusher that runs on the calling thread and the one that
// runs in a worker thread.

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
  /** Batches written at once, each on its own connection (1 for an embedded database). */
  maxInFlight: number;
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
  /** Rows flushed since start, and the time with a flush transaction open (once if several). */
  flushedRows: number;
  flushBusyMs: number;
  /** 95th percentile of the last `batchWindow` flush transactions, in ms. */
  batchP95Ms: number;
  isDown: boolean;
}

/**
 * Drains durable journal records to the database. `InlineFlusher` runs on the calling thread;
 * `ThreadFlusher` runs one in a worker thread, away from the application's event loop.
 */
export interface Flusher {
  readonly stats: FlushStats;
  /** Queues a record (in seq order); it is flushed once the journal holds it durably. */
  enqueue(record: FlushRecord): void;
  /** Tells the flusher the journal fsynced more records. */
  notifyDurable(): void;
  /** Resolves once every record up to `seq` is durable in the database (waits through outages). */
  flushUpTo(seq: number): Promise<void>;
  /** Stops timers; one last attempt drains what it can. */
  stop(): Promise<void>;
}

/** The figures of a flusher that has flushed nothing since start, from the stored mark. */
export function initialStats(flushedSeq: number): FlushStats {
  return {
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
