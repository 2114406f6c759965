import type { MatchmakingSettings } from '../../../../src/ladder/rules/config.js';
import type { WaveEntry } from '../../../../src/ladder/rules/pairing/wave-types.js';
import { buildRegionTables, windowFor } from '../../../../src/ladder/rules/pairing/wave-types.js';
import { regionCodes } from '../../../../src/ladder/rules/regions.js';

// The rules of PRODUCT.md §6.2 written plainly, and every matching tried, for small waves.

/** The cheapest allowed orientation's cost of two entries, or null if neither is allowed. */
export function pairCost(
  a: WaveEntry,
  b: WaveEntry,
  pool: readonly string[],
  s: MatchmakingSettings,
): number | null {
  const tables = buildRegionTables(s);
  const n = regionCodes.length;
  let best: number | null = null;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    if (!x.bw || !y.sc2) continue;
    const gap = Math.abs(x.bw.rating - y.sc2.rating);
    if (gap > Math.max(windowFor(x.wavesWaited, s), windowFor(y.wavesWaited, s))) continue;
    const vetoed = new Set([...x.vetoes, ...y.vetoes]);
    if (pool.every((m) => vetoed.has(m))) continue;
    const i = tables.index.get(x.region) as number;
    const j = tables.index.get(y.region) as number;
    if (tables.forbidden[i * n + j]) continue;
    const cost =
      gap - s.waitBonus * (x.wavesWaited + y.wavesWaited) + (tables.penalty[i * n + j] as number);
    if (best === null || cost < best) best = cost;
  }
  return best;
}

/** Most pairs, then least total cost, over every matching of the allowed-pair graph. */
export function bruteForce(
  entries: readonly WaveEntry[],
  pool: readonly string[],
  s: MatchmakingSettings,
): { pairs: number; cost: number } {
  const cost = entries.map((a) => entries.map((b) => (a === b ? null : pairCost(a, b, pool, s))));
  const go = (rest: number[]): { pairs: number; cost: number } => {
    const [first, ...others] = rest;
    if (first === undefined) return { pairs: 0, cost: 0 };
    let best = go(others);
    for (const [i, other] of others.entries()) {
      const c = cost[first]?.[other];
      if (c === null || c === undefined) continue;
      const sub = go(others.filter((_, k) => k !== i));
      const option = { pairs: sub.pairs + 1, cost: sub.cost + c };
      if (
        option.pairs > best.pairs ||
        (option.pairs === best.pairs && option.cost < best.cost - 1e-9)
      )
        best = option;
    }
    return best;
  };
  return go(entries.map((_, i) => i));
}
