import type { MatchmakingSettings } from '../config.js';
import { isBwRace, isSc2Race } from '../races.js';
import { isRegionCode } from '../regions.js';
import { edgeOf, extract } from './cover-split.js';
import { buildGeneralGraph, pairOfEdge } from './general-graph.js';
import { matchGeneral } from './general-matching.js';
import { orient } from './orient.js';
import { placeAndMatch } from './placement.js';
import { solveByRounds } from './sparse-solve.js';
import type { Candidate, GraphContext } from './wave-graph.js';
import type { WaveEntry, WaveRejectReason, WaveResult } from './wave-types.js';
import { buildRegionTables, windowFor } from './wave-types.js';

export { evaluate, type Evaluated } from './placement.js';

// One wave of PRODUCT.md §6.2: the most pairs, then the lowest total cost, over the whole pool.
// A side placement gives a fast first answer (placement.ts). Up to `exactPool` players, the
// exact general matching then starts from it and proves or improves it (general-matching.ts).

/** Largest pool matched exactly over the general graph by default; see `WaveOptions`. */
const defaultExactPool = 96;
/** Pools this small are solved by trying every side placement. */
const tinyPool = 8;

/** How much work a wave past `exactPool` players may spend. */
export interface WaveOptions {
  /**
   * Place two-game players by the fractional matching: about 4× the time of a wave of 1,000,
   * and a total cost far closer to the optimum (see bench wave --bound).
   * @defaultValue true
   */
  guided?: boolean;
  /**
   * Largest pool matched exactly over the general graph (branch and bound, bounded work).
   * @defaultValue 96
   */
  exactPool?: number;
}

/** Runs one wave over `entries` with the season's `mapPool`. Same pool, same pairs. */
export function pairWave(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
  options: WaveOptions = {},
): WaveResult {
  const { valid, rejected, candidates, context } = prepareWave(entries, mapPool, s);
  const exactPool = options.exactPool ?? defaultExactPool;
  // The fractional matching places the two-game players: where it pairs one, it shows the
  // side the global optimum most likely gives it. Tiny pools try every placement anyway.
  let hint: Map<Candidate, boolean> | null = null;
  let bound: ReturnType<typeof extract> | null = null;
  let generalEdges: number | null = null;
  if (candidates.length > tinyPool && options.guided !== false) {
    const graph = buildGeneralGraph(candidates, context);
    generalEdges = graph.col.length / 2;
    bound = extract(graph, solveByRounds(graph));
    hint = new Map();
    for (let v = 0; v < candidates.length; v += 1) {
      const mate = bound.matching.mate[v] as number;
      const c = candidates[v] as Candidate;
      if (mate < 0 || !c.entry.bw || !c.entry.sc2) continue;
      hint.set(c, graph.rowIsBw[edgeOf(graph, v, mate)] === 1);
    }
  }

  let first = placeAndMatch(candidates, context, hint);
  if (hint !== null) {
    // Keep the unguided answer when it is better, so guidance never makes a wave worse.
    const plain = placeAndMatch(candidates, context);
    const better =
      plain.pairs.length > first.pairs.length ||
      (plain.pairs.length === first.pairs.length && plain.total < first.total - 1e-9);
    if (better) first = plain;
  }
  const order = new Map(valid.map((e, i) => [e, i] as const));
  let pairs = first.pairs.map((p) => orient(p, order, context));
  let exact = first.exhaustive;
  if (bound !== null) {
    // The answer is proven optimal when it meets the fractional bound.
    const total = pairs.reduce((sum, p) => sum + p.cost, 0);
    exact = pairs.length * 2 === bound.coverRows && total <= bound.coverCost / 2 + 1e-6;
  }
  let allowedEdges = generalEdges ?? first.edges;

  if (!exact && candidates.length <= exactPool) {
    const graph = buildGeneralGraph(candidates, context);
    const seed = new Int32Array(candidates.length).fill(-1);
    for (const p of pairs) {
      const [a, b] = [order.get(p.bw) as number, order.get(p.sc2) as number];
      [seed[a], seed[b]] = [b, a];
    }

    const matching = matchGeneral(graph, seed);
    pairs = [];
    for (let v = 0; v < candidates.length; v += 1) {
      const mate = matching.mate[v] as number;
      if (mate > v) pairs.push(pairOfEdge(candidates, graph, v, edgeOf(graph, v, mate), context));
    }
    exact = matching.exact;
    allowedEdges = graph.col.length / 2;
  }

  const paired = new Set<WaveEntry>(pairs.flatMap((p) => [p.bw, p.sc2]));
  const unpaired = valid.filter((entry) => !paired.has(entry));
  return { pairs, unpaired, rejected, allowedEdges, exact };
}

/** Validates a pool and precomputes each valid entry's window, region and veto mask. */
export function prepareWave(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
): {
  valid: WaveEntry[];
  rejected: { entry: WaveEntry; reason: WaveRejectReason }[];
  candidates: Candidate[];
  context: GraphContext;
} {
  const { valid, rejected } = validate(entries);
  const regions = buildRegionTables(s);
  const poolIndex = new Map(mapPool.map((id, i) => [id, i] as const));

  const candidates: Candidate[] = valid.map((entry) => {
    let mask = 0;
    for (const veto of entry.vetoes) {
      const bit = poolIndex.get(veto);
      if (bit !== undefined && bit < 31) mask |= 1 << bit;
    }
    const region = regions.index.get(entry.region) as number;
    return { entry, region, vetoMask: mask, window: windowFor(entry.wavesWaited, s) };
  });

  const context = { regions, s, fullMask: mapPool.length >= 31 ? -1 : (1 << mapPool.length) - 1 };
  return { valid, rejected, candidates, context };
}

/**
 * The fractional matching bound of a wave (see general-matching.ts): no set of pairs has more
 * than `pairs`, and none with that many costs less than `cost` (when `pairs` is whole).
 */
export function waveBound(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
): { pairs: number; cost: number } {
  const { candidates, context } = prepareWave(entries, mapPool, s);
  const graph = buildGeneralGraph(candidates, context);
  const { coverRows, coverCost } = extract(graph, solveByRounds(graph));
  return { pairs: coverRows / 2, cost: coverCost / 2 };
}

function validate(entries: readonly WaveEntry[]): {
  valid: WaveEntry[];
  rejected: { entry: WaveEntry; reason: WaveRejectReason }[];
} {
  const seen = new Set<string>();
  const valid: WaveEntry[] = [];
  const rejected: { entry: WaveEntry; reason: WaveRejectReason }[] = [];
  const okRating = (r: { rating: number } | null) => r === null || Number.isFinite(r.rating);

  for (const entry of entries) {
    let reason: WaveRejectReason | null = null;
    if (seen.has(entry.playerId)) reason = 'duplicate_player';
    else if (!isRegionCode(entry.region)) reason = 'bad_region';
    else if (!okRating(entry.bw) || !okRating(entry.sc2)) reason = 'bad_rating';
    else if (!Number.isFinite(entry.wavesWaited) || entry.wavesWaited < 0) reason = 'bad_rating';
    else if (entry.bw !== null && !isBwRace(entry.bw.race)) reason = 'no_race';
    else if (entry.sc2 !== null && !isSc2Race(entry.sc2.race)) reason = 'no_race';
    else if (entry.bw === null && entry.sc2 === null) reason = 'no_race';

    if (reason === null) {
      seen.add(entry.playerId);
      valid.push(entry);
    } else {
      rejected.push({ entry, reason });
    }
  }

  // A fixed order makes every tie resolve the same way for the same pool.
  valid.sort((a, b) =>
    a.joinedAtMs !== b.joinedAtMs
      ? a.joinedAtMs - b.joinedAtMs
      : a.playerId < b.playerId
        ? -1
        : a.playerId > b.playerId
          ? 1
          : 0,
  );
  return { valid, rejected };
}
