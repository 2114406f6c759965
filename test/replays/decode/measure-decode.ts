// A quick measurement of the decoder (not a test, not the formal `ladder bench replays`):
// per-file median of several runs, then the median and p95 of those over a set of files.
// Run: npx tsx test/replays/decode/measure-decode.ts [runs]
import { performance } from 'node:perf_hooks';

import { decodeReplay, readArchiveFiles } from '../../../src/replays/decode/index.js';
import { corpusFiles, evoFiles, expectedSummary, readReplay } from './corpus.js';

const runs = Number(process.argv[2] ?? 30);
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
report('Evo set', evoFiles());
report('real 1v1 games, base build >= 80949', real1v1);
