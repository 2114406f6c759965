import type { RankLetter } from './api.js';

/** Letters from the top band down. */
export const bandLetters = ['S', 'A', 'B', 'C', 'D', 'E', 'F'] as const;

/** Default band shares (PRODUCT.md §7.4): S 1 %, A 7 %, B–E 21 %, F 8 %. */
export const defaultBandShares: readonly number[] = [0.01, 0.07, 0.21, 0.21, 0.21, 0.21, 0.08];

const [S, A, B, C, D, E, F] = [0, 1, 2, 3, 4, 5, 6] as const;

/**
 * How many of `ranked` entries each band holds, top (S) to bottom (F), per PRODUCT.md §7.4:
 * floors first, leftovers to D, C, E, B, then to A, F, S (or F, A, S).
 * Samples: 1 → D 1; 10 → 0 0 2 3 3 2 0; 37 → 0 2 8 8 8 8 3.
 */
export function bandSizes(ranked: number, shares: readonly number[] = defaultBandShares): number[] {
  // Round away float noise first: 100 × 0.07 must floor to 7, not 6.
  const sizes = shares.map((share) => Math.floor(Math.round(ranked * share * 1e9) / 1e9));
  let left = ranked - sizes.reduce((sum, size) => sum + size, 0);

  for (const band of [D, C, E, B]) {
    if (left === 0) break;
    sizes[band]! += 1;
    left -= 1;
  }

  const late = sizes[F]! > sizes[S]! + sizes[A]! ? [A, F, S] : [F, A, S];
  for (let i = 0; left > 0; i = (i + 1) % late.length) {
    sizes[late[i]!]! += 1;
    left -= 1;
  }
  return sizes;
}

/** The letter of each position (0-based) for `ranked` entries. */
export function bandLetterTable(ranked: number, shares?: readonly number[]): RankLetter[] {
  const letters: RankLetter[] = new Array<RankLetter>(ranked);
  let position = 0;

  for (const [band, size] of bandSizes(ranked, shares).entries()) {
    letters.fill(bandLetters[band]!, position, position + size);
    position += size;
  }
  return letters;
}
