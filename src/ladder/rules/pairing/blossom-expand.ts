import { wrap } from './blossom-augment.js';
import type { BlossomForest } from './blossom-forest.js';

// Expanding a blossom in the weighted blossom algorithm (see blossom.ts): at the end of a
// stage when its dual is 0, or mid-stage when a T-blossom's dual reaches 0, where its children
// along the even path through it take over its place in the tree.

/** Expands blossom `b`; mid-stage, a T-blossom's children are relabelled along its path. */
export function expandBlossom(f: BlossomForest, b: number, endStage: boolean): void {
  const childs = f.childs[b] as number[];
  const endps = f.endps[b] as number[];
  if (!endStage) {
    // Its vertices stop moving with it; relabelling gives them their new signs.
    const leaves = f.leavesOf(b);
    for (let i = 0; i < leaves.length; i += 1) f.setSign(leaves[i] as number, 0);
    f.setSign(b, 0);
  }
  // Indexed loops here and in the other blossom files: `for…of` left an iterator object per
  // loop in these functions, a tenth of a wave's garbage.
  for (let i = 0; i < childs.length; i += 1) {
    const s = childs[i] as number;
    f.blossomParent[s] = -1;
    if (s < f.n) {
      f.inBlossom[s] = s;
    } else if (endStage && f.dual[s] === 0) {
      expandBlossom(f, s, endStage);
    } else {
      const leaves = f.leavesOf(s);
      for (let l = 0; l < leaves.length; l += 1) f.inBlossom[leaves[l] as number] = s;
    }
  }

  if (!endStage && f.label[b] === 2) {
    relabelExpanded(f, b, childs, endps);
    for (let i = 0; i < childs.length; i += 1) {
      const c = childs[i] as number;
      if (f.label[c] === 0) f.watchUnlabelled(c);
    }
  }
  f.label[b] = 0;
  f.labelEnd[b] = -1;
  f.childs[b] = null;
  f.endps[b] = null;
  f.base[b] = -1;
  f.unused.push(b);
}

/**
 * The children of an expanded T-blossom: those on the even path from the entry child to the
 * base become T and S in turn; the others are free unless an edge already reached them.
 */
function relabelExpanded(f: BlossomForest, b: number, childs: number[], endps: number[]): void {
  const len = childs.length;
  const at = (xs: number[], i: number): number => xs[wrap(i, len)] as number;
  const entry = f.top(f.endpoint((f.labelEnd[b] as number) ^ 1));
  let j = childs.indexOf(entry);
  // Around the cycle forward (odd j) or backward: `trick` picks the endpoint's side.
  const step = (j & 1) === 1 ? 1 : -1;
  const trick = (j & 1) === 1 ? 0 : 1;
  if (step === 1) j -= len;

  let p = f.labelEnd[b] as number;
  while (j !== 0) {
    f.label[f.endpoint(p ^ 1)] = 0;
    f.label[f.endpoint(at(endps, j - trick) ^ trick ^ 1)] = 0;
    f.assignLabel(f.endpoint(p ^ 1), 2, p);
    f.allowEdge[at(endps, j - trick) >> 1] = 1;
    j += step;
    p = at(endps, j - trick) ^ trick;
    f.allowEdge[p >> 1] = 1;
    j += step;
  }

  const bv = at(childs, j);
  const x = f.endpoint(p ^ 1);
  f.label[x] = 2;
  f.label[bv] = 2;
  f.labelEnd[x] = p;
  f.labelEnd[bv] = p;
  // Labelled T without `assignLabel`: its S partner is already in the tree.
  const from = f.queue.length;
  f.leaves(bv, f.queue);
  f.markLabelled(bv, 2, from);
  f.queue.length = from;
  j += step;
  while (at(childs, j) !== entry) {
    const c = at(childs, j);
    j += step;
    if (f.label[c] === 1) continue;
    const reached = f.leavesOf(c).find((y) => f.label[y] !== 0);
    if (reached === undefined) continue;
    f.label[reached] = 0;
    f.label[f.endpoint(f.mate[f.base[c] as number] as number)] = 0;
    f.assignLabel(reached, 2, f.labelEnd[reached] as number);
  }
}
