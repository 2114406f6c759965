import type { SimulationOptions } from './run-simulation.js';

// The simulator's figures: medians and 95th percentiles of waits and gaps, the share of
// entries still unmatched five minutes after joining, and the wave compute times.

/** Raw samples collected during a run. */
export interface SimulationSamples {
  /** Seconds from join to the wave that paired the entry. */
  waits: number[];
  gaps: number[];
  chances: number[];
  class2: number;
  /** Queue entries created. */
  entries: number;
  /** Entries matched after more than 5 min, or gone or left over unmatched after 5 min. */
  lateOrUnmatched: number;
  waveMs: number[];
  waveCpuMs: number[];
  poolSizes: number[];
}

/** The figures one run prints. */
export interface SimulationReport {
  policy: string;
  players: number;
  hours: number;
  seed: number;
  entries: number;
  matches: number;
  waitMedianS: number;
  waitP95S: number;
  gapMedian: number;
  gapP95: number;
  unmatchedAfter5MinShare: number;
  underdogMeanChance: number;
  latencyClass2Share: number;
  slowestWaveMs: number;
  medianWaveMs: number;
  slowestWaveCpuMs: number;
  p99WaveCpuMs: number;
  largestPool: number;
  waves: number;
}

/** The q-quantile (0–1) of `values` by the nearest-rank method; 0 for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Turns a run's samples into its report. */
export function summarize(options: SimulationOptions, s: SimulationSamples): SimulationReport {
  const matches = s.gaps.length;
  const mean = (xs: readonly number[]) =>
    xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    policy: options.policy,
    players: options.players,
    hours: options.hours,
    seed: options.seed,
    entries: s.entries,
    matches,
    waitMedianS: quantile(s.waits, 0.5),
    waitP95S: quantile(s.waits, 0.95),
    gapMedian: quantile(s.gaps, 0.5),
    gapP95: quantile(s.gaps, 0.95),
    unmatchedAfter5MinShare: s.entries === 0 ? 0 : s.lateOrUnmatched / s.entries,
    underdogMeanChance: mean(s.chances),
    latencyClass2Share: matches === 0 ? 0 : s.class2 / matches,
    slowestWaveMs: s.waveMs.reduce((a, b) => Math.max(a, b), 0),
    medianWaveMs: quantile(s.waveMs, 0.5),
    slowestWaveCpuMs: s.waveCpuMs.reduce((a, b) => Math.max(a, b), 0),
    p99WaveCpuMs: quantile(s.waveCpuMs, 0.99),
    largestPool: s.poolSizes.reduce((a, b) => Math.max(a, b), 0),
    waves: s.waveMs.length,
  };
}

/** Formats reports side by side as a plain-text table. */
export function formatReports(reports: readonly SimulationReport[]): string {
  const rows: [string, (r: SimulationReport) => string][] = [
    ['queue entries', (r) => String(r.entries)],
    ['matches', (r) => String(r.matches)],
    ['wait median / p95 (s)', (r) => `${r.waitMedianS.toFixed(0)} / ${r.waitP95S.toFixed(0)}`],
    ['rating gap median / p95', (r) => `${r.gapMedian} / ${r.gapP95}`],
    ['unmatched after 5 min', (r) => `${(r.unmatchedAfter5MinShare * 100).toFixed(1)} %`],
    ['underdog mean chance', (r) => `${(r.underdogMeanChance * 100).toFixed(1)} %`],
    ['latency class 2 share', (r) => `${(r.latencyClass2Share * 100).toFixed(1)} %`],
    ['largest pool', (r) => String(r.largestPool)],
    [
      'wave wall median / slowest (ms)',
      (r) => `${r.medianWaveMs.toFixed(2)} / ${r.slowestWaveMs.toFixed(2)}`,
    ],
    [
      'wave CPU p99 / slowest (ms)',
      (r) => `${r.p99WaveCpuMs.toFixed(2)} / ${r.slowestWaveCpuMs.toFixed(2)}`,
    ],
  ];

  const head = ['', ...reports.map((r) => r.policy)];
  const body = rows.map(([label, get]) => [label, ...reports.map(get)]);
  const widths = head.map((_, i) =>
    Math.max(...[head, ...body].map((row) => (row[i] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}
