import type { EloSettings } from './config.js';

// Elo as PRODUCT.md §7.1 defines it: one rounded delta, so a game is exactly zero-sum.

/** The outcome of a rated game, from player 1's (BW side's) point of view. */
export type RatedOutcome = 'p1_win' | 'p2_win' | 'draw';

/** Player 1's actual score: 1 for a win, ½ for a draw, 0 for a loss. */
export function scoreOf(outcome: RatedOutcome): number {
  if (outcome === 'p1_win') return 1;
  return outcome === 'draw' ? 0.5 : 0;
}

/** Player 1's expected score `1 / (1 + 10^((r2 − r1)/D))`. */
export function eloExpected(r1: number, r2: number, divisor: number): number {
  return 1 / (1 + 10 ** ((r2 - r1) / divisor));
}

/** Rounds halves away from zero, as the product's delta requires. */
export function roundHalfAway(value: number): number {
  const rounded = Math.round(Math.abs(value));
  return value < 0 ? -rounded : rounded;
}

/** Result of one Elo game: new ratings and the single delta player 1 gained. */
export interface EloResult {
  p1: number;
  p2: number;
  delta: number;
}

/** Rates one game: player 1 gains `delta`, player 2 loses exactly `delta`. */
export function rateElo(r1: number, r2: number, outcome: RatedOutcome, s: EloSettings): EloResult {
  // Rounding the score difference once, not each side, keeps the pair exactly zero-sum.
  const raw = s.k * (scoreOf(outcome) - eloExpected(r1, r2, s.divisor));
  const delta = roundHalfAway(raw) + 0; // `+ 0` turns −0 into 0
  return { p1: r1 + delta, p2: r2 - delta, delta };
}

/**
 * The underdog's predicted win chance `1 / (1 + 10^(gap/D))`:
 * gap 0 → 50 %, 100 → 38.7 %, 200 → 28.5 %, 400 → 13.7 %.
 */
export function eloUnderdogChance(r1: number, r2: number, divisor: number): number {
  return 1 / (1 + 10 ** (Math.abs(r1 - r2) / divisor));
}

/** Whether an Elo entry still shows the provisional mark `?`. */
export function isEloProvisional(ratedGames: number, s: EloSettings): boolean {
  return ratedGames < s.provisionalGames;
}
