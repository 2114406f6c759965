import type { MatchmakingSettings } from '../config.js';
import { isBwRace, isSc2Race } from '../races.js';
import { isRegionCode } from '../regions.js';
import { maxWeightMatching, type BlossomResult, type MatchingGraph } from './blossom.js';
import { countAllowed } from './count-allowed.js';
import { extract } from './cover-split.js';
import { CoverStart } from './cover-start.js';
import { buildGeneralGraph } from './general-graph.js';
import { costUnit, PoolGraph } from './pool-graph.js';
import { findViolations } from './pricing.js';
import { float64Scratch, int32Scratch } from './scratch.js';
import { solveByRounds } from './sparse-solve.js';
import type { Candidate, GraphContext, WaveEntry, WavePair } from './wave-types.js';
import type { WaveRejectReason, WaveResult } from './wave-types.js';
import { buildRegionTables, windowFor } from './wave-types.js';

// One wave of PRODUCT.md §6.2: the most pairs, then the lowest total cost, over the whole pool,
// as a maximum-weight matching of the general allowed-pair graph (weights K − cost, see
// pool-graph.ts) by the weighted blossom algorithm (blossom.ts). It runs over each player's
// few best opponents; pricing (pricing.ts) then checks every allowed pair against the duals and
// adds the ones they do not cover, until none is left: the duals then prove the matching
// optimal over the whole pool, which is what `exact` reports. Every solve starts from the
// optimum of the bipartite double cover (cover-start.ts); a later one resumes the last cover
// for the added pairs, which fit its duals nearly all, so only a few rows are augmented again.
//
// Profile of the 1000 wave (CPU ms, medians of 80 in one process, load about 8 on 2 cores):
// validation and pool arrays 0.65, candidates 1.7, weights 0.25, cover 3.2, first solve 2.5
// (7 stages), pricing 1.7, resumed cover 0.25, second solve 2.3 (7 stages), pricing 1.2,
// allowed-pair count 0.6; the whole wave 15.4 with its pairs, certificate and GC. The second
// round is not slop: the candidate graph's optimum costs 13 more than the pool's (one pair,
// FER–EUW, ranks 35th and 46th in its players' lists), and even with every player's nearest
// opponent in each region added, the first duals leave pairs out on most pools. The cover's
// own duals are priced before the first solve (`priceCover`): on seeds 2, 3, 4 and 10 the
// pairs they find make one solve enough; on seeds 1 and 5–9 they find 0–7 and the pass is a
// cost (it scans longer than a pass over a solve's duals). Whole wave, seeds 1–10, CPU
// medians of 31 after 20 warm-up waves, each version in its own process, two tries, load
// 7–11: sum over the ten seeds 124.5/121.9 ms before row reduction (cover-start.ts) and this,
// 119.4/116.7 with row reduction, 116.0/115.7 with both; seed 1 alone moved within noise
// (12.2/11.5, 12.2/11.9, 11.5/13.0).

/**
 * Opponents per player in the first solve. On community pools of 1,000 (seeds 1–5): 8 → 2–3
 * solves (27.6 ms CPU a wave on average), 10 → 2–3 (22.3), 12 → 2–3 (16.6–17.1), 14 → 2 on
 * all five (16.0–16.5), 16 → 2–3 (16.9); more edges make every solve slower.
 */
const candidatesPerPlayer = 14;

/** The proof that a wave is optimal: the matching and its duals (see blossom.ts for units). */
export interface WaveCertificate {
  /** Valid entries in vertex order. */
  entries: WaveEntry[];
  /** Each vertex's partner, or −1. */
  mate: Int32Array;
  /** Twice each vertex's dual, in units of 1/scale of a cost point doubled. */
  dual: Float64Array;
  /** Blossoms with a positive dual: their vertices and z_B. */
  blossoms: { members: number[]; z: number }[];
  /** K, in the same units: a pair's weight is K − its rounded, doubled cost. */
  big: number;
  scale: number;
  /** Solves run: 1 plus one per pricing round that found missing pairs. */
  rounds: number;
  /** Blossom stages over all solves. */
  stages: number;
}

/** Runs one wave over `entries` with the season's `mapPool`. Same pool, same pairs. */
export function pairWave(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
): WaveResult {
  return solveWave(entries, mapPool, s).result;
}

/**
 * `pairWave` with the certificate of its answer.
 * @param opponents - opponents per player in the first solve; tests lower it to force
 *   pricing rounds and re-solves, whose answer must not change.
 *   @defaultValue `candidatesPerPlayer` (14)
 */
export function solveWave(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
  opponents = candidatesPerPlayer,
): { result: WaveResult; certificate: WaveCertificate } {
  const { valid, rejected, candidates, context } = prepareWave(entries, mapPool, s);
  const pool = new PoolGraph(candidates, context);
  const edges = new EdgeList(pool, pool.candidateEdges(opponents));

  const cover = new CoverStart(pool.n);
  let solved: BlossomResult;
  let rounds = 0;
  let stages = 0;
  // The cover's duals are priced before the first solve: the pairs they leave uncovered are
  // added and the cover resumed, so that the first solve has them (see `priceCover`).
  let start = cover.next(edges.graph());
  if (start !== null) {
    const early = priceCover(pool, start);
    if (early.length > 0) {
      edges.add(early);
      start = cover.next(edges.graph());
    }
  }
  for (;;) {
    rounds += 1;
    const graph = edges.graph();
    // Every solve starts from the cover of its graph, a later one resuming the last cover.
    solved = maxWeightMatching(graph, rounds === 1 ? start : cover.next(graph));
    stages += solved.stages;
    const added = findViolations(pool, solved);
    if (added.length === 0) break;
    edges.add(added);
  }

  const pairs: WavePair[] = [];
  const unpaired: WaveEntry[] = [];
  for (let v = 0; v < pool.n; v += 1) {
    const u = solved.mate[v] as number;
    if (u === -1) unpaired.push(valid[v] as WaveEntry);
    else if (u > v) pairs.push(pool.pairOf(v, u));
  }
  const allowedEdges = countAllowed(pool);
  const result = { pairs, unpaired, rejected, allowedEdges, exact: true };
  return { result, certificate: certificateOf(valid, solved, pool, rounds, stages) };
}

/**
 * The certificate in the checker's units, its duals and blossoms converted on first read:
 * a wave in the ladder (`pairWave`) drops it, and listing the blossoms by their vertices
 * walks some 30,000 parent links at 1,000 queued (0.3 ms of a 12 ms wave).
 */
function certificateOf(
  entries: WaveEntry[],
  solved: BlossomResult,
  pool: PoolGraph,
  rounds: number,
  stages: number,
): WaveCertificate {
  let dual: Float64Array | null = null;
  let blossoms: WaveCertificate['blossoms'] | null = null;
  // The checker's units: costs doubled, not quadrupled (pool-graph.ts `costUnit`).
  return {
    entries,
    mate: solved.mate,
    get dual() {
      dual ??= solved.dual.slice(0, pool.n).map((d) => (d * 2) / costUnit);
      return dual;
    },
    get blossoms() {
      blossoms ??= blossomsOf(solved, pool.n).map(({ members, z }) => ({
        members,
        z: (z * 2) / costUnit,
      }));
      return blossoms;
    },
    big: (pool.big * 2) / costUnit,
    scale: pool.scale,
    rounds,
    stages,
  };
}

// The edge list's arrays, kept between waves (scratch.ts); no graph outlives its wave.
const edgeEu = int32Scratch();
const edgeEv = int32Scratch();
const edgeWeight = float64Scratch();

/**
 * The edges of the solves, in typed arrays that grow as pricing adds pairs: each solve gets
 * views of them, and an edge's weight is computed once.
 */
class EdgeList {
  private eu: Int32Array;
  private ev: Int32Array;
  private weight: Float64Array;
  private count = 0;

  constructor(
    private readonly pool: PoolGraph,
    first: { eu: Int32Array; ev: Int32Array },
  ) {
    const m = first.eu.length;
    this.eu = edgeEu.take(2 * m);
    this.ev = edgeEv.take(2 * m);
    this.weight = edgeWeight.take(2 * m);
    for (let k = 0; k < m; k += 1) this.push(first.eu[k] as number, first.ev[k] as number);
  }

  add(pairs: readonly (readonly [number, number])[]): void {
    for (const [u, v] of pairs) this.push(u, v);
  }

  graph(): MatchingGraph {
    const m = this.count;
    return {
      n: this.pool.n,
      eu: this.eu.subarray(0, m),
      ev: this.ev.subarray(0, m),
      weight: this.weight.subarray(0, m),
    };
  }

  private push(u: number, v: number): void {
    if (this.count === this.eu.length) {
      const size = 2 * this.count + 16;
      const [eu, ev, weight] = [new Int32Array(size), new Int32Array(size), new Float64Array(size)];
      eu.set(this.eu);
      ev.set(this.ev);
      weight.set(this.weight);
      [this.eu, this.ev, this.weight] = [eu, ev, weight];
    }
    this.eu[this.count] = u;
    this.ev[this.count] = v;
    this.weight[this.count] = this.pool.big - this.pool.pairCost(u, v);
    this.count += 1;
  }
}

// The cover's duals as a solve's, for pricing: kept between waves (scratch.ts).
const coverDual = float64Scratch();
const coverParent = int32Scratch();

/**
 * The pairs of the pool that the cover's duals leave uncovered (pricing.ts, as if they were a
 * solve's without blossoms). Pairs the candidates missed show up here as often as after the
 * first solve: on the 1000 bench's seeds 2–4 the 16–257 pairs found make the first solve the
 * only one (pricing after it finds nothing), where the second solve ran 4–6 stages more.
 */
function priceCover(
  pool: PoolGraph,
  start: { mate: Int32Array; dual: Float64Array },
): [number, number][] {
  const n = pool.n;
  const dual = coverDual.take(2 * n).fill(0);
  dual.set(start.dual.subarray(0, n));
  const parent = coverParent.take(2 * n).fill(-1);
  return findViolations(pool, { mate: start.mate, dual, parent, stages: 0 });
}

/** The blossoms of positive dual, nested ones included, by their vertices. */
function blossomsOf(solved: BlossomResult, n: number): { members: number[]; z: number }[] {
  // Indexed by blossom id rather than a Map: blossoms nest about 30 deep at 1,000 queued.
  const at = new Int32Array(2 * n).fill(-1);
  const out: { members: number[]; z: number }[] = [];
  for (let v = 0; v < n; v += 1) {
    for (let b = solved.parent[v] as number; b !== -1; b = solved.parent[b] as number) {
      const z = solved.dual[b] as number;
      if (z <= 0) continue;
      if (at[b] === -1) {
        at[b] = out.length;
        out.push({ members: [], z });
      }
      out[at[b] as number]?.members.push(v);
    }
  }
  return out;
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
 * The fractional matching bound of a wave, from the bipartite double cover (every player once
 * as a row, once as a column, each pair as two edges; cover-split.ts): no set of pairs has
 * more than `pairs`, and none with that many costs less than `cost` (when `pairs` is whole).
 * An independent floor under `pairWave`'s cost, for the benchmark.
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
