import type { PoolGraph } from './pool-graph.js';

// How many pairs of a wave are allowed, each counted once, for the wave's report. Listing
// them all (225,000 at 1,000 queued) cost more than the rest of a wave's pricing. When no
// region pair is forbidden and no two players' vetoes can cover the map pool, a pair is
// allowed exactly when its gap is within the wider window: then the pairs are counted per
// window value of each side with two pointers along the sorted ratings, and the pairs allowed
// both ways (two players on both games) are found and counted once. Otherwise, or with many
// distinct windows, every pair inside the widest window is checked.

/** Most distinct window values for which counting by window beats the scan. */
const maxWindowGroups = 16;

/** The number of allowed pairs of `pool`, a pair allowed both ways counted once. */
export function countAllowed(pool: PoolGraph): number {
  const values = isCountableByWindow(pool) ? windowValues(pool.window) : null;
  return values === null ? countByScan(pool) : countByWindow(pool, values);
}

function isCountableByWindow(pool: PoolGraph): boolean {
  if (pool.ctx.regions.forbidden.includes(1)) return false;
  const full = pool.ctx.fullMask;
  let most = 0;
  let next = 0;
  for (let v = 0; v < pool.veto.length; v += 1) {
    const bits = popcount((pool.veto[v] as number) & full);
    if (bits > most) {
      next = most;
      most = bits;
    } else if (bits > next) {
      next = bits;
    }
  }
  return most + next < popcount(full);
}

/** The distinct windows in increasing order, or null past `maxWindowGroups` of them. */
function windowValues(window: Float64Array): number[] | null {
  // A loop over a few values, not a Set built through the typed array's iterator.
  const values: number[] = [];
  for (let v = 0; v < window.length; v += 1) {
    const w = window[v] as number;
    if (values.includes(w)) continue;
    if (values.length === maxWindowGroups) return null;
    values.push(w);
  }
  return values.sort((a, b) => a - b);
}

function countByWindow(pool: PoolGraph, values: readonly number[]): number {
  const { bwIds, bwRating, bwSorted, sc2Ids, sc2Sorted, sc2Rating, window, widest } = pool;
  const bwGroups = byWindow(bwIds, bwSorted, window, values);
  const sc2Groups = byWindow(sc2Ids, sc2Sorted, window, values);

  let count = 0;
  for (let a = 0; a < values.length; a += 1) {
    for (let b = 0; b < values.length; b += 1) {
      const reach = Math.max(values[a] as number, values[b] as number);
      count += countWithin(bwGroups[a] as Float64Array, sc2Groups[b] as Float64Array, reach);
    }
  }
  // A player on both games is on both lists: not its own opponent.
  for (let i = 0; i < bwIds.length; i += 1) {
    const x = bwIds[i] as number;
    if (Math.abs((bwRating[x] as number) - (sc2Rating[x] as number)) <= (window[x] as number)) {
      count -= 1;
    }
  }

  // Two players on both games may be allowed both ways: counted twice above. They come in BW
  // rating order, so once y's BW rating passes x's SC2 rating by the widest window, so do all
  // later ones': 27,000 pairs at 1,000 queued, most of them past that point.
  const both: number[] = [];
  for (let i = 0; i < bwIds.length; i += 1) {
    const x = bwIds[i] as number;
    if (!Number.isNaN(sc2Rating[x] as number)) both.push(x);
  }
  for (let i = 0; i < both.length; i += 1) {
    const x = both[i] as number;
    const wx = window[x] as number;
    const sc2x = sc2Rating[x] as number;
    for (let j = i + 1; j < both.length; j += 1) {
      const y = both[j] as number;
      if ((bwRating[y] as number) - sc2x > widest) break;
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
 * One side's sorted ratings split by the player's window (`values`, a handful), each part
 * still sorted: a counting pass, then one fill in rating order. Typed arrays and indexed
 * loops: the filters and iterators this replaced took half of the count's 0.28 ms.
 */
function byWindow(
  ids: Int32Array,
  sorted: Float64Array,
  window: Float64Array,
  values: readonly number[],
): Float64Array[] {
  const group = new Int32Array(ids.length);
  const size = new Int32Array(values.length);
  for (let j = 0; j < ids.length; j += 1) {
    const g = values.indexOf(window[ids[j] as number] as number);
    group[j] = g;
    size[g] = (size[g] as number) + 1;
  }
  const parts = Array.from(size, (count) => new Float64Array(count));
  const fill = new Int32Array(values.length);
  for (let j = 0; j < ids.length; j += 1) {
    const g = group[j] as number;
    (parts[g] as Float64Array)[fill[g] as number] = sorted[j] as number;
    fill[g] = (fill[g] as number) + 1;
  }
  return parts;
}

/**
 * The pairs of one rating from `own` and one from `other` (both sorted) within `reach`, by the
 * same test as the pair rule (|rating − value| ≤ reach), so that rounding at the edges agrees
 * with it. The matching values of `other` are a run that only moves right as the rating
 * grows, so two pointers find them all.
 */
function countWithin(own: Float64Array, other: Float64Array, reach: number): number {
  let count = 0;
  let lo = 0;
  let hi = 0;
  const len = other.length;
  for (let i = 0; i < own.length; i += 1) {
    const rating = own[i] as number;
    while (lo < len && (other[lo] as number) < rating && rating - (other[lo] as number) > reach) {
      lo += 1;
    }
    if (hi < lo) hi = lo;
    while (hi < len && Math.abs(rating - (other[hi] as number)) <= reach) hi += 1;
    count += hi - lo;
  }
  return count;
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
