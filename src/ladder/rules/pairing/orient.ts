import { regionCodes } from '../regions.js';
import type { GraphContext } from './wave-graph.js';
import type { WaveEntry, WavePair } from './wave-types.js';
import { windowFor } from './wave-types.js';

// PRODUCT.md §6.2 step 4 for a pair formed by side placement: when both players queued both
// games, the pair keeps its cheaper orientation, and on a tie the earlier joiner plays BW.
// Both orientations share region, vetoes and waiting bonus, so only the gap can differ.

const regionCount = regionCodes.length;

/** `pair` in its §6.2 orientation; `order` ranks entries by join time (ties by player id). */
export function orient(
  pair: WavePair,
  order: ReadonlyMap<WaveEntry, number>,
  ctx: GraphContext,
): WavePair {
  const { bw: a, sc2: b } = pair;
  if (!b.bw || !a.sc2) return pair;

  const gap = Math.abs(b.bw.rating - a.sc2.rating);
  const window = Math.max(windowFor(a.wavesWaited, ctx.s), windowFor(b.wavesWaited, ctx.s));
  if (gap > window) return pair;
  const bJoinedFirst = (order.get(b) as number) < (order.get(a) as number);
  if (gap > pair.gap || (gap === pair.gap && !bJoinedFirst)) return pair;

  const cell =
    (ctx.regions.index.get(b.region) as number) * regionCount +
    (ctx.regions.index.get(a.region) as number);
  return {
    ...pair,
    bw: b,
    sc2: a,
    bwRace: b.bw.race,
    sc2Race: a.sc2.race,
    gap,
    cost:
      gap -
      ctx.s.waitBonus * (a.wavesWaited + b.wavesWaited) +
      (ctx.regions.penalty[cell] as number),
    latency: ctx.regions.classes[cell] as WavePair['latency'],
  };
}
