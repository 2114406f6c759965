import { createWriteStream, type WriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One REST exchange as recorded. */
export interface RestRecord {
  kind: 'rest';
  startMs: number;
  endMs: number;
  method: string;
  path: string;
  route: string;
  bucket?: string;
  major?: string;
  status: number;
  code?: number;
  scope?: string;
  bytesIn: number;
  bytesOut: number;
  files: number;
  interactionId?: string;
}

/** One gateway frame as recorded. */
export interface FrameRecord {
  kind: 'frame';
  atMs: number;
  dir: 'in' | 'out';
  op: number;
  t: string | null;
  s: number | null;
  bytes: number;
  session?: string;
}

/** A point on an interaction's timeline. */
export interface InteractionRecordEntry {
  kind: 'interaction';
  atMs: number;
  id: string;
  event: 'dispatched' | 'first_response' | 'refused' | 'followup' | 'edit';
  detail?: number;
}

type AnyRecord = RestRecord | FrameRecord | InteractionRecordEntry;

/** Summary figures of a run, as printed by load tests and the benchmark. */
export interface RecorderSummary {
  requests: number;
  frames: number;
  interactions: number;
  answered: number;
  firstResponseMs: { p50: number; p95: number; p99: number; max: number };
  deadlineMisses: number;
  rateLimited: { total: number; byScope: Record<string, number>; byRoute: Record<string, number> };
  invalidRequestPeak: number;
}

/** Percentile of a sorted array (nearest rank); 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/**
 * Keeps the counters every run needs and, when given a path, writes every event as one JSON
 * line. Timestamps are `performance.now()` milliseconds: monotonic, fine for durations.
 */
export class Recorder {
  private stream: WriteStream | null = null;
  private requests = 0;
  private frames = 0;
  // Only interactions still waiting for their first response: a long load test must not grow.
  private readonly dispatchedAt = new Map<string, number>();
  private interactions = 0;
  private readonly firstResponse: number[] = [];
  private deadlineMisses = 0;
  private readonly byScope: Record<string, number> = {};
  private readonly byRoute: Record<string, number> = {};
  private rateLimitedTotal = 0;
  /** Set by the rate limiter, which owns the 10-minute window. */
  invalidRequestPeak = 0;

  constructor(path?: string) {
    if (path) this.stream = createWriteStream(path, { flags: 'a' });
  }

  /** Monotonic time in milliseconds. */
  now(): number {
    return performance.now();
  }

  /** Notes a finished REST exchange. */
  rest(record: RestRecord): void {
    this.requests++;
    if (record.status === 429) {
      this.rateLimitedTotal++;
      const scope = record.scope ?? 'user';
      this.byScope[scope] = (this.byScope[scope] ?? 0) + 1;
      this.byRoute[record.route] = (this.byRoute[record.route] ?? 0) + 1;
    }
    this.write(record);
  }

  /** Notes a gateway frame; cheap when no file is being written. */
  frame(dir: 'in' | 'out', op: number, t: string | null, s: number | null, bytes: number): void {
    this.frames++;
    if (this.stream) this.write({ kind: 'frame', atMs: this.now(), dir, op, t, s, bytes });
  }

  /** An interaction was sent to the bot. */
  dispatched(id: string): void {
    this.interactions++;
    this.dispatchedAt.set(id, this.now());
    this.write({ kind: 'interaction', atMs: this.now(), id, event: 'dispatched' });
  }

  /** The bot's first callback for an interaction was accepted. */
  answered(id: string, callbackType: number): void {
    const sent = this.dispatchedAt.get(id);
    this.dispatchedAt.delete(id);
    if (sent !== undefined) this.firstResponse.push(this.now() - sent);
    this.write({
      kind: 'interaction',
      atMs: this.now(),
      id,
      event: 'first_response',
      detail: callbackType,
    });
  }

  /** A first callback came after the deadline and was refused with 10062. */
  deadlineMissed(id: string): void {
    this.deadlineMisses++;
    this.dispatchedAt.delete(id);
    this.write({ kind: 'interaction', atMs: this.now(), id, event: 'refused', detail: 10062 });
  }

  /** Summary figures so far. */
  summary(): RecorderSummary {
    const sorted = [...this.firstResponse].sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      requests: this.requests,
      frames: this.frames,
      interactions: this.interactions,
      answered: sorted.length,
      firstResponseMs: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
      },
      deadlineMisses: this.deadlineMisses,
      rateLimited: {
        total: this.rateLimitedTotal,
        byScope: { ...this.byScope },
        byRoute: { ...this.byRoute },
      },
      invalidRequestPeak: this.invalidRequestPeak,
    };
  }

  /** Flushes and closes the JSON-lines file, if any. */
  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream) await new Promise<void>((resolve) => stream.end(resolve));
  }

  private write(record: AnyRecord): void {
    this.stream?.write(`${JSON.stringify(record)}\n`);
  }
}
