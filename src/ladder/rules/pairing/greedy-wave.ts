import type { MatchmakingSettings } from '../config.js';
import { isBwRace, isSc2Race } from '../races.js';
import { buildRegionTables, windowFor, type WaveEntry, type WavePair } from './wave-types.js';
import type { WaveResult } from './wave-types.js';

// The predecessor's wave, kept as the simulator's baseline (PRODUCT.md §13): side
// equalization, a priority cut, a greedy pick by squared gap minus a wait bonus, and two passes
// of pairwise swaps. Reconstructed from the product's description; it has no latency term.

/** Runs one wave the predecessor's way. */
export function greedyWave(
  entries: readonly WaveEntry[],
  mapPool: readonly string[],
  s: MatchmakingSettings,
): WaveResult {
  const regions = buildRegionTables(s);
  const valid = entries.filter(
    (e) =>
      regions.index.has(e.region) &&
      (e.bw === null || (isBwRace(e.bw.race) && Number.isFinite(e.bw.rating))) &&
      (e.sc2 === null || (isSc2Race(e.sc2.race) && Number.isFinite(e.sc2.rating))) &&
      (e.bw !== null || e.sc2 !== null),
  );
  const priority = (a: WaveEntry, b: WaveEntry) =>
    b.wavesWaited - a.wavesWaited ||
    a.joinedAtMs - b.joinedAtMs ||
    (a.playerId < b.playerId ? -1 : 1);

  // Side equalization: players with both games fill the smaller side, longest waiting first.
  const bw = valid.filter((e) => e.bw && !e.sc2);
  const sc2 = valid.filter((e) => !e.bw && e.sc2);
  for (const e of valid.filter((x) => x.bw && x.sc2).sort(priority)) {
    (bw.length <= sc2.length ? bw : sc2).push(e);
  }

  // Priority cut: the larger side keeps only as many as the smaller, by waiting time.
  const size = Math.min(bw.length, sc2.length);
  const lead = [...(bw.length <= sc2.length ? bw : sc2)].sort(priority).slice(0, size);
  const follow = [...(bw.length <= sc2.length ? sc2 : bw)].sort(priority).slice(0, size);
  const leadIsBw = bw.length <= sc2.length;

  const ratingOf = (e: WaveEntry, asBw: boolean) => (asBw ? e.bw?.rating : e.sc2?.rating) ?? 0;
  const allowed = (b: WaveEntry, c: WaveEntry) => {
    const gap = Math.abs(ratingOf(b, true) - ratingOf(c, false));
    if (gap > Math.max(windowFor(b.wavesWaited, s), windowFor(c.wavesWaited, s))) return false;
    const cell =
      (regions.index.get(b.region) as number) * 16 + (regions.index.get(c.region) as number);
    if (regions.forbidden[cell]) return false;
    const vetoed = new Set([...b.vetoes, ...c.vetoes]);
    return mapPool.some((m) => !vetoed.has(m));
  };
  const orient = (l: WaveEntry, f: WaveEntry) =>
    (leadIsBw ? [l, f] : [f, l]) as [WaveEntry, WaveEntry];
  const score = (b: WaveEntry, c: WaveEntry) =>
    (ratingOf(b, true) - ratingOf(c, false)) ** 2 - s.waitBonus * (b.wavesWaited + c.wavesWaited);

  // Greedy pick: the lead side in priority order (longest waiting first) each takes the free
  // opponent with the lowest squared gap minus the wait bonus ([MM-3] shows what this misses).
  const free = new Set(follow);
  const pairs: [WaveEntry, WaveEntry][] = [];
  for (const l of lead) {
    let best: WaveEntry | null = null;
    let bestScore = Infinity;
    for (const f of free) {
      const [b, c] = orient(l, f);
      if (!allowed(b, c)) continue;
      const value = score(b, c);
      if (value < bestScore) [best, bestScore] = [f, value];
    }
    if (best === null) continue;
    free.delete(best);
    pairs.push(orient(l, best));
  }

  // Two swap passes: exchange SC2 opponents when that lowers the summed squared gaps.
  for (let pass = 0; pass < 2; pass += 1) {
    for (let i = 0; i < pairs.length; i += 1) {
      for (let j = i + 1; j < pairs.length; j += 1) {
        const [b1, c1] = pairs[i] as [WaveEntry, WaveEntry];
        const [b2, c2] = pairs[j] as [WaveEntry, WaveEntry];
        if (!allowed(b1, c2) || !allowed(b2, c1)) continue;
        if (score(b1, c2) + score(b2, c1) < score(b1, c1) + score(b2, c2)) {
          pairs[i] = [b1, c2];
          pairs[j] = [b2, c1];
        }
      }
    }
  }

  const out: WavePair[] = pairs.map(([b, c]) => {
    const cell =
      (regions.index.get(b.region) as number) * 16 + (regions.index.get(c.region) as number);
    const gap = Math.abs(ratingOf(b, true) - ratingOf(c, false));
    return {
      bw: b,
      sc2: c,
      bwRace: b.bw?.race as WavePair['bwRace'],
      sc2Race: c.sc2?.race as WavePair['sc2Race'],
      gap,
      cost: gap - s.waitBonus * (b.wavesWaited + c.wavesWaited) + (regions.penalty[cell] as number),
      server: regions.server[cell] as WavePair['server'],
      latency: regions.classes[cell] as WavePair['latency'],
    };
  });

  const paired = new Set(out.flatMap((p) => [p.bw.playerId, p.sc2.playerId]));
  const unpaired = valid.filter((e) => !paired.has(e.playerId));
  return { pairs: out, unpaired, rejected: [], allowedEdges: 0 };
}
