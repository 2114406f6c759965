import type { BwRace, Sc2Race } from '../races.js';
import { regionCodes } from '../regions.js';
import { int32Scratch } from './scratch.js';
import { lowerBound, TopK, topKStorage } from './top-k.js';
import type { Candidate, GraphContext, WavePair } from './wave-types.js';

// The allowed-pair graph of a whole wave (PRODUCT.md §6.2 steps 2–4), one vertex per player,
// kept implicit: an orientation puts a BW-capable player against an SC2-capable one inside the
// wider window, so scanning the other side sorted by rating finds every pair. Nothing here
// lists all pairs (about 225,000 at 1,000 queued): `candidateEdges` takes each player's few
// best, `price` checks every pair against a dual solution and returns the ones it misses.
//
// Costs are exact integers: each part is rounded to 1/scale rating points, scale a power of
// two (2^20 unless the pool's cost range needs fewer bits), and multiplied by `costUnit` = 4:
// the matching's doubled duals then stay integers (blossom.ts), and so do the averages of the
// double cover's duals that start it (cover-start.ts), which must be even. Integer ratings and settings, as in every test, round to
// themselves; a Glicko rating moves by under 1e-6, so two totals closer than that may tie.

const regionCount = regionCodes.length;
/** What one rounded rating step (1/scale of a point) weighs in a cost. */
export const costUnit = 4;
/** Largest weight allowed: duals reach about twice it, slack sums a few of those, under 2^53. */
const maxMagnitude = 2 ** 47;

// A wave's candidate lists and pairs, kept between waves (scratch.ts); the pairs are copied
// out by the caller (pair-wave.ts `EdgeList`).
const bestStorage = topKStorage();
const pairEu = int32Scratch();
const pairEv = int32Scratch();

/** The pool as flat arrays, with the weights that make a maximum-weight matching the wave. */
export class PoolGraph {
  readonly n: number;
  /** 1/scale is the rating resolution of costs. */
  readonly scale: number;
  /** Edge weight is K − cost: K is large enough that more pairs always weigh more. */
  readonly big: number;
  readonly bwRating: Float64Array;
  readonly sc2Rating: Float64Array;
  readonly window: Float64Array;
  readonly region: Int32Array;
  readonly veto: Int32Array;
  /** 1 for a player on both games. */
  readonly both: Uint8Array;
  /** Rounded waiting bonus of each player (negative), in cost units. */
  readonly bonusQ: Float64Array;
  /** Rounded latency penalty of each region pair, in cost units. */
  readonly penaltyQ: Float64Array;
  /** Players with each game, sorted by that game's rating (ties by index). */
  readonly bwIds: Int32Array;
  readonly bwSorted: Float64Array;
  readonly sc2Ids: Int32Array;
  readonly sc2Sorted: Float64Array;
  readonly widest: number;
  /** The same sorted lists split by region, for candidates and pricing (pricing.ts). */
  readonly bwByRegion: { ids: Int32Array; sorted: Float64Array }[];
  readonly sc2ByRegion: { ids: Int32Array; sorted: Float64Array }[];

  constructor(
    readonly items: readonly Candidate[],
    readonly ctx: GraphContext,
  ) {
    const n = items.length;
    this.n = n;
    // Plain loops: `TypedArray.from` with a mapping function runs the iterator protocol, and
    // the arrays of this constructor took 1.6 ms of a 1000-player wave that way.
    this.bwRating = new Float64Array(n);
    this.sc2Rating = new Float64Array(n);
    this.window = new Float64Array(n);
    this.region = new Int32Array(n);
    this.veto = new Int32Array(n);
    this.both = new Uint8Array(n);
    const bonus = new Float64Array(n);
    let widest = 0;
    for (let i = 0; i < n; i += 1) {
      const c = items[i] as Candidate;
      this.bwRating[i] = c.entry.bw?.rating ?? Number.NaN;
      this.sc2Rating[i] = c.entry.sc2?.rating ?? Number.NaN;
      this.window[i] = c.window;
      this.region[i] = c.region;
      this.veto[i] = c.vetoMask;
      this.both[i] = c.entry.bw !== null && c.entry.sc2 !== null ? 1 : 0;
      bonus[i] = -ctx.s.waitBonus * c.entry.wavesWaited;
      if (c.window > widest) widest = c.window;
    }
    this.widest = widest;
    [this.bwIds, this.bwSorted] = sortedBy(this.bwRating);
    [this.sc2Ids, this.sc2Sorted] = sortedBy(this.sc2Rating);
    this.bwByRegion = byRegion(this.bwIds, this.bwSorted, this.region);
    this.sc2ByRegion = byRegion(this.sc2Ids, this.sc2Sorted, this.region);

    // K > cmax + ⌊n/2⌋·(cmax − cmin) over every allowed pair: then a matching of k + 1 pairs
    // outweighs any of k, since (k+1)(K − cmax) > k(K − cmin), and among equal counts the
    // weight orders by cost alone. The bounds hold for any pair without listing the pairs.
    const penalties = ctx.regions.penalty;
    const maxGap = Math.min(spread(this.bwSorted, this.sc2Sorted), this.widest);
    const roughSpan = maxGap + Math.max(...penalties, 0) + 2 * ctx.s.waitBonus * maxWaited(items);
    let scale = 2 ** 20;
    while (
      scale > 1 &&
      2 * costUnit * (Math.floor(n / 2) + 1) * (roughSpan + 2) * scale > maxMagnitude
    ) {
      scale /= 2;
    }
    this.scale = scale;

    this.bonusQ = bonus.map((b) => costUnit * Math.round(b * scale));
    this.penaltyQ = penalties.map((p) => costUnit * Math.round(p * scale));
    const sortedBonus = Float64Array.from(this.bonusQ).sort();
    const lowest = n > 1 ? (sortedBonus[0] as number) + (sortedBonus[1] as number) : 0;
    const highest = n > 1 ? (sortedBonus[n - 1] as number) + (sortedBonus[n - 2] as number) : 0;
    const cMin = Math.min(...this.penaltyQ) + lowest;
    const cMax = costUnit * Math.round(maxGap * scale) + Math.max(...this.penaltyQ) + highest;
    this.big = cMax + Math.floor(n / 2) * (cMax - cMin) + costUnit;
  }

  /** The rounded cost of `x` on BW against `y` on SC2 in cost units, or NaN if not allowed. */
  orientedCost(x: number, y: number): number {
    if (x === y) return Number.NaN;
    const gap = Math.abs((this.bwRating[x] as number) - (this.sc2Rating[y] as number));
    if (!(gap <= (this.window[x] as number) || gap <= (this.window[y] as number))) {
      return Number.NaN;
    }
    const cell = (this.region[x] as number) * regionCount + (this.region[y] as number);
    if (this.ctx.regions.forbidden[cell] === 1) return Number.NaN;
    const full = this.ctx.fullMask;
    if ((((this.veto[x] as number) | (this.veto[y] as number)) & full) === full) return Number.NaN;
    return (
      costUnit * Math.round(gap * this.scale) +
      (this.penaltyQ[cell] as number) +
      (this.bonusQ[x] as number) +
      (this.bonusQ[y] as number)
    );
  }

  /** The cheaper allowed orientation's rounded cost of the pair (u, v), or NaN. */
  pairCost(u: number, v: number): number {
    // `orientedCost` both ways, the tests and reads they share made once: every edge of a
    // solve is weighed here. Costs are integers, so the bonuses may be summed first.
    if (u === v) return Number.NaN;
    const full = this.ctx.fullMask;
    if ((((this.veto[u] as number) | (this.veto[v] as number)) & full) === full) {
      return Number.NaN;
    }
    const { bwRating, sc2Rating, penaltyQ, scale } = this;
    const forbidden = this.ctx.regions.forbidden;
    const wu = this.window[u] as number;
    const wv = this.window[v] as number;
    const ru = this.region[u] as number;
    const rv = this.region[v] as number;
    const bonus = (this.bonusQ[u] as number) + (this.bonusQ[v] as number);

    let a = Number.NaN;
    const gapA = Math.abs((bwRating[u] as number) - (sc2Rating[v] as number));
    const cellA = ru * regionCount + rv;
    if ((gapA <= wu || gapA <= wv) && forbidden[cellA] !== 1) {
      a = costUnit * Math.round(gapA * scale) + (penaltyQ[cellA] as number) + bonus;
    }
    let b = Number.NaN;
    const gapB = Math.abs((bwRating[v] as number) - (sc2Rating[u] as number));
    const cellB = rv * regionCount + ru;
    if ((gapB <= wu || gapB <= wv) && forbidden[cellB] !== 1) {
      b = costUnit * Math.round(gapB * scale) + (penaltyQ[cellB] as number) + bonus;
    }
    return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
  }

  /**
   * Each player's `k` allowed opponents of least gap plus penalty over both sides it can take,
   * as undirected pairs (u < v); pricing (pricing.ts) finds the pairs this leaves out. The
   * arrays are scratch (scratch.ts), valid until the next call.
   */
  candidateEdges(k: number): { eu: Int32Array; ev: Int32Array } {
    const best = new TopK(this.n, k, bestStorage);
    const order = this.regionsByPenalty();
    // Each part in its own function: as one, its optimized code was thrown away again and
    // again for want of type feedback on whichever part it had not reached yet.
    this.offerSide(best, order, true);
    this.offerSide(best, order, false);
    const eu = pairEu.take(this.n * k);
    const ev = pairEv.take(this.n * k);
    const m = listPairs(best, eu, ev);
    return { eu: eu.subarray(0, m), ev: ev.subarray(0, m) };
  }

  /**
   * Offers every player of one side its nearest opponents, region by region. The side's
   * players come in rating order: a player's place in each region's list then follows the
   * last one's (`at`), with no binary search.
   */
  private offerSide(best: TopK, order: Int32Array, xIsBw: boolean): void {
    const k = best.k;
    const perGap = costUnit * this.scale;
    const at = new Int32Array(regionCount);
    const own = xIsBw ? this.bwIds : this.sc2Ids;
    for (let o = 0; o < own.length; o += 1) {
      const x = own[o] as number;
      const rx = this.region[x] as number;
      const last = x * k + k - 1;
      for (let i = rx * regionCount; i < (rx + 1) * regionCount; i += 1) {
        const rho = order[i] as number;
        const cell = xIsBw ? rx * regionCount + rho : rho * regionCount + rx;
        // A full list whose worst is within the region's penalty gains nothing there: tested
        // here, as two calls in three end at it (13,000 of 20,000 on the 1000 bench).
        const penalty = (this.penaltyQ[cell] as number) / perGap;
        if (best.held[x] === k && penalty >= (best.keys[last] as number)) continue;
        this.nearest(x, best, rho, xIsBw, at);
      }
    }
  }

  /** For each region, every region by the penalty of their pair, least first (ties by index). */
  private regionsByPenalty(): Int32Array {
    const order = new Int32Array(regionCount * regionCount);
    const penalty = this.penaltyQ;
    for (let r = 0; r < regionCount; r += 1) {
      const row = Array.from({ length: regionCount }, (_, i) => i);
      row.sort(
        (a, b) =>
          (penalty[r * regionCount + a] as number) - (penalty[r * regionCount + b] as number) ||
          a - b,
      );
      order.set(row, r * regionCount);
    }
    return order;
  }

  /**
   * Offers `x`'s nearest allowed opponents of region `rho` on the other side, nearest gap
   * first. Within one region the penalty is fixed, so the scan stops as soon as the gap alone
   * puts a player behind the list's last; regions come by penalty, so the far ones are
   * mostly skipped whole.
   */
  private nearest(x: number, best: TopK, rho: number, xIsBw: boolean, at: Int32Array): void {
    const { window, veto, penaltyQ, scale } = this;
    const k = best.k;
    const last = x * k + k - 1;
    const rx = this.region[x] as number;
    const cell = xIsBw ? rx * regionCount + rho : rho * regionCount + rx;
    const perGap = costUnit * scale;
    const penalty = (penaltyQ[cell] as number) / perGap;
    // A key is divided by a power of two: multiplying by its inverse is the same, exactly,
    // without a division per opponent tried.
    const perGapInverse = 1 / perGap;
    const cellPenalty = penaltyQ[cell] as number;
    if (this.ctx.regions.forbidden[cell] === 1) return;
    const { ids, sorted } = (xIsBw ? this.sc2ByRegion : this.bwByRegion)[rho] as {
      ids: Int32Array;
      sorted: Float64Array;
    };
    const rating = (xIsBw ? this.bwRating[x] : this.sc2Rating[x]) as number;
    const full = this.ctx.fullMask;
    const wx = window[x] as number;
    const reach = wx > this.widest ? wx : this.widest;
    const vx = veto[x] as number;
    const both = this.both;
    const xIsBoth = both[x] === 1;
    let right = at[rho] as number;
    while (right < sorted.length && (sorted[right] as number) < rating) right += 1;
    at[rho] = right;
    let left = right - 1;

    for (;;) {
      const gr = right < sorted.length ? (sorted[right] as number) - rating : Infinity;
      const gl = left >= 0 ? rating - (sorted[left] as number) : Infinity;
      const gap = gr < gl ? gr : gl;
      if (gap > reach) return;
      if (best.held[x] === k && gap + penalty >= (best.keys[last] as number)) return;
      const y = ids[gr <= gl ? right++ : left--] as number;

      // The rules of `orientedCost`, inlined: this loop is most of the candidates' time.
      if (y === x || (gap > wx && gap > (window[y] as number))) continue;
      if (((vx | (veto[y] as number)) & full) === full) continue;
      // Rank by gap plus penalty: the waiting bonus belongs to single players, and ranking by
      // it would send every player to the same long-waiting few.
      const key = (costUnit * Math.round(gap * scale) + cellPenalty) * perGapInverse;
      // Only a player on both games can meet another such player from both sides.
      if (!best.accepts(x, key) || (xIsBoth && both[y] === 1 && hasId(best, x, y))) continue;
      best.offer(x, y, key);
    }
  }

  /** Whether `x` on BW against `y` on SC2 is allowed (the rules of `orientedCost`, no cost). */
  isAllowed(x: number, y: number): boolean {
    if (x === y) return false;
    const gap = Math.abs((this.bwRating[x] as number) - (this.sc2Rating[y] as number));
    // Written so that a missing rating (NaN gap) is never allowed.
    if (!(gap <= (this.window[x] as number) || gap <= (this.window[y] as number))) return false;
    if (
      this.ctx.regions.forbidden[
        (this.region[x] as number) * regionCount + (this.region[y] as number)
      ] === 1
    ) {
      return false;
    }
    const full = this.ctx.fullMask;
    return (((this.veto[x] as number) | (this.veto[y] as number)) & full) !== full;
  }

  /** The pair (u, v) in its §6.2 orientation, with its true cost; it must be allowed. */
  pairOf(u: number, v: number): WavePair {
    const a = this.orientedCost(u, v);
    const b = this.orientedCost(v, u);
    let uIsBw: boolean;
    if (Number.isNaN(a) || Number.isNaN(b)) {
      uIsBw = !Number.isNaN(a);
    } else {
      // Both orientations share bonuses; the lower gap plus penalty plays, the earlier joiner
      // (lower index) takes BW on a tie. Compared unrounded, as the rule reads.
      const pu = this.truePart(u, v);
      const pv = this.truePart(v, u);
      uIsBw = pu < pv || (pu === pv && u < v);
    }

    const [l, s] = uIsBw
      ? [this.items[u] as Candidate, this.items[v] as Candidate]
      : [this.items[v] as Candidate, this.items[u] as Candidate];
    const cell = l.region * regionCount + s.region;
    const gap = Math.abs((l.entry.bw?.rating ?? 0) - (s.entry.sc2?.rating ?? 0));
    const waited = l.entry.wavesWaited + s.entry.wavesWaited;
    return {
      bw: l.entry,
      sc2: s.entry,
      bwRace: l.entry.bw?.race as BwRace,
      sc2Race: s.entry.sc2?.race as Sc2Race,
      gap,
      cost: gap - this.ctx.s.waitBonus * waited + (this.ctx.regions.penalty[cell] as number),
      server: this.ctx.regions.server[cell] as WavePair['server'],
      latency: this.ctx.regions.classes[cell] as WavePair['latency'],
    };
  }

  private truePart(x: number, y: number): number {
    const cell = (this.region[x] as number) * regionCount + (this.region[y] as number);
    const gap = Math.abs((this.bwRating[x] as number) - (this.sc2Rating[y] as number));
    return gap + (this.ctx.regions.penalty[cell] as number);
  }
}

function maxWaited(items: readonly Candidate[]): number {
  return items.reduce((m, c) => Math.max(m, c.entry.wavesWaited), 0);
}

/**
 * Writes the pairs of the lists into `eu` and `ev`, a pair on both lists once, from its lower
 * end, as (u < v), and returns their number. Typed arrays of the most there can be: growing
 * plain arrays to 9,000 pairs was a fifth of a wave's garbage. Nothing but the count comes
 * after the loop: the loop's on-stack replacement, compiled in an early call, then has no
 * untried step to deoptimize at (a `subarray` there threw it away on every call).
 */
function listPairs(best: TopK, eu: Int32Array, ev: Int32Array): number {
  const { k, lists: n } = best;
  let m = 0;
  for (let x = 0; x < n; x += 1) {
    for (let i = x * k; i < x * k + (best.held[x] as number); i += 1) {
      const y = best.ids[i] as number;
      if (y < x && hasId(best, y, x)) continue;
      eu[m] = x < y ? x : y;
      ev[m] = x < y ? y : x;
      m += 1;
    }
  }
  return m;
}

function hasId(best: TopK, list: number, id: number): boolean {
  for (let i = 0; i < (best.held[list] as number); i += 1) {
    if (best.ids[list * best.k + i] === id) return true;
  }
  return false;
}

/** Indices of the finite values, sorted by value then index, and the sorted values. */
function sortedBy(values: Float64Array): [Int32Array, Float64Array] {
  // The values alone go through the typed array's own numeric sort, with no comparator to
  // call; each index then takes the next place of its value's run, in index order. Sorting
  // the indices by a comparator took 0.25 ms of a 1000-player wave.
  let count = 0;
  for (let i = 0; i < values.length; i += 1) if (!Number.isNaN(values[i] as number)) count += 1;
  const keys = new Float64Array(count);
  let at = 0;
  for (let i = 0; i < values.length; i += 1) {
    if (!Number.isNaN(values[i] as number)) keys[at++] = values[i] as number;
  }
  keys.sort();

  // `taken[p]`: places already given in the run starting at p, the first key not below the
  // value (−0 and 0 share a run, as they compare equal).
  const taken = new Int32Array(count);
  const ids = new Int32Array(count);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    const run = lowerBound(keys, value);
    ids[run + (taken[run] as number)] = i;
    taken[run] = (taken[run] as number) + 1;
  }
  const sorted = new Float64Array(count);
  for (let j = 0; j < count; j += 1) sorted[j] = values[ids[j] as number] as number;
  return [ids, sorted];
}

/** A sorted list split into one sorted list per region. */
function byRegion(
  ids: Int32Array,
  sorted: Float64Array,
  region: Int32Array,
): { ids: Int32Array; sorted: Float64Array }[] {
  // A counting sort by region keeps each region's part in rating order.
  const size = new Int32Array(regionCount);
  for (const v of ids) size[region[v] as number] = (size[region[v] as number] as number) + 1;
  const lists = Array.from(size, (count) => ({
    ids: new Int32Array(count),
    sorted: new Float64Array(count),
  }));
  const fill = new Int32Array(regionCount);
  for (let i = 0; i < ids.length; i += 1) {
    const r = region[ids[i] as number] as number;
    const list = lists[r] as { ids: Int32Array; sorted: Float64Array };
    const at = fill[r] as number;
    list.ids[at] = ids[i] as number;
    list.sorted[at] = sorted[i] as number;
    fill[r] = at + 1;
  }
  return lists;
}

/** The widest possible gap between a BW rating and an SC2 rating. */
function spread(bw: Float64Array, sc2: Float64Array): number {
  if (bw.length === 0 || sc2.length === 0) return 0;
  const lo = Math.min(bw[0] as number, sc2[0] as number);
  const hi = Math.max(bw[bw.length - 1] as number, sc2[sc2.length - 1] as number);
  return hi - lo;
}
