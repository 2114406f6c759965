import type { RankLetter, RankSettings } from './config.js';

// Letter ranks over one season's ranked entries (PRODUCT.md §7.4): one ladder across all races.

const dayMs = 86_400_000;

/** Band letters from the top. */
export const rankLetters: readonly RankLetter[] = ['S', 'A', 'B', 'C', 'D', 'E', 'F'];

// Where leftover places go after each band took floor(N × share): the middle bands first.
const middleFirst: readonly RankLetter[] = ['D', 'C', 'E', 'B'];

/** How many entries each band holds when `ranked` entries are ranked. */
export function bandCounts(ranked: number, settings: RankSettings): Record<RankLetter, number> {
  const counts = { S: 0, A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
  if (!Number.isSafeInteger(ranked) || ranked <= 0) return counts;

  for (const letter of rankLetters) {
    counts[letter] = Math.floor((ranked * settings.shares[letter]) / 100);
  }

  let left = ranked - rankLetters.reduce((sum, letter) => sum + counts[letter], 0);
  for (const letter of middleFirst) {
    if (left <= 0) break;
    counts[letter] += 1;
    left -= 1;
  }

  // Past the middle bands, keep the bottom from outgrowing the top two combined.
  const tail: RankLetter[] = counts.F > counts.S + counts.A ? ['A', 'F', 'S'] : ['F', 'A', 'S'];
  for (let i = 0; left > 0; i += 1) {
    counts[tail[i % tail.length] as RankLetter] += 1;
    left -= 1;
  }

  return counts;
}

/** What ranking needs to know about one (player, race) entry of the season. */
export interface RankInput {
  /** Any stable key the caller uses to find the entry again. */
  key: string;
  rating: number;
  ladderName: string;
  ratedGames: number;
  /** Time of the latest rated game, ms since the epoch; `null` without games. */
  lastGameAtMs: number | null;
}

/** An entry's place: `letter` U and `position` null when it is not ranked. */
export interface RankedEntry {
  key: string;
  letter: RankLetter | 'U';
  /** 1-based global rank among ranked entries. */
  position: number | null;
}

/** Whether an entry is ranked at `nowMs`: a rated game, the latest within the cutoff. */
export function isRanked(entry: RankInput, nowMs: number, settings: RankSettings): boolean {
  if (entry.ratedGames <= 0 || entry.lastGameAtMs === null) return false;
  return nowMs - entry.lastGameAtMs <= settings.inactivityDays * dayMs;
}

/** Orders ranked entries: rating, then latest game, then ladder name, then key. */
export function compareRanked(a: RankInput, b: RankInput): number {
  if (a.rating !== b.rating) return b.rating - a.rating;
  if (a.lastGameAtMs !== b.lastGameAtMs) return (b.lastGameAtMs ?? 0) - (a.lastGameAtMs ?? 0);
  if (a.ladderName !== b.ladderName) return a.ladderName < b.ladderName ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Ranks every entry at `nowMs`. Ranked entries come first in leaderboard order, each with its
 * position and band letter; unranked ones follow with U, in input order.
 */
export function rankEntries(
  entries: readonly RankInput[],
  nowMs: number,
  settings: RankSettings,
): RankedEntry[] {
  const ranked = entries.filter((e) => isRanked(e, nowMs, settings)).sort(compareRanked);
  const counts = bandCounts(ranked.length, settings);

  const out: RankedEntry[] = [];
  let band = 0;
  let usedInBand = 0;
  for (const [index, entry] of ranked.entries()) {
    // Skip bands that are full (or empty) before placing this entry.
    while (usedInBand >= counts[rankLetters[band] as RankLetter]) {
      band += 1;
      usedInBand = 0;
    }

    out.push({ key: entry.key, letter: rankLetters[band] as RankLetter, position: index + 1 });
    usedInBand += 1;
  }

  for (const entry of entries) {
    if (!isRanked(entry, nowMs, settings))
      out.push({ key: entry.key, letter: 'U', position: null });
  }
  return out;
}
