// A quick measurement of the decoder (not a test, not the formal `ladder bench replays`):
// per-file median of several runs, then the median and p95 of those over a set of files.
// Run: npx tsx test/replays/decode/measure-decode.ts [runs]
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import { decodeReplay, readArchiveFiles, ReplayError } from '../../../src/replays/decode/index.js';
import { corpusFiles, evoFiles, expectedSummary, readReplay } from './corpus.js';
import { mutate, seededRandom } from './mutation.js';

const runs = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 30);
const floorNames = ['replay.details', 'replay.attributes.events', 'replay.initData'];

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95Of(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

function perFile(bytes: Uint8Array, work: (b: Uint8Array) => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work(bytes);
    times.push(performance.now() - start);
  }

  return medianOf(times);
}

function report(label: string, files: string[]): void {
  const sets = {
    floor: (b: Uint8Array) => readArchiveFiles(b, floorNames),
    summary: (b: Uint8Array) => decodeReplay(b),
    stats: (b: Uint8Array) => decodeReplay(b, { stats: true }),
  };
  const line: string[] = [`${label} (${files.length} files, ${runs} runs each):`];
  const medians: Record<string, number> = {};
  for (const [name, work] of Object.entries(sets)) {
    const times = files.map((file) => perFile(readReplay(file), work));
    medians[name] = medianOf(times);
    line.push(
      `${name} p50 ${medianOf(times).toFixed(3)} ms p95 ${p95Of(times).toFixed(3)} ms max ${Math.max(...times).toFixed(3)} ms`,
    );
  }

  line.push(`summary/floor ratio ${(medians.summary! / medians.floor!).toFixed(2)}`);
  console.log(line.join('\n  '));
}

// Warm up the JIT on every file once before measuring.
for (const file of corpusFiles()) decodeReplay(readReplay(file), { stats: true });

const real1v1 = corpusFiles().filter((file) => {
  const want = expectedSummary(file);
  return (
    want.baseBuild >= 80949 &&
    want.players.length === 2 &&
    want.players.every((p) => !p.isComputer) &&
    !evoFiles().includes(file)
  );
});
console.log(`load average ${loadavg()[0]!.toFixed(1)} at start`);
report('Evo set', evoFiles());
report('real 1v1 games, base build >= 80949', real1v1);

// With --fuzz: the slowest of 10,000 seeded mutated decodes, the hang check of the fuzz tests
// (kept out of the tests because tests never assert wall-clock time).
if (process.argv.includes('--fuzz')) {
  const random = seededRandom(0x5c2);
  const files = corpusFiles();
  const outcomes = new Map<string, number>();
  let slowest = { ms: 0, label: '' };
  for (let i = 0; i < 10_000; i++) {
    const file = files[i % files.length]!;
    const input = mutate(readReplay(file), random);
    const start = performance.now();
    let outcome = 'ok';
    try {
      decodeReplay(input, { stats: true });
    } catch (err) {
      outcome = err instanceof ReplayError ? err.code : `UNTYPED ${String(err)}`;
    }

    const ms = performance.now() - start;
    if (ms > slowest.ms) slowest = { ms, label: `mutation ${i} of ${file}` };
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  console.log(`fuzz: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  console.log(`fuzz: slowest ${slowest.ms.toFixed(1)} ms (${slowest.label})`);
}
