import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Registry } from 'prom-client';
import type { Logger } from '../../logger.js';
import { ReplayError, type DecodedReplay } from '../decode/index.js';
import { checkReplayBytes, defaultMaxReplayBytes } from '../check.js';
import type { ParseRequest, ReplayParser } from '../parser.js';
import { createPoolMetrics, type PoolMetrics } from './pool-metrics.js';
import { JobDeadlines } from './job-deadlines.js';
import {
  fromFailure,
  isJobStartedMessage,
  type ParseOutcome,
  type ParseTask,
  type PoolWorkerData,
} from './wire.js';

/** Options of a `PooledReplayParser`. */
export interface PooledReplayParserOptions {
  /** Worker threads; `createReplayParser` takes `REPLAY_WORKERS` (cores − 1, at least 1). */
  workers: number;
  /** A job running longer loses its worker and fails with `timeout`. */
  deadlineMs: number;
  /** Jobs allowed to wait for a worker; one more fails with `busy`. */
  queueMax: number;
  /** Refuse larger files with `too_large`. @defaultValue `10_000_000` */
  maxBytes?: number;
  /** Where the pool's metrics go. @defaultValue a private registry */
  registry?: Registry;
  /** Told of worker crashes and timeouts; the pool never logs otherwise. */
  logger?: Logger;
  /** `file:` URL of the decoder module the workers run; tests give their own. */
  decoderUrl?: string;
  /** Heap cap of each worker, so one hostile file cannot exhaust memory. @defaultValue `512` */
  maxWorkerHeapMb?: number;
  /** Extra time a worker may take to pick a job up (start-up). @defaultValue `30_000` */
  startupGraceMs?: number;
}

interface Job {
  task: ParseTask;
  buffer: ArrayBuffer;
  request: ParseRequest;
  resolve: (replay: DecodedReplay) => void;
  reject: (error: ReplayError) => void;
}

const realDecoderUrl = new URL('../decode/index.ts', import.meta.url).href;
const workerEntryPath = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/**
 * Parses replays in a piscina pool of worker threads. At most one job runs per worker, and the
 * pool keeps its own bounded FIFO in front of piscina so callers can see their position.
 */
export class PooledReplayParser implements ReplayParser {
  readonly #piscina: Piscina<ParseTask, ParseOutcome>;
  readonly #options: PooledReplayParserOptions;
  readonly #maxBytes: number;
  readonly #metrics: PoolMetrics;
  readonly #waiting: Job[] = [];
  readonly #deadlines: JobDeadlines;
  #nextJobId = 1;
  #running = 0;
  #isClosed = false;

  constructor(options: PooledReplayParserOptions) {
    checkOption('workers', options.workers, 1, 1_024);
    checkOption('deadlineMs', options.deadlineMs, 1, maxTimerMs);
    checkOption('queueMax', options.queueMax, 0, 1_000_000);

    this.#options = options;
    this.#maxBytes = options.maxBytes ?? defaultMaxReplayBytes;
    this.#metrics = createPoolMetrics(options.registry ?? new Registry());
    this.#metrics.workers.set(options.workers);
    this.#deadlines = new JobDeadlines(options.deadlineMs, options.startupGraceMs ?? 30_000);

    const workerData: PoolWorkerData = { decoderUrl: options.decoderUrl ?? realDecoderUrl };
    this.#piscina = new Piscina({
      filename: workerEntryPath,
      minThreads: options.workers,
      maxThreads: options.workers,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb ?? 512 },
    });

    // piscina emits 'error' when a worker dies with no job on it; unheard, that event would
    // take the whole process down. piscina replaces the worker, so a log line is all it needs.
    this.#piscina.on('error', (error: unknown) => {
      this.#options.logger?.error({ err: error }, 'idle replay worker died and was replaced');
    });
    this.#piscina.on('message', (message: unknown) => {
      if (isJobStartedMessage(message)) this.#deadlines.markStarted(message.replayJobStarted);
    });
  }

  /** Jobs waiting for a worker. */
  get queueLength(): number {
    return this.#waiting.length;
  }

  /** Jobs running on a worker now. */
  get busyWorkers(): number {
    return this.#running;
  }

  /** Queues one replay; its bytes are transferred to the worker, detaching the caller's view. */
  async parse(bytes: Uint8Array, request: ParseRequest = {}): Promise<DecodedReplay> {
    if (this.#isClosed) throw this.#fail(new ReplayError('busy', 'the replay pool is closed'));

    try {
      checkReplayBytes(bytes, this.#maxBytes);
    } catch (error) {
      throw this.#fail(error as ReplayError);
    }

    const owned = ownBuffer(bytes);
    const task: ParseTask = {
      jobId: this.#nextJobId++,
      bytes: owned,
      fileName: request.fileName ?? '',
      stats: request.stats ?? false,
      maxBytes: this.#maxBytes,
    };

    return new Promise<DecodedReplay>((resolve, reject) => {
      const job: Job = { task, buffer: owned.buffer, request, resolve, reject };
      if (this.#running < this.#options.workers) {
        this.#start(job);
        return;
      }

      if (this.#waiting.length >= this.#options.queueMax) {
        const message = `the replay queue is full (${this.#options.queueMax} waiting); try again`;
        reject(this.#fail(new ReplayError('busy', message)));
        return;
      }

      this.#waiting.push(job);
      this.#metrics.queueLength.set(this.#waiting.length);
      this.#tell(job, this.#waiting.length);
    });
  }

  /** Refuses new jobs, fails queued ones with `busy`, and waits for running ones to end. */
  async close(): Promise<void> {
    this.#isClosed = true;
    for (const job of this.#waiting.splice(0)) {
      job.reject(this.#fail(new ReplayError('busy', 'the replay pool is shutting down')));
    }

    this.#metrics.queueLength.set(0);
    await this.#piscina.close();
  }

  #start(job: Job): void {
    this.#running += 1;
    this.#metrics.busyWorkers.set(this.#running);
    this.#tell(job, 0);

    const { jobId } = job.task;
    const signal = this.#deadlines.open(jobId);

    this.#piscina
      .run(job.task, { transferList: [job.buffer], signal })
      .then(
        (outcome) => {
          if (outcome.ok) job.resolve(outcome.replay);
          else job.reject(this.#fail(fromFailure(outcome)));
        },
        (error: unknown) => {
          const hasStarted = this.#deadlines.hasStarted(jobId);
          job.reject(this.#fail(this.#explain(error, signal, hasStarted)));
        },
      )
      .finally(() => {
        this.#metrics.parseSeconds.observe(this.#deadlines.close(jobId));
        this.#running -= 1;
        this.#metrics.busyWorkers.set(this.#running);
        this.#startNext();
      });
  }

  #startNext(): void {
    const next = this.#waiting.shift();
    if (!next) return;

    this.#metrics.queueLength.set(this.#waiting.length);
    this.#waiting.forEach((job, index) => this.#tell(job, index + 1));
    this.#start(next);
  }

  // A caller's position callback runs inside the pool's bookkeeping: if it throws, the queue
  // must still move, so the error is logged and dropped.
  #tell(job: Job, position: number): void {
    try {
      job.request.onQueuePosition?.(position);
    } catch (error) {
      this.#options.logger?.warn({ err: error, position }, 'queue position callback threw');
    }
  }

  // piscina rejects when we abort at the deadline (it has already terminated that worker and
  // started a replacement) or when the worker dies (crash, heap cap). A job its worker never
  // began is not the file's fault: the pool itself is failing, so the player hears `busy`.
  // NOTE: Node delivers a worker's posted messages before its exit, so a crash mid-decode
  // arrives with its start message already counted.
  #explain(error: unknown, signal: AbortSignal, hasStarted: boolean): ReplayError {
    const log = this.#options.logger;
    if (!hasStarted) {
      log?.error({ err: error }, 'replay worker could not start a job');
      return new ReplayError('busy', 'the replay reader is not available right now; try again', {
        cause: error,
      });
    }

    if (signal.aborted) {
      log?.warn(
        { deadlineMs: this.#options.deadlineMs },
        'replay parse timed out, worker replaced',
      );
      const message = `reading the replay took longer than ${this.#options.deadlineMs} ms`;
      return new ReplayError('timeout', message, { cause: error });
    }

    log?.error({ err: error }, 'replay parsing worker died mid-job and was replaced');
    return new ReplayError('corrupt', 'the replay could not be read (the parser stopped)', {
      cause: error,
    });
  }

  #fail(error: ReplayError): ReplayError {
    this.#metrics.failures.inc({ code: error.code });
    return error;
  }
}

// setTimeout fires at once for delays past 2³¹ − 1 ms, which would time out every job.
const maxTimerMs = 2_147_483_647;

// Names the option, the rule and the value, as a bad setting should be reported.
function checkOption(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max} (got ${value})`);
  }
}

// Transfer moves a whole ArrayBuffer. A view into a shared or larger buffer (a pooled Buffer,
// a slice) is copied into one of its own first, so the caller's other data never vanishes.
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  const isWhole =
    buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === buffer.byteLength;
  return isWhole ? new Uint8Array(buffer) : new Uint8Array(bytes);
}
