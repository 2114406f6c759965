import type { BlossomForest } from './blossom-forest.js';

// Augmentation in the weighted blossom algorithm (see blossom.ts): flipping an alternating
// path through nested blossoms, each rematched around its cycle so that the vertex the path
// enters by becomes its base.

/** Rematches blossom `b` so that its vertex `v` becomes the base. */
export function augmentBlossom(f: BlossomForest, b: number, v: number): void {
  let t = v;
  while (f.blossomParent[t] !== b) t = f.blossomParent[t] as number;
  if (t >= f.n) augmentBlossom(f, t, v);
  const childs = f.childs[b] as number[];
  const endps = f.endps[b] as number[];
  const len = childs.length;
  const at = <T>(xs: T[], i: number): T => xs[((i % len) + len) % len] as T;
  const i = childs.indexOf(t);
  let j = i;
  let step: number;
  let trick: number;
  if ((i & 1) === 1) {
    j -= len;
    [step, trick] = [1, 0];
  } else {
    [step, trick] = [-1, 1];
  }

  while (j !== 0) {
    j += step;
    let c = at(childs, j);
    const p = at(endps, j - trick) ^ trick;
    if (c >= f.n) augmentBlossom(f, c, f.endpoint(p));
    j += step;
    c = at(childs, j);
    if (c >= f.n) augmentBlossom(f, c, f.endpoint(p ^ 1));
    f.mate[f.endpoint(p)] = p ^ 1;
    f.mate[f.endpoint(p ^ 1)] = p;
  }

  f.childs[b] = [...childs.slice(i), ...childs.slice(0, i)];
  f.endps[b] = [...endps.slice(i), ...endps.slice(0, i)];
  f.base[b] = f.base[(f.childs[b] as number[])[0] as number] as number;
}

/**
 * Flips the alternating path from S-vertex `s` up to its tree's root, giving `s` the far
 * endpoint `p` (−1 leaves `s` free).
 */
export function augmentPath(f: BlossomForest, s0: number, p0: number): void {
  let [s, p] = [s0, p0];
  for (;;) {
    const bs = f.top(s);
    if (bs >= f.n) augmentBlossom(f, bs, s);
    f.mate[s] = p;
    if (f.labelEnd[bs] === -1) return;
    const t = f.endpoint(f.labelEnd[bs] as number);
    const bt = f.top(t);
    s = f.endpoint(f.labelEnd[bt] as number);
    const j = f.endpoint((f.labelEnd[bt] as number) ^ 1);
    if (bt >= f.n) augmentBlossom(f, bt, j);
    f.mate[j] = f.labelEnd[bt] as number;
    p = (f.labelEnd[bt] as number) ^ 1;
  }
}

/** A tight edge from an S-vertex reaches `w`, free at dual 0: augment through it. */
export function augmentToFree(f: BlossomForest, w: number, towardS: number): void {
  const bw = f.top(w);
  if (bw >= f.n) augmentBlossom(f, bw, w);
  f.mate[w] = towardS;
  augmentPath(f, f.endpoint(towardS), towardS ^ 1);
}
