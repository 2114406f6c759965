import type { BlossomForest } from './blossom-forest.js';

// Shrinking an odd cycle into a blossom in the weighted blossom algorithm (see blossom.ts):
// finding the base the two tree paths share, and making the new S-blossom, whose former
// T-vertices turn S and are scanned in their turn.

/** The base of the first blossom both trees share, or −1 if v and w lie in different trees. */
export function scanBlossom(f: BlossomForest, v0: number, w0: number): number {
  // The blossoms marked on the way, in the forest's scratch: no array per call.
  const path = f.marks;
  let marked = 0;
  let v = v0;
  let w = w0;
  let found = -1;
  while (v !== -1 || w !== -1) {
    let b = f.top(v);
    if (((f.label[b] as number) & 4) !== 0) {
      found = f.base[b] as number;
      break;
    }
    path[marked++] = b;
    f.label[b] = 5;
    if (f.labelEnd[b] === -1) {
      v = -1;
    } else {
      v = f.endpoint(f.labelEnd[b] as number);
      b = f.top(v);
      v = f.endpoint(f.labelEnd[b] as number);
    }
    if (w !== -1) {
      const swap = v;
      v = w;
      w = swap;
    }
  }
  for (let i = 0; i < marked; i += 1) f.label[path[i] as number] = 1;
  return found;
}

/** Shrinks the odd cycle closed by edge `k` through the blossom with base `baseV`. */
export function addBlossom(f: BlossomForest, baseV: number, k: number): void {
  const { labelEnd, blossomParent } = f;
  let v = f.g.eu[k] as number;
  let w = f.g.ev[k] as number;
  const bb = f.top(baseV);
  let bv = f.top(v);
  let bw = f.top(w);
  const b = f.unused.pop() as number;
  f.base[b] = baseV;
  blossomParent[b] = -1;

  // The children get their parent only after both walks: until then `top` must still find them.
  const path: number[] = [];
  const endps: number[] = [];
  while (bv !== bb) {
    path.push(bv);
    endps.push(labelEnd[bv] as number);
    v = f.endpoint(labelEnd[bv] as number);
    bv = f.top(v);
  }
  path.push(bb);
  path.reverse();
  endps.reverse();
  endps.push(2 * k);
  while (bw !== bb) {
    path.push(bw);
    endps.push((labelEnd[bw] as number) ^ 1);
    w = f.endpoint(labelEnd[bw] as number);
    bw = f.top(w);
  }
  for (let i = 0; i < path.length; i += 1) blossomParent[path[i] as number] = b;
  f.childs[b] = path;
  f.endps[b] = endps;
  f.label[b] = 1;
  labelEnd[b] = labelEnd[bb] as number;

  // The new S-blossom starts at z = 0; the z of its children stop moving.
  for (let i = 0; i < path.length; i += 1) {
    if ((path[i] as number) >= f.n) f.setSign(path[i] as number, 0);
  }
  f.dual[b] = -f.delta;
  f.sign[b] = 1;
  f.signed.push(b);

  // Former T-children turn S. Every vertex's `top` now leads to b through its child.
  for (let i = 0; i < path.length; i += 1) {
    const c = path[i] as number;
    if (f.label[c] !== 2) continue;
    const leaves = f.leavesOf(c);
    for (let l = 0; l < leaves.length; l += 1) f.turnS(leaves[l] as number);
  }
}
