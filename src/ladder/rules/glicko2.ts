import type { Glicko2Settings } from './config.js';

// Glicko-2 after Glickman, "Example of the Glicko-2 system" (2013): each game is one rating
// period for both players, computed from both players' values before the game (PRODUCT.md §7.2).

const scale = 173.7178;
const tolerance = 0.000_001;

/** A Glicko-2 rating on the display scale. */
export interface Glicko2Rating {
  rating: number;
  rd: number;
  volatility: number;
}

/** One game of a rating period: the opponent's values before it and the score (1, ½, 0). */
export interface Glicko2Game {
  opponent: Glicko2Rating;
  score: number;
}

const g = (phi: number) => 1 / Math.sqrt(1 + (3 * phi * phi) / (Math.PI * Math.PI));
const expected = (mu: number, muJ: number, phiJ: number) =>
  1 / (1 + Math.exp(-g(phiJ) * (mu - muJ)));

/** The start rating of a new entry. */
export function glicko2Start(s: Glicko2Settings): Glicko2Rating {
  return { rating: s.start, rd: s.rd, volatility: s.volatility };
}

/**
 * Widens the deviation for `periods` whole idle inactivity periods, capped at the start RD:
 * RD 60 after 52 idle weeks becomes about 96.
 */
export function glicko2Idle(r: Glicko2Rating, periods: number, s: Glicko2Settings): Glicko2Rating {
  if (periods <= 0) return r;
  const phi = r.rd / scale;
  const widened = Math.sqrt(phi * phi + periods * r.volatility * r.volatility) * scale;
  return { ...r, rd: Math.min(widened, s.rd) };
}

/** Solves step 5 of the paper for the new volatility σ′ (the Illinois root search). */
function newVolatility(phi: number, sigma: number, delta: number, v: number, tau: number): number {
  const a = Math.log(sigma * sigma);
  const f = (x: number) => {
    const ex = Math.exp(x);
    const d = phi * phi + v + ex;
    return (ex * (delta * delta - d)) / (2 * d * d) - (x - a) / (tau * tau);
  };

  let lo = a;
  let hi: number;
  if (delta * delta > phi * phi + v) {
    hi = Math.log(delta * delta - phi * phi - v);
  } else {
    let k = 1;
    while (f(a - k * tau) < 0) k += 1;
    hi = a - k * tau;
  }

  let fLo = f(lo);
  let fHi = f(hi);
  // The paper's loop: each step keeps the root bracketed between lo and hi.
  for (let i = 0; i < 200 && Math.abs(hi - lo) > tolerance; i += 1) {
    const c = lo + ((lo - hi) * fLo) / (fHi - fLo);
    const fC = f(c);
    if (fC * fHi <= 0) {
      lo = hi;
      fLo = fHi;
    } else {
      fLo /= 2;
    }
    hi = c;
    fHi = fC;
  }

  return Math.exp(lo / 2);
}

/** Rates one rating period of `games` (all computed from the values before the period). */
export function rateGlicko2Period(
  player: Glicko2Rating,
  games: readonly Glicko2Game[],
  s: Glicko2Settings,
): Glicko2Rating {
  const mu = (player.rating - 1500) / scale;
  const phi = player.rd / scale;
  if (games.length === 0) return glicko2Idle(player, 1, s);

  let vInverse = 0;
  let sum = 0;
  for (const game of games) {
    const muJ = (game.opponent.rating - 1500) / scale;
    const gJ = g(game.opponent.rd / scale);
    const e = expected(mu, muJ, game.opponent.rd / scale);
    vInverse += gJ * gJ * e * (1 - e);
    sum += gJ * (game.score - e);
  }

  const v = 1 / vInverse;
  const sigma = newVolatility(phi, player.volatility, v * sum, v, s.tau);
  const phiStar = Math.sqrt(phi * phi + sigma * sigma);
  const phiNew = 1 / Math.sqrt(1 / (phiStar * phiStar) + 1 / v);
  const muNew = mu + phiNew * phiNew * sum;
  return { rating: muNew * scale + 1500, rd: phiNew * scale, volatility: sigma };
}

/** Rates one game for both players from their values before it; `score` is player 1's. */
export function rateGlicko2(
  p1: Glicko2Rating,
  p2: Glicko2Rating,
  score: number,
  s: Glicko2Settings,
): { p1: Glicko2Rating; p2: Glicko2Rating } {
  return {
    p1: rateGlicko2Period(p1, [{ opponent: p2, score }], s),
    p2: rateGlicko2Period(p2, [{ opponent: p1, score: 1 - score }], s),
  };
}

/** Player 1's expected score under Glicko-2, used for the underdog's predicted chance. */
export function glicko2Expected(p1: Glicko2Rating, p2: Glicko2Rating): number {
  const combined = Math.sqrt((p1.rd / scale) ** 2 + (p2.rd / scale) ** 2);
  return expected((p1.rating - 1500) / scale, (p2.rating - 1500) / scale, combined);
}

/** The underdog's predicted win chance under Glicko-2. */
export function glicko2UnderdogChance(p1: Glicko2Rating, p2: Glicko2Rating): number {
  const e = glicko2Expected(p1, p2);
  return Math.min(e, 1 - e);
}

/** Whether a Glicko-2 entry still shows the provisional mark `?` (RD above the threshold). */
export function isGlicko2Provisional(r: Glicko2Rating, s: Glicko2Settings): boolean {
  return r.rd > s.provisionalRd;
}
