import type { MatchmakingSettings } from '../config.js';
import type { BwRace, Sc2Race } from '../races.js';
import { regionCodes } from '../regions.js';
import type { Assignment, SparseGraph } from './assignment.js';
import { lowerBound, TopK, triplesToGraph } from './top-k.js';
import type { RegionTables, WaveEntry, WavePair } from './wave-types.js';

// The allowed pairs of one side placement, kept implicit: only opponents inside the wider of
// the two windows can be allowed, so each row scans just that rating range of the other side,
// sorted. A solve starts from each player's few cheapest edges; `improving` then scans every
// allowed edge against the solution's potentials and returns those that could lower the cost.

/** A valid queue entry with what the wave precomputes for it. */
export interface Candidate {
  entry: WaveEntry;
  region: number;
  vetoMask: number;
  window: number;
}

/** What building a graph needs besides the two sides. */
export interface GraphContext {
  regions: RegionTables;
  s: MatchmakingSettings;
  /** Bit mask of every map of the pool; a pair is allowed only if its vetoes leave one out. */
  fullMask: number;
}

interface Side {
  items: Candidate[];
  rating: Float64Array;
  window: Float64Array;
  region: Int32Array;
  veto: Int32Array;
  bonus: Float64Array;
}

const regionCount = regionCodes.length;

/** Nearest opponents by rating alone kept per player in a sparse graph. */
const nearest = 4;

/** The implicit allowed-pair graph of BW side `left` against SC2 side `right`. */
export class WaveGraph {
  readonly rows: Side;
  readonly cols: Side;
  /** Whether rows are the SC2 side (rows are always the smaller side). */
  readonly transposed: boolean;
  private readonly widestCol: number;
  private base: BaseCandidates | null = null;
  private all: AllEdges | null = null;
  /** Buffers `gatherRow` fills: one row's allowed edges. */
  readonly found: { col: Int32Array; cost: Float64Array; gap: Float64Array };

  constructor(
    left: Candidate[],
    right: Candidate[],
    private readonly ctx: GraphContext,
  ) {
    this.transposed = right.length < left.length;
    const [rows, cols] = this.transposed ? [right, left] : [left, right];
    this.rows = side(rows, !this.transposed, ctx.s.waitBonus);
    const colsSc2 = !this.transposed;
    const sorted = [...cols].sort((a, b) => rating(a, colsSc2) - rating(b, colsSc2));
    this.cols = side(sorted, this.transposed, ctx.s.waitBonus);
    this.widestCol = this.cols.window.reduce((m, w) => Math.max(m, w), 0);
    const m = this.cols.items.length;
    this.found = { col: new Int32Array(m), cost: new Float64Array(m), gap: new Float64Array(m) };
  }

  /** The cost of an allowed edge (row, col). */
  cost(r: number, j: number): number {
    const { rows, cols } = this;
    const cell = (rows.region[r] as number) * regionCount + (cols.region[j] as number);
    const gap = Math.abs((rows.rating[r] as number) - (cols.rating[j] as number));
    const penalty = this.ctx.regions.penalty[cell] as number;
    return gap + (rows.bonus[r] as number) + (cols.bonus[j] as number) + penalty;
  }

  /**
   * Gathers every allowed edge of row `r` into the shared buffers (`found`) and returns how
   * many there are; the buffers are overwritten by the next call.
   */
  gatherRow(r: number): number {
    const { rows, cols, ctx } = this;
    const rating = rows.rating[r] as number;
    const ownWindow = rows.window[r] as number;
    const reach = Math.max(ownWindow, this.widestCol);
    const regionBase = (rows.region[r] as number) * regionCount;
    const veto = rows.veto[r] as number;
    const bonus = rows.bonus[r] as number;

    const { col: outCol, cost: outCost, gap: outGap } = this.found;
    let count = 0;
    for (let j = lowerBound(cols.rating, rating - reach); j < cols.items.length; j += 1) {
      const other = cols.rating[j] as number;
      if (other > rating + reach) break;
      const gap = Math.abs(rating - other);
      if (gap > ownWindow && gap > (cols.window[j] as number)) continue;
      const cell = regionBase + (cols.region[j] as number);
      if (ctx.regions.forbidden[cell] === 1) continue;
      if (((veto | (cols.veto[j] as number)) & ctx.fullMask) === ctx.fullMask) continue;
      outCol[count] = j;
      outCost[count] =
        gap + bonus + (cols.bonus[j] as number) + (ctx.regions.penalty[cell] as number);
      outGap[count] = gap;
      count += 1;
    }
    return count;
  }

  /**
   * A sparse graph of each row's and each column's `k` cheapest edges, their nearest
   * opponents by rating, and `extra` edges; with the bounds of every allowed cost and how many
   * edges are allowed. The base lists are computed once per graph and reused by later calls.
   */
  sparse(
    k: number,
    extra: readonly (readonly [number, number, number])[] = [],
  ): {
    graph: SparseGraph;
    bounds: { min: number; max: number };
    allowed: number;
  } {
    const n = this.rows.items.length;
    const m = this.cols.items.length;
    const base = this.base ?? (this.base = this.baseCandidates(k));

    const t = base.count + extra.length;
    const tr = new Int32Array(t);
    const tc = new Int32Array(t);
    const tk = new Float64Array(t);
    tr.set(base.row.subarray(0, base.count));
    tc.set(base.col.subarray(0, base.count));
    tk.set(base.cost.subarray(0, base.count));
    for (let i = 0; i < extra.length; i += 1) {
      const [r, j, c] = extra[i] as readonly [number, number, number];
      tr[base.count + i] = r;
      tc[base.count + i] = j;
      tk[base.count + i] = c;
    }

    const graph = triplesToGraph(n, m, { row: tr, col: tc, cost: tk, count: t });
    return { graph, bounds: base.bounds, allowed: base.allowed };
  }

  private baseCandidates(k: number): BaseCandidates {
    const n = this.rows.items.length;
    const m = this.cols.items.length;
    const bounds = { min: 0, max: 0 };
    let allowed = 0;
    const byRow = new TopK(n, k);
    const byCol = new TopK(m, k);
    const nearRow = new TopK(n, nearest);
    const nearCol = new TopK(m, nearest);

    // Rank edges by their pair-specific part (gap and latency): the waiting bonus belongs to
    // single players, so it moves potentials but not who is a good opponent for whom. Rating
    // neighbours regardless of latency keep the sparse graph's cardinality maximal.
    const { start, col: fc, cost: fk, gap: fg } = this.edges();
    allowed = fc.length;
    for (let r = 0; r < n; r += 1) {
      const rowBonus = this.rows.bonus[r] as number;
      for (let i = start[r] as number; i < (start[r + 1] as number); i += 1) {
        const j = fc[i] as number;
        const c = fk[i] as number;
        const gap = fg[i] as number;
        if (c < bounds.min) bounds.min = c;
        if (c > bounds.max) bounds.max = c;
        const key = c - rowBonus - (this.cols.bonus[j] as number);
        // Most edges lose to every list's worst entry; test that before the call.
        if (byRow.accepts(r, key)) byRow.offer(r, j, key);
        if (byCol.accepts(j, key)) byCol.offer(j, r, key);
        if (nearRow.accepts(r, gap)) nearRow.offer(r, j, gap);
        if (nearCol.accepts(j, gap)) nearCol.offer(j, r, gap);
      }
    }

    const size = (n + m) * (k + nearest);
    const out: BaseCandidates = {
      row: new Int32Array(size),
      col: new Int32Array(size),
      cost: new Float64Array(size),
      count: 0,
      bounds,
      allowed,
    };
    for (const [list, rowsAreLists] of [
      [byRow, true],
      [byCol, false],
      [nearRow, true],
      [nearCol, false],
    ] as const) {
      for (let owner = 0; owner < list.lists; owner += 1) {
        const held = list.held[owner] as number;
        for (let i = 0; i < held; i += 1) {
          const other = list.ids[owner * list.k + i] as number;
          const r = rowsAreLists ? owner : other;
          const j = rowsAreLists ? other : owner;
          out.row[out.count] = r;
          out.col[out.count] = j;
          out.cost[out.count] = this.cost(r, j);
          out.count += 1;
        }
      }
    }
    return out;
  }

  /**
   * Every allowed edge in compressed rows with its cost and rating gap, gathered once per graph:
   * later passes (candidates, certification) then read flat arrays instead of re-checking rules.
   */
  private edges(): AllEdges {
    if (this.all !== null) return this.all;
    const n = this.rows.items.length;
    const start = new Int32Array(n + 1);
    let col = new Int32Array(Math.max(1024, n * 64));
    let cost = new Float64Array(col.length);
    let gap = new Float64Array(col.length);
    let at = 0;

    for (let r = 0; r < n; r += 1) {
      const count = this.gatherRow(r);
      if (at + count > col.length) {
        const size = Math.max(col.length * 2, at + count);
        [col, cost, gap] = [
          grow(col, new Int32Array(size)),
          grow(cost, new Float64Array(size)),
          grow(gap, new Float64Array(size)),
        ];
      }
      col.set(this.found.col.subarray(0, count), at);
      cost.set(this.found.cost.subarray(0, count), at);
      gap.set(this.found.gap.subarray(0, count), at);
      at += count;
      start[r + 1] = at;
    }

    this.all = {
      start,
      col: col.subarray(0, at),
      cost: cost.subarray(0, at),
      gap: gap.subarray(0, at),
    };
    return this.all;
  }

  /** Every allowed edge as a sparse graph, and the cost bounds. */
  full(): { graph: SparseGraph; bounds: { min: number; max: number }; allowed: number } {
    const all = this.edges();
    const bounds = { min: 0, max: 0 };
    for (const c of all.cost) {
      if (c < bounds.min) bounds.min = c;
      if (c > bounds.max) bounds.max = c;
    }

    const graph = {
      rows: this.rows.items.length,
      cols: this.cols.items.length,
      start: all.start,
      col: all.col,
      cost: all.cost,
    };
    return { graph, bounds, allowed: all.col.length };
  }

  /**
   * Allowed edges of negative reduced cost under `solved`, as [row, col, cost]: all of them for
   * unmatched rows and for edges into unmatched columns (the pool may hold more pairs), and up
   * to `perRow` of the most negative for each other row.
   */
  improving(solved: Assignment, perRow = 16): [number, number, number][] {
    const found: [number, number, number][] = [];
    const worst = new TopK(1, perRow);
    const taken = new Uint8Array(this.cols.items.length);
    for (const j of solved.match) if (j >= 0) taken[j] = 1;

    const all = this.edges();
    for (let r = 0; r < this.rows.items.length; r += 1) {
      const base = solved.shift + (solved.rowPot[r] as number);
      const unmatched = solved.match[r] === -1;
      worst.reset(0);
      for (let i = all.start[r] as number; i < (all.start[r + 1] as number); i += 1) {
        const j = all.col[i] as number;
        const c = all.cost[i] as number;
        const reduced = c + base - (solved.colPot[j] as number);
        if (reduced >= -1e-7) continue;
        if (unmatched || taken[j] === 0) found.push([r, j, c]);
        else worst.offer(0, j, reduced);
      }
      worst.each(0, (j, reduced) =>
        found.push([r, j, reduced - base + (solved.colPot[j] as number)]),
      );
    }
    return found;
  }

  /** The pair a matched (row, col) stands for, player 1 on the BW side. */
  pairOf(row: number, col: number): WavePair {
    const a = this.rows.items[row] as Candidate;
    const b = this.cols.items[col] as Candidate;
    const [l, r] = this.transposed ? [b, a] : [a, b];
    const cell = l.region * regionCount + r.region;
    const gap = Math.abs(rating(l, false) - rating(r, true));
    const waited = l.entry.wavesWaited + r.entry.wavesWaited;
    return {
      bw: l.entry,
      sc2: r.entry,
      bwRace: l.entry.bw?.race as BwRace,
      sc2Race: r.entry.sc2?.race as Sc2Race,
      gap,
      cost: gap - this.ctx.s.waitBonus * waited + (this.ctx.regions.penalty[cell] as number),
      server: this.ctx.regions.server[cell] as WavePair['server'],
      latency: this.ctx.regions.classes[cell] as WavePair['latency'],
    };
  }
}

function rating(c: Candidate, sc2: boolean): number {
  return (sc2 ? c.entry.sc2?.rating : c.entry.bw?.rating) ?? 0;
}

function side(items: Candidate[], isBw: boolean, waitBonus: number): Side {
  return {
    items,
    rating: Float64Array.from(items, (c) => rating(c, !isBw)),
    window: Float64Array.from(items, (c) => c.window),
    region: Int32Array.from(items, (c) => c.region),
    veto: Int32Array.from(items, (c) => c.vetoMask),
    bonus: Float64Array.from(items, (c) => -waitBonus * c.entry.wavesWaited),
  };
}

/** Candidate edges kept from the first scan of a graph. */
interface BaseCandidates {
  row: Int32Array;
  col: Int32Array;
  cost: Float64Array;
  count: number;
  bounds: { min: number; max: number };
  allowed: number;
}

/** Every allowed edge of a graph in compressed rows. */
interface AllEdges {
  start: Int32Array;
  col: Int32Array;
  cost: Float64Array;
  gap: Float64Array;
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
