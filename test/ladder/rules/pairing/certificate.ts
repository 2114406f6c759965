import type { MatchmakingSettings } from '../../../../src/ladder/rules/config.js';
import type { WaveCertificate } from '../../../../src/ladder/rules/pairing/pair-wave.js';
import { buildRegionTables, windowFor } from '../../../../src/ladder/rules/pairing/wave-types.js';
import type { WaveEntry } from '../../../../src/ladder/rules/pairing/wave-types.js';
import { regionCodes } from '../../../../src/ladder/rules/regions.js';

// An independent check of a wave's optimality certificate. It lists every pair of the pool
// from PRODUCT.md §6.2 itself (no solver code), weighs each allowed pair K − cost with the
// certificate's K and rounding, and verifies LP duality for the matching polytope (Edmonds):
// duals ≥ 0, every pair's reduced cost ≥ 0, matched pairs at 0, free players at dual 0, and
// every blossom with a positive dual odd and full. Then the matching has the greatest weight,
// and K large enough (checked here too) makes that the most pairs, then the least cost.

/** What the check found; `problems` is empty when the certificate holds. */
export interface CertificateCheck {
  problems: string[];
  pairs: number;
  /** Total unrounded cost of the matched pairs. */
  cost: number;
  /** Allowed pairs in the pool, each counted once. */
  allowed: number;
}

/** Checks `cert` against the pool it claims to solve. */
export function checkCertificate(
  cert: WaveCertificate,
  mapPool: readonly string[],
  s: MatchmakingSettings,
): CertificateCheck {
  const { entries, mate, dual, big, scale } = cert;
  const n = entries.length;
  const problems: string[] = [];
  const edges = allowedPairs(entries, mapPool, s, scale);

  // Which blossoms hold each player, to add up z over blossoms holding both ends.
  const holds = entries.map(() => [] as number[]);
  for (const [i, b] of cert.blossoms.entries()) {
    if (!(b.z > 0)) problems.push(`blossom ${i} has dual ${b.z}`);
    if (b.members.length % 2 === 0) problems.push(`blossom ${i} has even size`);
    for (const v of b.members) holds[v]?.push(i);
    const inside = b.members.filter((v) => {
      const u = mate[v] as number;
      return u >= 0 && b.members.includes(u);
    }).length;
    if (inside !== b.members.length - 1) problems.push(`blossom ${i} is not full`);
  }
  const shared = (u: number, v: number) =>
    (holds[u] ?? [])
      .filter((b) => (holds[v] ?? []).includes(b))
      .reduce((sum, b) => sum + (cert.blossoms[b]?.z ?? 0), 0);

  for (let v = 0; v < n; v += 1) {
    const d = dual[v] as number;
    if (!(d >= 0)) problems.push(`player ${v} has dual ${d}`);
    const u = mate[v] as number;
    if (u < 0 && d !== 0) problems.push(`free player ${v} has dual ${d}`);
    if (u >= 0 && mate[u] !== v) problems.push(`player ${v}'s partner is not paired back`);
  }

  let cMin = Infinity;
  let cMax = -Infinity;
  let pairs = 0;
  let cost = 0;
  const matchedSeen = new Set<number>();
  for (const e of edges) {
    cMin = Math.min(cMin, e.rounded);
    cMax = Math.max(cMax, e.rounded);
    const slack = (dual[e.u] as number) + (dual[e.v] as number) - 2 * (big - e.rounded);
    const isMatched = mate[e.u] === e.v;
    if (slack >= 0 && !isMatched) continue;
    const full = slack + 2 * shared(e.u, e.v);
    if (full < 0) problems.push(`pair ${e.u}-${e.v} has negative reduced cost ${full}`);
    if (isMatched) {
      if (full !== 0) problems.push(`matched pair ${e.u}-${e.v} has reduced cost ${full}`);
      matchedSeen.add(e.u).add(e.v);
      pairs += 1;
      cost += e.cost;
    }
  }
  for (let v = 0; v < n; v += 1) {
    if ((mate[v] as number) >= 0 && !matchedSeen.has(v)) problems.push(`player ${v}: not allowed`);
  }
  if (edges.length > 0 && !(big > cMax + Math.floor(n / 2) * (cMax - cMin))) {
    problems.push(`K ${big} is too small for costs ${cMin}..${cMax}`);
  }
  return { problems, pairs, cost, allowed: edges.length };
}

/** Every allowed pair (u < v) with its cheaper orientation's cost, rounded as the weights are. */
function allowedPairs(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
  scale: number,
): { u: number; v: number; cost: number; rounded: number }[] {
  const tables = buildRegionTables(s);
  const r = regionCodes.length;
  const round = (x: number) => 2 * Math.round(x * scale);
  const out: { u: number; v: number; cost: number; rounded: number }[] = [];

  const oriented = (x: WaveEntry, y: WaveEntry) => {
    if (!x.bw || !y.sc2) return null;
    const gap = Math.abs(x.bw.rating - y.sc2.rating);
    if (gap > Math.max(windowFor(x.wavesWaited, s), windowFor(y.wavesWaited, s))) return null;
    const cell =
      (tables.index.get(x.region) as number) * r + (tables.index.get(y.region) as number);
    if (tables.forbidden[cell] === 1) return null;
    if (mapPool.every((m) => x.vetoes.includes(m) || y.vetoes.includes(m))) return null;
    const penalty = tables.penalty[cell] as number;
    const bx = -s.waitBonus * x.wavesWaited;
    const by = -s.waitBonus * y.wavesWaited;
    return {
      cost: gap + penalty + bx + by,
      rounded: round(gap) + round(penalty) + round(bx) + round(by),
    };
  };

  for (let u = 0; u < entries.length; u += 1) {
    for (let v = u + 1; v < entries.length; v += 1) {
      const a = oriented(entries[u] as WaveEntry, entries[v] as WaveEntry);
      const b = oriented(entries[v] as WaveEntry, entries[u] as WaveEntry);
      if (a === null && b === null) continue;
      const rounded = Math.min(a?.rounded ?? Infinity, b?.rounded ?? Infinity);
      const cost = Math.min(a?.cost ?? Infinity, b?.cost ?? Infinity);
      out.push({ u, v, cost, rounded });
    }
  }
  return out;
}
