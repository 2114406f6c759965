import type { Match, StoreReader } from '../store/index.js';
import type { LadderContext } from './context.js';

// Matchmaking quality over a recent window ([MM-7]): what `/admin snapshot` and the fairness
// page show. Matches are read newest first by number (numbers grow with wave time), waves by
// their time index, so the cost follows the window, never the whole history.

/** One day, the window of `/admin snapshot`. */
export const snapshotWindowMs = 24 * 60 * 60_000;

/** Matchmaking figures of a time window; every figure is 0 when it has no samples. */
export interface MatchmakingMetrics {
  fromMs: number;
  toMs: number;
  /** Matches formed by waves in the window, whatever became of them. */
  matches: number;
  /** Each matched player's wait (join → wave), in ms; nearest-rank percentiles. */
  waitMedianMs: number;
  waitP90Ms: number;
  /** Rating gap at pairing. */
  gapMedian: number;
  gapP90: number;
  /** Mean of the underdog's predicted win chance. */
  underdogMeanChance: number;
  /** Share of matches where at least one player was on a class-2 server (as the simulator). */
  latencyClass2Share: number;
  /** Stored waves (idle waves store none), pairs they formed, and the slowest pairing. */
  waves: number;
  pairsFormed: number;
  slowestWaveMs: number;
}

/** The figures of the waves and matches with `fromMs <= waveAt < toMs`. */
export function matchmakingMetrics(
  ctx: LadderContext,
  fromMs: number,
  toMs: number,
): MatchmakingMetrics {
  const read = ctx.store.read;
  const matches = matchesOfWindow(read, fromMs, toMs);
  const waits = matches.flatMap((m) => [m.p1WaitMs, m.p2WaitMs]);
  const gaps = matches.map((m) => Math.abs(m.p1RatingAtPairing - m.p2RatingAtPairing));
  const classes = matches.map(latencyOf).filter((pair) => pair !== null);
  const waves = read.waves(fromMs, toMs);

  return {
    fromMs,
    toMs,
    matches: matches.length,
    waitMedianMs: quantile(waits, 0.5),
    waitP90Ms: quantile(waits, 0.9),
    gapMedian: quantile(gaps, 0.5),
    gapP90: quantile(gaps, 0.9),
    underdogMeanChance: mean(matches.map((m) => m.underdogChance)),
    latencyClass2Share:
      classes.length === 0 ? 0 : classes.filter((c) => c.includes(2)).length / classes.length,
    waves: waves.length,
    pairsFormed: waves.reduce((sum, w) => sum + w.pairsFormed, 0),
    slowestWaveMs: waves.reduce((max, w) => Math.max(max, w.computeMs), 0),
  };
}

/** Matches whose wave time is in the window, walking down from the newest number. */
function matchesOfWindow(read: StoreReader, fromMs: number, toMs: number): Match[] {
  const out: Match[] = [];
  for (let number = read.lastMatchNumber(); number >= 1; number -= 1) {
    const match = read.matchByNumber(number);
    // Numbers are given without gaps today; a missing one is skipped rather than ending the walk.
    if (match === undefined) continue;
    if (match.waveAt < fromMs) break;
    if (match.waveAt < toMs) out.push(match);
  }
  return out;
}

/** Both players' latency classes, as the wave stored them on the `found` event. */
function latencyOf(match: Match): number[] | null {
  const found = match.events.find((e) => e.event === 'found');
  const details = found?.details as { latency?: unknown } | undefined;
  const latency = details?.latency;
  return Array.isArray(latency) && latency.every((c) => typeof c === 'number') ? latency : null;
}

/** The q-quantile (0–1) by the nearest-rank method; 0 for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
