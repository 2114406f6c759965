import { availableParallelism, loadavg } from 'node:os';
import { PooledReplayParser } from '../src/replays/index.js';
import {
  isCurrent1v1,
  loadCorpus,
  median,
  quantile,
  timeRound,
  type CorpusReplay,
  type RoundTimes,
} from './replay-timing.js';

// `ladder bench replays [--json] [--rounds N]`: decode latency per file (summary, and with
// tracker statistics), the floor measured in the same run (open the archive and decompress the
// same inner files, nothing else) with the ratio to it, and the pool's throughput on this
// machine's cores. Latencies use each file's median over rounds; throughput is the median
// of five timed rounds. Targets: ARCHITECTURE.md §7.

interface Latency {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

interface SetFigures {
  files: number;
  summary: Latency;
  withStats: Latency;
  floor: Latency;
  floorWithStats: Latency;
  /** Summary over floor: of the p50s, of the p95s, and of the total time over all files. */
  ratioToFloor: { p50: number; p95: number; total: number };
  /** Summaries per second on one thread, from the total summary time: the pool's peer. */
  inlineReplaysPerSecond: number;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

// Each file's time is first reduced to its median over the rounds, so a file the scheduler
// happened to pause once (other work on a shared machine) does not become the p95; the
// quantiles are then taken over files.
function setFigures(rounds: RoundTimes[], pick: (times: number[]) => number[]): SetFigures {
  const perFile = (key: keyof RoundTimes): number[] => {
    const byRound = rounds.map((r) => pick(r[key]));
    return (byRound[0] ?? []).map((_, file) => median(byRound.map((times) => times[file]!)));
  };
  const latency = (times: number[]): Latency => ({
    p50Ms: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    maxMs: Math.max(...times),
  });

  const summary = perFile('summary');
  const floor = perFile('floor');
  return {
    files: summary.length,
    summary: latency(summary),
    withStats: latency(perFile('withStats')),
    floor: latency(floor),
    floorWithStats: latency(perFile('floorWithStats')),
    ratioToFloor: {
      p50: quantile(summary, 0.5) / quantile(floor, 0.5),
      p95: quantile(summary, 0.95) / quantile(floor, 0.95),
      total: sum(summary) / sum(floor),
    },
    inlineReplaysPerSecond: summary.length / (sum(summary) / 1_000),
  };
}

// Jobs are prepared before the clock starts: the pool transfers each buffer, so each job
// needs its own copy, and copying is not the pool's work.
async function poolThroughput(replays: CorpusReplay[], jobs: number, workers: number) {
  const pool = new PooledReplayParser({ workers, deadlineMs: 10_000, queueMax: jobs });
  const copies = () => Array.from({ length: jobs }, (_, i) => replays[i % replays.length]!);
  const run = async () => {
    const batch = copies().map((r) => ({ name: r.name, bytes: new Uint8Array(r.bytes) }));
    const start = performance.now();
    const results = await Promise.allSettled(
      batch.map((job) => pool.parse(job.bytes, { fileName: job.name })),
    );
    const seconds = (performance.now() - start) / 1_000;
    return {
      perSecond: jobs / seconds,
      failed: results.filter((r) => r.status === 'rejected').length,
    };
  };

  try {
    await run(); // warm-up: start workers, load the decoder, let the JIT settle
    const rounds = [];
    for (let i = 0; i < 5; i += 1) rounds.push(await run());
    return {
      workers,
      jobs,
      replaysPerSecond: median(rounds.map((r) => r.perSecond)),
      rounds: rounds.map((r) => Math.round(r.perSecond)),
      failed: Math.max(...rounds.map((r) => r.failed)),
    };
  } finally {
    await pool.close();
  }
}

/** Runs the benchmark and prints its figures. */
export async function run(args: string[]): Promise<number> {
  const isJson = args.includes('--json');
  const roundsArg = args[args.indexOf('--rounds') + 1];
  const roundCount = args.includes('--rounds') ? Number(roundsArg) : 7;
  if (!Number.isSafeInteger(roundCount) || roundCount < 1) {
    process.stderr.write(`--rounds must be a positive integer (got ${roundsArg})\n`);
    return 2;
  }

  const loadAtStart = Number(loadavg()[0]?.toFixed(2));
  const corpus = loadCorpus();
  const currentIndexes = corpus.flatMap((r, i) => (isCurrent1v1(r) ? [i] : []));
  const current = (times: number[]) => currentIndexes.map((i) => times[i]!);

  timeRound(corpus, 1); // warm-up round, not counted
  const rounds = Array.from({ length: roundCount }, (_, i) => timeRound(corpus, i + 2));
  const failures = rounds.at(-1)?.failures ?? [];
  const wall = rounds.map((round) => round.wall);
  const cpu = rounds.map((round) => round.cpu);

  const workers = availableParallelism();
  const currentReplays = currentIndexes.map((i) => corpus[i]!);
  const figures = {
    rounds: roundCount,
    cores: availableParallelism(),
    // Other work on a shared machine skews every figure; the load average says how much.
    loadAverageAtStart: loadAtStart,
    current1v1: setFigures(wall, current),
    wholeCorpus: setFigures(wall, (times) => times),
    current1v1Cpu: setFigures(cpu, current),
    wholeCorpusCpu: setFigures(cpu, (times) => times),
    decodeFailures: failures,
    // One worker is the default on two cores (cores − 1): the peer that shows the scaling.
    pool: {
      current1v1: await poolThroughput(currentReplays, 1_000, workers),
      wholeCorpus: await poolThroughput(corpus, corpus.length * 3, workers),
      current1v1OneWorker: await poolThroughput(currentReplays, 1_000, 1),
    },
  };

  const withLoad = { ...figures, loadAverageAtEnd: Number(loadavg()[0]?.toFixed(2)) };
  process.stdout.write(isJson ? `${JSON.stringify(withLoad)}\n` : formatText(withLoad));
  return failures.length > 0 ? 1 : 0;
}

function formatText(figures: {
  rounds: number;
  cores: number;
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
  current1v1: SetFigures;
  wholeCorpus: SetFigures;
  current1v1Cpu: SetFigures;
  wholeCorpusCpu: SetFigures;
  decodeFailures: string[];
  pool: Record<
    string,
    { workers: number; jobs: number; replaysPerSecond: number; rounds: number[] }
  >;
}): string {
  const ms = (n: number) => n.toFixed(3).padStart(9);
  const lines = [
    `replay decode: per-file medians of ${figures.rounds} rounds, ${figures.cores} cores, ` +
      `load average ${figures.loadAverageAtStart} at start, ${figures.loadAverageAtEnd} at end`,
  ];

  for (const [label, set, cpu] of [
    ['current 1v1 (base build >= 80949)', figures.current1v1, figures.current1v1Cpu],
    ['whole corpus', figures.wholeCorpus, figures.wholeCorpusCpu],
  ] as const) {
    lines.push('', `${label}: ${set.files} files      p50 ms    p95 ms    max ms`);
    for (const [row, value] of [
      ['summary', set.summary],
      ['summary + stats', set.withStats],
      ['floor (same files)', set.floor],
      ['floor + tracker', set.floorWithStats],
    ] as const) {
      lines.push(`  ${row.padEnd(30)}${ms(value.p50Ms)} ${ms(value.p95Ms)} ${ms(value.maxMs)}`);
    }

    const r = set.ratioToFloor;
    lines.push(
      `  summary / floor: p50 ${r.p50.toFixed(2)}x, p95 ${r.p95.toFixed(2)}x, total ${r.total.toFixed(2)}x`,
    );
    for (const [row, value] of [
      ['CPU time, summary', cpu.summary],
      ['CPU time, floor', cpu.floor],
    ] as const) {
      lines.push(`  ${row.padEnd(30)}${ms(value.p50Ms)} ${ms(value.p95Ms)} ${ms(value.maxMs)}`);
    }

    const c = cpu.ratioToFloor;
    lines.push(
      `  CPU summary / floor: p50 ${c.p50.toFixed(2)}x, p95 ${c.p95.toFixed(2)}x, total ${c.total.toFixed(2)}x`,
    );
  }

  lines.push('');
  for (const [label, pool] of Object.entries(figures.pool)) {
    lines.push(
      `pool ${label}: ${Math.round(pool.replaysPerSecond)} replays/s ` +
        `(${pool.workers} workers, ${pool.jobs} jobs, rounds ${pool.rounds.join(' ')})`,
    );
  }

  lines.push(
    `decode failures: ${figures.decodeFailures.length === 0 ? 'none' : figures.decodeFailures.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
