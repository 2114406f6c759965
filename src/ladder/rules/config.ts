import type { RegionCode, LatencyOverrides, ServerTable } from './regions.js';
import { defaultServerTable } from './regions.js';

// Every constant of the rules is a default from configuration (PRODUCT.md §11); the rules take
// them as parameters so tests and seasons can change any of them.

/** Elo settings of a season (PRODUCT.md §7.1). */
export interface EloSettings {
  kind: 'elo';
  /** @defaultValue 1500 */
  start: number;
  /** @defaultValue 40 */
  k: number;
  /** @defaultValue 500 */
  divisor: number;
  /** Entries with fewer rated games show the provisional mark. @defaultValue 5 */
  provisionalGames: number;
}

/** Glicko-2 settings of a season (PRODUCT.md §7.2). */
export interface Glicko2Settings {
  kind: 'glicko2';
  /** @defaultValue 1500 */
  start: number;
  /** Start deviation, also the cap after inactivity. @defaultValue 350 */
  rd: number;
  /** @defaultValue 0.06 */
  volatility: number;
  /** System constant τ. @defaultValue 0.5 */
  tau: number;
  /** @defaultValue 7 */
  inactivityPeriodDays: number;
  /** The provisional mark shows while RD is above this. @defaultValue 110 */
  provisionalRd: number;
}

/** The rating system of a season. */
export type RatingSettings = EloSettings | Glicko2Settings;

/** Letter bands from the top; shares in percent (PRODUCT.md §7.4). */
export interface RankSettings {
  /** @defaultValue S 1, A 7, B 21, C 21, D 21, E 21, F 8 */
  shares: Readonly<Record<RankLetter, number>>;
  /** Entries idle longer than this are U. @defaultValue 14 */
  inactivityDays: number;
}

/** A letter rank; U (unranked) is not a band. */
export type RankLetter = 'S' | 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Matchmaking constants (PRODUCT.md §6.4). */
export interface MatchmakingSettings {
  /** @defaultValue 100 */
  windowBase: number;
  /** @defaultValue 50 */
  windowGrowth: number;
  /** Optional upper bound of the window. @defaultValue null */
  windowCap: number | null;
  /** Rating points per wave waited, per player. @defaultValue 20 */
  waitBonus: number;
  /** Penalty per player for latency class 0, 1, 2. @defaultValue [0, 30, 100] */
  latencyPenalty: readonly [number, number, number];
  /** Region pairs never matched. @defaultValue [] */
  forbiddenPairs: readonly (readonly [RegionCode, RegionCode])[];
  /** How many of a player's latest played matches' maps are avoided. @defaultValue 2 */
  recentMapMemory: number;
  serverTable: ServerTable;
  latencyOverrides: LatencyOverrides;
}

/** Settings of replay verification (PRODUCT.md §8, §11.7). */
export interface VerificationSettings {
  /** @defaultValue 600_000 (±10 min) */
  startToleranceMs: number;
  /** @defaultValue 120 */
  shortGameSeconds: number;
  /** Expected lobby settings. @defaultValue Normal, Faster, Infinite (0), locked alliances */
  lobby: {
    privacy: string;
    gameSpeed: string;
    durationLimitMinutes: number;
    lockedAlliances: boolean;
  };
}

/** Everything the pure rules read from configuration. */
export interface RulesConfig {
  rating: RatingSettings;
  ranks: RankSettings;
  matchmaking: MatchmakingSettings;
  verification: VerificationSettings;
  /** Aborts per calendar month (UTC). @defaultValue 3 */
  abortsPerMonth: number;
}

/** Default Elo settings. */
export const defaultElo: EloSettings = {
  kind: 'elo',
  start: 1500,
  k: 40,
  divisor: 500,
  provisionalGames: 5,
};

/** Default Glicko-2 settings. */
export const defaultGlicko2: Glicko2Settings = {
  kind: 'glicko2',
  start: 1500,
  rd: 350,
  volatility: 0.06,
  tau: 0.5,
  inactivityPeriodDays: 7,
  provisionalRd: 110,
};

/** The product's defaults for every rule. */
export const defaultRulesConfig: RulesConfig = {
  rating: defaultElo,
  ranks: {
    shares: { S: 1, A: 7, B: 21, C: 21, D: 21, E: 21, F: 8 },
    inactivityDays: 14,
  },
  matchmaking: {
    windowBase: 100,
    windowGrowth: 50,
    windowCap: null,
    waitBonus: 20,
    latencyPenalty: [0, 30, 100],
    forbiddenPairs: [],
    recentMapMemory: 2,
    serverTable: defaultServerTable,
    latencyOverrides: {},
  },
  verification: {
    startToleranceMs: 600_000,
    shortGameSeconds: 120,
    lobby: {
      privacy: 'Normal',
      gameSpeed: 'Faster',
      durationLimitMinutes: 0,
      lockedAlliances: true,
    },
  },
  abortsPerMonth: 3,
};
