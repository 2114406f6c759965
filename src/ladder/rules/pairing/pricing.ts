import { regionCodes } from '../regions.js';
import type { BlossomResult } from './blossom.js';
import { costUnit, type PoolGraph } from './pool-graph.js';
import { float64Scratch, int32Scratch, uint8Scratch } from './scratch.js';
import { TopK, topKStorage } from './top-k.js';

// Pricing: checks every allowed pair of the pool against a matching's duals without listing
// the pairs. Edge (x, y) is violated when 2·slack = d[x] + d[y] − 2(K − c) + 2·Σ z_B < 0.
// Since z ≥ 0 and c = u·round(gap·scale) + penalty + bonus[x] + bonus[y] (u = costUnit), a
// violation needs gap < (K − penalty − t[x] − t[y] + u/2) / (u·scale), t[v] = d[v]/2 + bonus[v].
// So each player scans outward on the other side only while that bound, taken with the
// least t beyond the current position, can still hold; within the scan, a pair whose own t[y]
// fails it is skipped before its cost is computed. Players of very low t (free ones, at dual
// 0) would stretch every scan: they are left out of those minima and scan their whole window
// themselves instead.

const regionCount = regionCodes.length;
/** Violated pairs kept per player and round: the most negative, enough to fix the duals. */
const perPlayer = 8;

// A pass's arrays, kept between passes and waves (scratch.ts): two passes allocated 450 KB of
// them at 1,000 queued.
const tScratch = float64Scratch();
const lowScratch = uint8Scratch();
const worstStorage = topKStorage();
const suffixScratch = float64Scratch();
const prefixScratch = float64Scratch();
const chainStartScratch = int32Scratch();
const chainLengthScratch = int32Scratch();
const pendingScratch = int32Scratch();
const chainList = int32Scratch();
const chainSum = float64Scratch();

/**
 * Pairs (u < v) whose reduced cost is negative under `solved`'s duals; an empty list proves the
 * duals feasible for every allowed pair. Each player contributes its `perPlayer` most negative,
 * so a free player (every pair of it violated) does not flood the next solve.
 */
export function findViolations(pool: PoolGraph, solved: BlossomResult): [number, number][] {
  const scan = new PricingScan(pool, solved);
  scan.side(pool.bwIds, pool.bwRating, pool.sc2ByRegion, true);
  scan.side(pool.sc2Ids, pool.sc2Rating, pool.bwByRegion, false);
  return scan.kept();
}

/** One pricing pass: the duals in flat arrays, and the violations found so far. */
class PricingScan {
  private readonly n: number;
  private readonly dual: Float64Array;
  private readonly bonusQ: Float64Array;
  private readonly penaltyQ: Float64Array;
  private readonly window: Float64Array;
  private readonly veto: Int32Array;
  private readonly forbidden: Uint8Array;
  private readonly big: number;
  private readonly scale: number;
  private readonly full: number;
  /** t[v] = d[v]/2 + bonus[v] (see above). */
  private readonly t: Float64Array;
  /** 1 for a player of low t: a free one, at dual 0 (see above). */
  private readonly low: Uint8Array;
  private readonly lowCount: number;
  private readonly covered: (u: number, v: number, slack: number) => boolean;
  private readonly found: [number, number][] = [];
  private readonly seen = new Map<number, number>();
  private readonly worst: TopK;

  constructor(
    private readonly pool: PoolGraph,
    solved: BlossomResult,
  ) {
    const n = pool.n;
    this.n = n;
    this.dual = solved.dual;
    // Read once here: `check` runs tens of thousands of times a pass.
    [this.bonusQ, this.penaltyQ, this.window, this.veto] = [
      pool.bonusQ,
      pool.penaltyQ,
      pool.window,
      pool.veto,
    ];
    [this.forbidden, this.big, this.scale, this.full] = [
      pool.ctx.regions.forbidden,
      pool.big,
      pool.scale,
      pool.ctx.fullMask,
    ];
    this.t = tScratch.take(n);
    this.low = lowScratch.take(n);
    // A matched player's t is about K/2; a free one's about 0.
    const lowT = pool.big / 4;
    let lowCount = 0;
    for (let v = 0; v < n; v += 1) {
      const t = (solved.dual[v] as number) / 2 + (pool.bonusQ[v] as number);
      this.t[v] = t;
      this.low[v] = t < lowT ? 1 : 0;
      lowCount += t < lowT ? 1 : 0;
    }
    this.lowCount = lowCount;
    this.covered = coveredByBlossoms(solved, n);
    this.worst = new TopK(n, perPlayer, worstStorage);
  }

  /**
   * Every player of one side (`own`, sorted by `ownRating`) against the other side, one
   * region's list at a time (`lists`): the pair's penalty is then known, which tightens the
   * bound. A normal player scans both ways until the bound fails, a low one its whole reach.
   * A pair of two normal players is seen from the BW side only. `own` is in rating order, so
   * each player's place in a list follows from the last one's.
   */
  side(
    own: Int32Array,
    ownRating: Float64Array,
    lists: readonly { ids: Int32Array; sorted: Float64Array }[],
    ownIsBw: boolean,
  ): void {
    const { pool, t, low } = this;
    // The SC2 side scans for its low players only: with none (every player matched, as on
    // the 1000 bench), its pass over 16 lists × 600 players found nothing (0.05 ms a pass).
    if (!ownIsBw && this.lowCount === 0) return;
    const perGap = costUnit * pool.scale;
    for (const [rho, { ids, sorted }] of lists.entries()) {
      const len = ids.length;
      if (len === 0) continue;
      // Least t of the normal players at or after (suffix) and before (prefix) each place.
      const suffix = suffixScratch.take(len + 1).fill(Infinity);
      const prefix = prefixScratch.take(len + 1).fill(Infinity);
      for (let i = len - 1; i >= 0; i -= 1) {
        const v = ids[i] as number;
        suffix[i] = Math.min(suffix[i + 1] as number, low[v] === 1 ? Infinity : (t[v] as number));
      }
      for (let i = 0; i < len; i += 1) {
        const v = ids[i] as number;
        prefix[i + 1] = Math.min(prefix[i] as number, low[v] === 1 ? Infinity : (t[v] as number));
      }

      let mid = 0;
      for (let i = 0; i < own.length; i += 1) {
        const x = own[i] as number;
        const rating = ownRating[x] as number;
        while (mid < len && (sorted[mid] as number) < rating) mid += 1;
        const isLow = low[x] === 1;
        if (!ownIsBw && !isLow) continue;
        const region = pool.region[x] as number;
        const cell = ownIsBw ? region * regionCount + rho : rho * regionCount + region;
        const room = pool.big - (pool.penaltyQ[cell] as number) + costUnit / 2 - (t[x] as number);
        const wx = pool.window[x] as number;
        const reach = wx > pool.widest ? wx : pool.widest;

        for (let j = mid; j < len; j += 1) {
          const gap = (sorted[j] as number) - rating;
          if (gap > reach || (!isLow && gap * perGap >= room - (suffix[j] as number))) break;
          const y = ids[j] as number;
          if (gap * perGap >= room - (t[y] as number)) continue;
          if (isLow || low[y] === 0) this.check(x, y, gap, cell);
        }
        for (let j = mid - 1; j >= 0; j -= 1) {
          const gap = rating - (sorted[j] as number);
          if (gap > reach || (!isLow && gap * perGap >= room - (prefix[j + 1] as number))) break;
          const y = ids[j] as number;
          if (gap * perGap >= room - (t[y] as number)) continue;
          if (isLow || low[y] === 0) this.check(x, y, gap, cell);
        }
      }
    }
  }

  /** Records the pair of `x` and `y` at `gap` in region pair `cell` if allowed and violated. */
  private check(x: number, y: number, gap: number, cell: number): void {
    if (x === y) return;
    const { dual, bonusQ, window, veto, full } = this;
    const cost =
      costUnit * Math.round(gap * this.scale) +
      (this.penaltyQ[cell] as number) +
      (bonusQ[x] as number) +
      (bonusQ[y] as number);
    const slack = (dual[x] as number) + (dual[y] as number) - 2 * (this.big - cost);
    if (slack >= 0) return;
    // The rules of `orientedCost`, the gap and region pair being known already.
    if (gap > (window[x] as number) && gap > (window[y] as number)) return;
    if (this.forbidden[cell] === 1) return;
    if ((((veto[x] as number) | (veto[y] as number)) & full) === full) return;
    if (this.covered(x, y, slack)) return;
    const [u, v] = x < y ? [x, y] : [y, x];
    const key = u * this.n + v;
    if (this.seen.has(key)) return;
    this.seen.set(key, this.found.length);
    this.found.push([u, v]);
    this.worst.offer(x, this.found.length - 1, slack);
    this.worst.offer(y, this.found.length - 1, slack);
  }

  /** The violations kept: each player's `perPlayer` most negative. */
  kept(): [number, number][] {
    const keep = new Uint8Array(this.found.length);
    for (let v = 0; v < this.n; v += 1) this.worst.each(v, (i) => (keep[i] = 1));
    return this.found.filter((_, i) => keep[i] === 1);
  }
}

/**
 * Whether z over the blossoms holding both u and v lifts a negative `slack` to 0 or more. Each
 * vertex's blossoms are listed from the top down with the running sum of their 2·z, so the
 * common ones are a shared prefix: its length is found by binary search (a blossom at some
 * depth is common only if every one above it is), and its sum read off. On the 1000-player
 * bench, 25,000 pairs a wave look violated by their vertex duals alone, all inside blossoms,
 * and share about 70 of them: walking the shared prefix took 1,760,000 steps a wave.
 */
function coveredByBlossoms(
  solved: BlossomResult,
  n: number,
): (u: number, v: number, slack: number) => boolean {
  const { parent, dual } = solved;
  // A vertex's list is its innermost blossom's chain: the blossoms holding that one, from the
  // top down, and itself. Chains are made once per blossom, each from its parent's, since
  // many vertices share a blossom: 20,600 and 14,500 entries in the bench's two passes, where
  // a list per vertex took 58,400 and 40,200.
  const size = parent.length;
  const chainStart = chainStartScratch.take(size).fill(-1);
  const chainLength = chainLengthScratch.take(size);
  let list = chainList.take(8 * size);
  let sum = chainSum.take(8 * size);
  let used = 0;
  const pending = pendingScratch.take(size);

  for (let v = 0; v < n; v += 1) {
    // The blossoms above v not listed yet, innermost first; then listed from the top down.
    let count = 0;
    for (let b = parent[v] as number; b !== -1 && chainStart[b] === -1; b = parent[b] as number) {
      pending[count++] = b;
    }
    for (let k = count - 1; k >= 0; k -= 1) {
      const b = pending[k] as number;
      const up = parent[b] as number;
      const upLength = up === -1 ? 0 : (chainLength[up] as number);
      if (used + upLength + 1 > list.length) {
        const grownList = new Int32Array(2 * (used + upLength + 1));
        const grownSum = new Float64Array(grownList.length);
        grownList.set(list.subarray(0, used));
        grownSum.set(sum.subarray(0, used));
        list = grownList;
        sum = grownSum;
      }
      const from = up === -1 ? 0 : (chainStart[up] as number);
      list.copyWithin(used, from, from + upLength);
      sum.copyWithin(used, from, from + upLength);
      list[used + upLength] = b;
      const above = upLength === 0 ? 0 : (sum[used + upLength - 1] as number);
      sum[used + upLength] = above + 2 * (dual[b] as number);
      chainStart[b] = used;
      chainLength[b] = upLength + 1;
      used += upLength + 1;
    }
  }

  return (u, v, slack) => {
    const pu = parent[u] as number;
    const pv = parent[v] as number;
    if (pu === -1 || pv === -1) return false;
    const i = chainStart[pu] as number;
    const j = chainStart[pv] as number;
    const iLen = chainLength[pu] as number;
    const jLen = chainLength[pv] as number;
    if (list[i] !== list[j]) return false;
    // The last common depth: depth `lo` is common, and so is every one above it. Tried first
    // at the shallower vertex's own blossom, where 22,500 of the bench's 25,000 pairs meet.
    let hi = (iLen < jLen ? iLen : jLen) - 1;
    if (list[i + hi] === list[j + hi]) return slack + (sum[i + hi] as number) >= 0;
    let lo = 0;
    hi -= 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[i + mid] === list[j + mid]) lo = mid;
      else hi = mid - 1;
    }
    return slack + (sum[i + lo] as number) >= 0;
  };
}
