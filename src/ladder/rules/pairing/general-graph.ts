import { regionCodes } from '../regions.js';
import type { SparseGraph } from './assignment.js';
import { lowerBound } from './top-k.js';
import type { Candidate, GraphContext } from './wave-types.js';

// The allowed-pair graph of a whole wave, one vertex per player (PRODUCT.md §6.2 steps 2–4).
// Every orientation has exactly one BW-side player, so scanning each BW-capable player against
// the SC2-capable players sorted by rating finds them all. A pair allowed both ways keeps its
// cheaper orientation; on a tie the earlier joiner (lower vertex index) takes the BW side.
// Every pair is listed, so only the fractional bound (`waveBound`) uses it; waves themselves
// keep the graph implicit (pool-graph.ts).

const regionCount = regionCodes.length;

/** Allowed pairs as symmetric compressed rows, with which end plays BW. */
export interface GeneralGraph extends SparseGraph {
  /** For each edge, 1 if the row's player takes the BW side. */
  rowIsBw: Uint8Array;
  /** Smallest and largest edge cost. */
  bounds: { min: number; max: number };
  /** Cost without the per-player waiting bonus, to rank a player's opponents. */
  pairPart: Float64Array;
}

/** Builds the graph; `items` must be in join order, which decides orientation ties. */
export function buildGeneralGraph(items: readonly Candidate[], ctx: GraphContext): GeneralGraph {
  const n = items.length;
  const bonus = Float64Array.from(items, (c) => -ctx.s.waitBonus * c.entry.wavesWaited);
  const sc2Ids = items.flatMap((c, i) => (c.entry.sc2 ? [i] : []));
  sc2Ids.sort((a, b) => sc2Of(items, a) - sc2Of(items, b) || a - b);
  const sc2Rating = Float64Array.from(sc2Ids, (i) => sc2Of(items, i));
  const widest = items.reduce((m, c) => Math.max(m, c.window), 0);

  // Oriented edges (bw, sc2, cost, pair part), each stored once.
  let cap = Math.max(1024, n * 32);
  let ob = new Int32Array(cap);
  let os = new Int32Array(cap);
  let oc = new Float64Array(cap);
  let op = new Float64Array(cap);
  let count = 0;
  for (let x = 0; x < n; x += 1) {
    const cx = items[x] as Candidate;
    if (!cx.entry.bw) continue;
    const rating = cx.entry.bw.rating;
    const reach = Math.max(cx.window, widest);
    for (let k = lowerBound(sc2Rating, rating - reach); k < sc2Ids.length; k += 1) {
      const other = sc2Rating[k] as number;
      if (other > rating + reach) break;
      const y = sc2Ids[k] as number;
      if (y === x) continue;
      const cy = items[y] as Candidate;
      const gap = Math.abs(rating - other);
      if (gap > cx.window && gap > cy.window) continue;
      const cell = cx.region * regionCount + cy.region;
      if (ctx.regions.forbidden[cell] === 1) continue;
      if (((cx.vetoMask | cy.vetoMask) & ctx.fullMask) === ctx.fullMask) continue;
      if (count === cap) {
        cap *= 2;
        [ob, os, oc, op] = [grow(ob, cap), grow(os, cap), grow(oc, cap), grow(op, cap)];
      }
      const part = gap + (ctx.regions.penalty[cell] as number);
      ob[count] = x;
      os[count] = y;
      oc[count] = part + (bonus[x] as number) + (bonus[y] as number);
      op[count] = part;
      count += 1;
    }
  }

  return symmetric(n, { ob, os, oc, op, count });
}

/** Lays oriented edges out by row in both directions, keeping each pair's cheaper orientation. */
function symmetric(
  n: number,
  e: { ob: Int32Array; os: Int32Array; oc: Float64Array; op: Float64Array; count: number },
): GeneralGraph {
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < e.count; i += 1) {
    degree[(e.ob[i] as number) + 1] = (degree[(e.ob[i] as number) + 1] as number) + 1;
    degree[(e.os[i] as number) + 1] = (degree[(e.os[i] as number) + 1] as number) + 1;
  }
  for (let r = 0; r < n; r += 1) degree[r + 1] = (degree[r + 1] as number) + (degree[r] as number);

  const size = e.count * 2;
  const start = new Int32Array(n + 1);
  const col = new Int32Array(size);
  const cost = new Float64Array(size);
  const pairPart = new Float64Array(size);
  const rowIsBw = new Uint8Array(size);
  const fill = degree.slice(0, n);
  const place = (r: number, j: number, i: number, isBw: number) => {
    const at = fill[r] as number;
    fill[r] = at + 1;
    col[at] = j;
    cost[at] = e.oc[i] as number;
    pairPart[at] = e.op[i] as number;
    rowIsBw[at] = isBw;
  };
  for (let i = 0; i < e.count; i += 1) {
    place(e.ob[i] as number, e.os[i] as number, i, 1);
    place(e.os[i] as number, e.ob[i] as number, i, 0);
  }

  // Merge a pair seen in both orientations in place, compacting each row.
  const seenAt = new Int32Array(n).fill(-1);
  const bounds = { min: 0, max: 0 };
  let at = 0;
  for (let r = 0; r < n; r += 1) {
    const rowStart = at;
    for (let i = degree[r] as number; i < (degree[r + 1] as number); i += 1) {
      const j = col[i] as number;
      const c = cost[i] as number;
      const before = seenAt[j] as number;
      if (before >= rowStart) {
        // Same cost: the lower index (the earlier joiner) takes the BW side.
        // Both orientations carry the same bonuses, so the pair part alone decides.
        const isBw = rowIsBw[i] as number;
        const part = pairPart[i] as number;
        const held = pairPart[before] as number;
        if (part < held || (part === held && isBw === (r < j ? 1 : 0))) {
          [cost[before], pairPart[before], rowIsBw[before]] = [c, part, isBw];
        }
        continue;
      }
      seenAt[j] = at;
      [col[at], cost[at], pairPart[at], rowIsBw[at]] = [
        j,
        c,
        pairPart[i] as number,
        rowIsBw[i] as number,
      ];
      at += 1;
    }
    start[r + 1] = at;
  }

  for (let i = 0; i < at; i += 1) {
    const c = cost[i] as number;
    if (c < bounds.min) bounds.min = c;
    if (c > bounds.max) bounds.max = c;
  }

  return {
    rows: n,
    cols: n,
    start,
    col: col.subarray(0, at),
    cost: cost.subarray(0, at),
    pairPart: pairPart.subarray(0, at),
    rowIsBw: rowIsBw.subarray(0, at),
    bounds,
  };
}

function sc2Of(items: readonly Candidate[], i: number): number {
  return (items[i] as Candidate).entry.sc2?.rating ?? 0;
}

function grow<T extends Int32Array | Float64Array>(from: T, size: number): T {
  const to = new (from.constructor as new (n: number) => T)(size);
  to.set(from);
  return to;
}
