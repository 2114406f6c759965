import type { PoolGraph } from './pool-graph.js';

// How many pairs of a wave are allowed, each counted once, for the wave's report. Listing
// them all (225,000 at 1,000 queued) cost more than the rest of a wave's pricing. When no
// region pair is forbidden and no two players' vetoes can cover the map pool, a pair is
// allowed exactly when its gap is within the wider window: then the pairs are counted by
// binary search, per BW player and per window value of the SC2 side, and the pairs allowed
// both ways (two players on both games) are found and counted once. Otherwise, or with many
// distinct windows, every pair inside the widest window is checked.

/** Most distinct window values for which counting by window beats the scan. */
const maxWindowGroups = 16;

/** The number of allowed pairs of `pool`, a pair allowed both ways counted once. */
export function countAllowed(pool: PoolGraph): number {
  return isCountableByWindow(pool) ? countByWindow(pool) : countByScan(pool);
}

function isCountableByWindow(pool: PoolGraph): boolean {
  if (pool.ctx.regions.forbidden.includes(1)) return false;
  const full = pool.ctx.fullMask;
  let most = 0;
  let next = 0;
  for (const mask of pool.veto) {
    const bits = popcount(mask & full);
    if (bits > most) [most, next] = [bits, most];
    else if (bits > next) next = bits;
  }
  if (most + next >= popcount(full)) return false;
  return new Set(pool.window).size <= maxWindowGroups;
}

function countByWindow(pool: PoolGraph): number {
  const { bwIds, bwRating, sc2Ids, sc2Sorted, sc2Rating, window } = pool;
  const values = [...new Set(pool.window)].sort((a, b) => a - b);
  // SC2-side ratings split by the player's window, each list still sorted.
  const groups = values.map((w) => sc2Sorted.filter((_, j) => window[sc2Ids[j] as number] === w));

  let count = 0;
  for (const x of bwIds) {
    const rating = bwRating[x] as number;
    const wx = window[x] as number;
    for (let g = 0; g < groups.length; g += 1) {
      const wg = values[g] as number;
      count += within(groups[g] as Float64Array, rating, wx > wg ? wx : wg);
    }
    // A player on both games is on both lists: not its own opponent.
    const own = sc2Rating[x] as number;
    if (Math.abs(rating - own) <= wx) count -= 1;
  }

  // Two players on both games may be allowed both ways: counted twice above.
  const both = bwIds.filter((x) => !Number.isNaN(sc2Rating[x] as number));
  for (let i = 0; i < both.length; i += 1) {
    const x = both[i] as number;
    const wx = window[x] as number;
    for (let j = i + 1; j < both.length; j += 1) {
      const y = both[j] as number;
      const wy = window[y] as number;
      const reach = wx > wy ? wx : wy;
      if (Math.abs((bwRating[x] as number) - (sc2Rating[y] as number)) > reach) continue;
      if (Math.abs((bwRating[y] as number) - (sc2Rating[x] as number)) > reach) continue;
      count -= 1;
    }
  }
  return count;
}

/**
 * How many values of `sorted` lie within `reach` of `rating`, by the same test as the pair
 * rule (|rating − value| ≤ reach), so that rounding at the edges agrees with it.
 */
function within(sorted: Float64Array, rating: number, reach: number): number {
  let lo = firstAtLeast(sorted, rating - reach);
  while (lo > 0 && isIn(sorted, lo - 1, rating, reach)) lo -= 1;
  while (lo < sorted.length && !isIn(sorted, lo, rating, reach) && (sorted[lo] as number) < rating)
    lo += 1;
  let hi = firstAtLeast(sorted, rating + reach);
  while (hi < sorted.length && isIn(sorted, hi, rating, reach)) hi += 1;
  while (hi > lo && !isIn(sorted, hi - 1, rating, reach) && (sorted[hi - 1] as number) > rating)
    hi -= 1;
  return hi - lo;
}

function isIn(sorted: Float64Array, i: number, rating: number, reach: number): boolean {
  return Math.abs(rating - (sorted[i] as number)) <= reach;
}

/** First index of `sorted` whose value is at least `value`. */
function firstAtLeast(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every pair inside the widest window, checked by the pair rule itself. */
function countByScan(pool: PoolGraph): number {
  const { bwIds, bwRating, sc2Ids, sc2Sorted, window, widest } = pool;
  let count = 0;
  let from = 0;
  for (const x of bwIds) {
    const rating = bwRating[x] as number;
    const reach = Math.max(window[x] as number, widest);
    // BW players come in rating order, so the window's start only moves right.
    while (from < sc2Sorted.length && (sc2Sorted[from] as number) < rating - reach) from += 1;
    for (let j = from; j < sc2Sorted.length; j += 1) {
      if ((sc2Sorted[j] as number) > rating + reach) break;
      const y = sc2Ids[j] as number;
      if (!pool.isAllowed(x, y)) continue;
      // A pair allowed both ways is counted from its lower index on the BW side.
      if (y < x && !Number.isNaN(bwRating[y] as number) && pool.isAllowed(y, x)) continue;
      count += 1;
    }
  }
  return count;
}

function popcount(mask: number): number {
  let bits = 0;
  for (let m = mask >>> 0; m !== 0; m &= m - 1) bits += 1;
  return bits;
}
