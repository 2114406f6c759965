import type { MatchmakingSettings } from '../config.js';
import type { BwRace, Sc2Race } from '../races.js';
import type { LatencyClass, RegionCode, ServerCode } from '../regions.js';
import { latencyClass, regionCodes, serverFor } from '../regions.js';

// What one wave reads and returns, and the per-pair rules of PRODUCT.md §6.2 steps 2–3.

/** One queue entry as a wave sees it. */
export interface WaveEntry {
  playerId: string;
  bw: { race: BwRace; rating: number } | null;
  sc2: { race: Sc2Race; rating: number } | null;
  /** Vetoed map ids; vetoes of maps outside the pool are ignored. */
  vetoes: readonly string[];
  region: RegionCode;
  joinedAtMs: number;
  /** Waves waited, the current one included (1 in the first wave after joining). */
  wavesWaited: number;
}

/** One pair formed by a wave; `bw` is player 1. */
export interface WavePair {
  bw: WaveEntry;
  sc2: WaveEntry;
  bwRace: BwRace;
  sc2Race: Sc2Race;
  gap: number;
  cost: number;
  server: ServerCode;
  latency: readonly [LatencyClass, LatencyClass];
}

/** A valid queue entry with what the wave precomputes for it. */
export interface Candidate {
  entry: WaveEntry;
  region: number;
  vetoMask: number;
  window: number;
}

/** What building a wave's graph needs besides the players. */
export interface GraphContext {
  regions: RegionTables;
  s: MatchmakingSettings;
  /** Bit mask of every map of the pool; a pair is allowed only if its vetoes leave one out. */
  fullMask: number;
}

/** Why an entry could not take part in a wave at all. */
export type WaveRejectReason = 'no_race' | 'duplicate_player' | 'bad_rating' | 'bad_region';

/** The outcome of one wave. */
export interface WaveResult {
  pairs: WavePair[];
  /** Valid entries left in the pool, keeping their waves waited. */
  unpaired: WaveEntry[];
  rejected: { entry: WaveEntry; reason: WaveRejectReason }[];
  /** Allowed pairs in the wave, each counted once in its cheaper orientation. */
  allowedEdges: number;
  /** True when the duals of the matching prove it optimal over every allowed pair. */
  exact?: boolean;
}

/**
 * The widest rating gap a player accepts after `w` waves: base + growth·w, capped when a cap
 * is set. Defaults: w 1 → 150, 2 → 200, 6 → 400, 20 → 1,100.
 */
export function windowFor(w: number, s: MatchmakingSettings): number {
  const open = s.windowBase + s.windowGrowth * w;
  return s.windowCap === null ? open : Math.min(open, s.windowCap);
}

/** Per-wave lookup tables: region pairs' server, latency penalty and whether they are allowed. */
export interface RegionTables {
  index: ReadonlyMap<RegionCode, number>;
  server: ServerCode[];
  classes: [LatencyClass, LatencyClass][];
  penalty: Float64Array;
  forbidden: Uint8Array;
}

/** Builds the region-pair tables once per wave (16 × 16 cells). */
export function buildRegionTables(s: MatchmakingSettings): RegionTables {
  const n = regionCodes.length;
  const index = new Map(regionCodes.map((code, i) => [code, i] as const));
  const server: ServerCode[] = [];
  const classes: [LatencyClass, LatencyClass][] = [];
  const penalty = new Float64Array(n * n);
  const forbidden = new Uint8Array(n * n);

  for (const [i, a] of regionCodes.entries()) {
    for (const [j, b] of regionCodes.entries()) {
      const cell = serverFor(a, b, s.serverTable);
      const ca = latencyClass(a, cell, s.serverTable, s.latencyOverrides);
      const cb = latencyClass(b, cell, s.serverTable, s.latencyOverrides);
      server[i * n + j] = cell;
      classes[i * n + j] = [ca, cb];
      penalty[i * n + j] = s.latencyPenalty[ca] + s.latencyPenalty[cb];
    }
  }

  for (const [a, b] of s.forbiddenPairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) continue;
    forbidden[i * n + j] = 1;
    forbidden[j * n + i] = 1;
  }

  return { index, server, classes, penalty, forbidden };
}
