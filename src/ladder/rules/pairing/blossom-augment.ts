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
  const i = childs.indexOf(t);
  let j = i;
  // Around the cycle forward (odd i) or backward: `trick` picks the endpoint's side.
  const step = (i & 1) === 1 ? 1 : -1;
  const trick = (i & 1) === 1 ? 0 : 1;
  if (step === 1) j -= len;

  while (j !== 0) {
    j += step;
    let c = childs[wrap(j, len)] as number;
    const p = (endps[wrap(j - trick, len)] as number) ^ trick;
    if (c >= f.n) augmentBlossom(f, c, f.endpoint(p));
    j += step;
    c = childs[wrap(j, len)] as number;
    if (c >= f.n) augmentBlossom(f, c, f.endpoint(p ^ 1));
    f.mate[f.endpoint(p)] = p ^ 1;
    f.mate[f.endpoint(p ^ 1)] = p;
  }

  // The child holding `v` becomes the first, in place: the slices and spreads this replaced
  // were 0.2 MB of garbage a wave.
  rotateLeft(childs, i);
  rotateLeft(endps, i);
  f.base[b] = f.base[childs[0] as number] as number;
}

/** `i` taken around a cycle of `len` (i may be negative). */
export function wrap(i: number, len: number): number {
  return ((i % len) + len) % len;
}

/** Rotates `xs` left by `by` places in place, by three reversals. */
function rotateLeft(xs: number[], by: number): void {
  reverse(xs, 0, by - 1);
  reverse(xs, by, xs.length - 1);
  reverse(xs, 0, xs.length - 1);
}

function reverse(xs: number[], from: number, to: number): void {
  for (let a = from, b = to; a < b; a += 1, b -= 1) {
    const x = xs[a] as number;
    xs[a] = xs[b] as number;
    xs[b] = x;
  }
}

/**
 * Flips the alternating path from S-vertex `s` up to its tree's root, giving `s` the far
 * endpoint `p` (−1 leaves `s` free).
 */
export function augmentPath(f: BlossomForest, s0: number, p0: number): void {
  let s = s0;
  let p = p0;
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
