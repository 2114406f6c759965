import { afterEach, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { PooledReplayParser, type PooledReplayParserOptions } from '../../src/replays/index.js';
import { ReplayError } from '../../src/replays/decode/index.js';

const scriptedDecoderUrl = new URL('./fixtures/scripted-decoder.ts', import.meta.url).href;

/** Bytes that pass the pool's magic check: `MPQ\x1B` then `size` filler bytes. */
function fakeReplay(size = 32): Uint8Array {
  const bytes = new Uint8Array(4 + size).fill(0xab);
  bytes.set([0x4d, 0x50, 0x51, 0x1b]);
  return bytes;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReplayError);
  return (error as ReplayError).code;
}

let pool: PooledReplayParser | undefined;
let registry: Registry;

function startPool(options: Partial<PooledReplayParserOptions> = {}): PooledReplayParser {
  registry = new Registry();
  pool = new PooledReplayParser({
    workers: 1,
    deadlineMs: 5_000,
    queueMax: 4,
    decoderUrl: scriptedDecoderUrl,
    registry,
    ...options,
  });
  return pool;
}

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found?.values ?? []) as { value: number; labels: Record<string, unknown> }[];
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('PooledReplayParser', () => {
  it('parses in a worker and transfers the bytes instead of copying them', async () => {
    const parser = startPool();
    const bytes = fakeReplay(1_000);
    const replay = await parser.parse(bytes, { fileName: 'a.SC2Replay', stats: true });

    expect(replay.summary.file).toBe('a.SC2Replay');
    expect(replay.summary.build).toBe(1_004);
    expect(replay.stats).toEqual([]);
    // Transferred: the caller's view is detached, so nothing was copied.
    expect(bytes.byteLength).toBe(0);
  });

  it('copies a view into a larger buffer and leaves the rest of that buffer alone', async () => {
    const parser = startPool();
    const whole = new Uint8Array(64);
    whole.set(fakeReplay(12), 8);
    const view = whole.subarray(8, 24);

    const replay = await parser.parse(view, { fileName: 'view' });
    expect(replay.summary.build).toBe(16);
    expect(whole.byteLength).toBe(64);
    expect(view[0]).toBe(0x4d);
  });

  it('rebuilds a typed decoder error with its code and offset', async () => {
    const parser = startPool();
    const error = await parser.parse(fakeReplay(), { fileName: 'truncated' }).catch((e) => e);

    expect(error).toBeInstanceOf(ReplayError);
    expect(error.code).toBe('truncated');
    expect(error.offset).toBe(7);
    expect(await metric('ladder_replay_parse_failures_total', { code: 'truncated' })).toBe(1);
  });

  it('reports a decoder defect as corrupt and keeps the worker', async () => {
    const parser = startPool();
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'plain-throw' }))).toBe('corrupt');
    expect((await parser.parse(fakeReplay(), { fileName: 'next' })).summary.file).toBe('next');
  });

  it('refuses non-replays and oversized files before any worker sees them', async () => {
    const parser = startPool({ maxBytes: 100 });
    const text = new TextEncoder().encode('hello, not a replay');

    expect(await codeOf(parser.parse(text))).toBe('not_a_replay');
    expect(await codeOf(parser.parse(fakeReplay(200)))).toBe('too_large');
    expect(text.byteLength).toBe(19);
  });

  it('cuts a decoder stuck in a loop at its deadline and recovers', async () => {
    const parser = startPool({ deadlineMs: 1_000 });
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'loop' }))).toBe('timeout');

    // The stuck worker was terminated and replaced: the next job runs normally.
    const replay = await parser.parse(fakeReplay(), { fileName: 'after-loop' });
    expect(replay.summary.file).toBe('after-loop');
    expect(parser.busyWorkers).toBe(0);
    expect(await metric('ladder_replay_parse_failures_total', { code: 'timeout' })).toBe(1);
  });

  it('counts the deadline from the start of the decode, not the worker start-up', async () => {
    const slowBoot = `${scriptedDecoderUrl}?bootMs=1500`;
    const parser = startPool({ deadlineMs: 600, decoderUrl: slowBoot });

    // Start-up takes 1.5 s, yet the first job, handed off at once, is not cut at 0.6 s.
    expect((await parser.parse(fakeReplay(), { fileName: 'first' })).summary.file).toBe('first');
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'loop' }))).toBe('timeout');

    // The replacement worker boots for 1.5 s too; its first job still gets its full time.
    expect((await parser.parse(fakeReplay(), { fileName: 'busy-50' })).summary.file).toBe(
      'busy-50',
    );
  });

  it('gives up with busy on a job its worker never picks up, after the start-up grace', async () => {
    const parser = startPool({
      deadlineMs: 100,
      startupGraceMs: 200,
      decoderUrl: `${scriptedDecoderUrl}?bootMs=2000`,
    });
    const error = await parser.parse(fakeReplay(), { fileName: 'never-started' }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'busy',
      message: expect.stringContaining('not available'),
    });
  });

  it('answers busy, not a verdict on the file, when workers cannot start', async () => {
    const parser = startPool({ decoderUrl: new URL('./fixtures/absent.ts', import.meta.url).href });
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'any' }))).toBe('busy');
  });

  it('survives a worker that crashes mid-job', async () => {
    const parser = startPool();
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'crash' }))).toBe('corrupt');

    const replay = await parser.parse(fakeReplay(), { fileName: 'after-crash' });
    expect(replay.summary.file).toBe('after-crash');
  });

  it('survives a worker that runs out of its heap cap', async () => {
    const parser = startPool({ maxWorkerHeapMb: 48, deadlineMs: 20_000 });
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'hog' }))).toBe('corrupt');
    expect((await parser.parse(fakeReplay(), { fileName: 'ok' })).summary.file).toBe('ok');
  });

  it('shows queue positions and refuses with busy when the queue is full', async () => {
    const parser = startPool({ workers: 1, queueMax: 2 });
    const positions: Record<string, number[]> = { first: [], second: [], third: [] };
    const parse = (name: keyof typeof positions, fileName: string) =>
      parser.parse(fakeReplay(), {
        fileName,
        onQueuePosition: (position) => positions[name]?.push(position),
      });

    const first = parse('first', 'busy-300');
    const second = parse('second', 'second');
    const third = parse('third', 'third');
    expect(parser.queueLength).toBe(2);
    expect(await metric('ladder_replay_pool_queue_length')).toBe(2);
    expect(await metric('ladder_replay_pool_busy_workers')).toBe(1);
    expect(await codeOf(parser.parse(fakeReplay(), { fileName: 'fourth' }))).toBe('busy');

    await Promise.all([first, second, third]);
    expect(positions).toEqual({ first: [0], second: [1, 0], third: [2, 1, 0] });
    expect(parser.queueLength).toBe(0);
    expect(await metric('ladder_replay_pool_busy_workers')).toBe(0);
  });

  it('keeps the queue moving when a position callback throws', async () => {
    const parser = startPool({ workers: 1 });
    const throwing = () => {
      throw new Error('callback bug');
    };

    const jobs = ['busy-100', 'second', 'third'].map((fileName) =>
      parser.parse(fakeReplay(), { fileName, onQueuePosition: throwing }),
    );
    const files = (await Promise.all(jobs)).map((replay) => replay.summary.file);
    expect(files).toEqual(['busy-100', 'second', 'third']);
  });

  it('runs jobs on every worker at once', async () => {
    const parser = startPool({ workers: 2, queueMax: 8 });
    const jobs = ['busy-200', 'busy-200', 'busy-200'].map((fileName) =>
      parser.parse(fakeReplay(), { fileName }),
    );

    expect(parser.busyWorkers).toBe(2);
    expect(parser.queueLength).toBe(1);
    await Promise.all(jobs);
    expect(await metric('ladder_replay_pool_workers')).toBe(2);
  });

  it('fails queued jobs with busy on close and refuses new ones', async () => {
    const parser = startPool({ workers: 1 });
    const running = parser.parse(fakeReplay(), { fileName: 'busy-200' });
    const queued = codeOf(parser.parse(fakeReplay(), { fileName: 'queued' }));

    await parser.close();
    expect((await running).summary.file).toBe('busy-200');
    expect(await queued).toBe('busy');
    expect(await codeOf(parser.parse(fakeReplay()))).toBe('busy');
  });

  it('counts parse latency in its histogram', async () => {
    const parser = startPool();
    await parser.parse(fakeReplay(), { fileName: 'one' });
    await parser.parse(fakeReplay(), { fileName: 'two' });

    const found = (await registry.getMetricsAsJSON()).find(
      (m) => m.name === 'ladder_replay_parse_seconds',
    );
    const values = (found?.values ?? []) as { metricName?: string; value: number }[];
    const count = values.find((v) => v.metricName === 'ladder_replay_parse_seconds_count');
    expect(count?.value).toBe(2);
  });

  it('rejects options out of range, naming the option, the rule and the value', () => {
    const base = { workers: 1, deadlineMs: 1_000, queueMax: 1 };
    expect(() => new PooledReplayParser({ ...base, workers: 0 })).toThrow(
      'workers must be an integer from 1 to 1024 (got 0)',
    );
    expect(() => new PooledReplayParser({ ...base, deadlineMs: 2 ** 31 })).toThrow(
      /^deadlineMs must be an integer from 1 to 2147483647/,
    );
    expect(() => new PooledReplayParser({ ...base, queueMax: 1.5 })).toThrow(/queueMax/);
  });
});
