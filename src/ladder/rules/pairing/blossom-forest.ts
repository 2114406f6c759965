import { augmentPath, augmentToFree } from './blossom-augment.js';
import { expandBlossom } from './blossom-expand.js';
import { addBlossom, scanBlossom } from './blossom-shrink.js';
import type { MatchingGraph } from './blossom.js';
import { MinHeap } from './min-heap.js';
import { int32Scratch, int8Scratch, uint8Scratch } from './scratch.js';

// The alternating forest of the weighted blossom algorithm (see blossom.ts): S/T labels,
// blossoms shrunk and expanded, and augmentation through nested blossoms. Vertices are
// 0..n−1, blossoms n..2n−1. An endpoint p names one end of edge p >> 1: even p is its `eu`
// end, odd p its `ev` end; `mate[v]` is the far endpoint of v's matched edge, or −1.

/** Event kinds in a stage's heap, in the low two bits of an entry (see `pushEvent`). */
export const vertexZero = 0;
export const edgeTight = 1;
export const blossomZero = 2;

// The forest's arrays that do not outlive a solve, kept between solves and waves (scratch.ts):
// two solves a wave allocated 600 KB of them at 1,000 queued. `dual` and `blossomParent` are
// handed out with the result, so they are a solve's own.
const adjStartScratch = int32Scratch();
const adjScratch = int32Scratch();
const endsScratch = int32Scratch();
const fillScratch = int32Scratch();
const mateScratch = int32Scratch();
const labelScratch = int8Scratch();
const labelEndScratch = int32Scratch();
const inBlossomScratch = int32Scratch();
const baseScratch = int32Scratch();
const signScratch = int8Scratch();
const allowEdgeScratch = uint8Scratch();
const inForestScratch = int32Scratch();
const stackScratch = int32Scratch();
const marksScratch = int32Scratch();
const eventsHeap = new MinHeap(1024);

/** The forest and duals of one maximum-weight matching run. */
export class BlossomForest {
  readonly n: number;
  /** Far endpoints of each vertex's edges, vertex v at `adj[adjStart[v]..adjStart[v+1])`. */
  readonly adjStart: Int32Array;
  readonly adj: Int32Array;
  /** The vertex at each endpoint: `eu[k]` at 2k, `ev[k]` at 2k + 1. */
  private readonly ends: Int32Array;
  readonly mate: Int32Array;
  readonly label: Int8Array;
  readonly labelEnd: Int32Array;
  /** Some blossom holding each vertex, or the vertex: read through `top`, never directly. */
  readonly inBlossom: Int32Array;
  readonly blossomParent: Int32Array;
  readonly base: Int32Array;
  /**
   * Duals as stored: the current dual of x is `dual[x] + sign[x]·delta` (`current`). A stage
   * moves every S-vertex down and every T-vertex up by the same amount, top-level blossoms
   * the other way, so a dual step moves `delta` alone, and x keeps the sign of its label.
   * Between stages every sign is 0 and `dual` holds the duals themselves.
   */
  readonly dual: Float64Array;
  readonly sign: Int8Array;
  /** How far this stage has moved the duals. */
  delta = 0;
  readonly allowEdge: Uint8Array;
  readonly queue: number[] = [];
  /** Vertices labelled this stage, once each: their duals are settled as it ends. */
  readonly forest: number[] = [];
  /** Blossoms given a sign this stage. */
  readonly signed: number[] = [];
  /**
   * When each tightening can happen, as `delta` values: an S-vertex reaching dual 0, a loose
   * edge from an S-vertex becoming tight, a T-blossom reaching z = 0. An entry may be early
   * (labels changed since): it is checked when it comes out, and pushed again if not due.
   */
  readonly events = eventsHeap;
  private readonly inForest: Int32Array;
  private stage = 0;
  /** A blossom's children around its cycle, from the one holding the base. */
  readonly childs: (number[] | null)[];
  /** Endpoints joining child i to child i + 1 (the last closes the cycle). */
  readonly endps: (number[] | null)[];
  /** Blossom ids not in use. */
  readonly unused: number[] = [];
  private readonly scratch: number[] = [];
  /** The pending blossoms of `leaves`: each vertex and blossom is on it at most once. */
  private readonly stack: Int32Array;
  /** Scratch for the blossoms `scanBlossom` marks on one search, each at most once. */
  readonly marks: Int32Array;

  constructor(readonly g: MatchingGraph) {
    const n = g.n;
    const m = g.eu.length;
    this.n = n;
    this.events.clear();
    this.adjStart = adjStartScratch.take(n + 1).fill(0);
    for (let k = 0; k < m; k += 1) {
      const [a, b] = [(g.eu[k] as number) + 1, (g.ev[k] as number) + 1];
      this.adjStart[a] = (this.adjStart[a] as number) + 1;
      this.adjStart[b] = (this.adjStart[b] as number) + 1;
    }
    for (let v = 0; v < n; v += 1) {
      this.adjStart[v + 1] = (this.adjStart[v + 1] as number) + (this.adjStart[v] as number);
    }
    this.adj = adjScratch.take(2 * m);
    this.ends = endsScratch.take(2 * m);
    for (let k = 0; k < m; k += 1) {
      this.ends[2 * k] = g.eu[k] as number;
      this.ends[2 * k + 1] = g.ev[k] as number;
    }
    const fill = fillScratch.take(n);
    fill.set(this.adjStart.subarray(0, n));
    for (let k = 0; k < m; k += 1) {
      const [a, b] = [g.eu[k] as number, g.ev[k] as number];
      this.adj[fill[a] as number] = 2 * k + 1;
      fill[a] = (fill[a] as number) + 1;
      this.adj[fill[b] as number] = 2 * k;
      fill[b] = (fill[b] as number) + 1;
    }

    this.mate = mateScratch.take(n).fill(-1);
    this.label = labelScratch.take(2 * n).fill(0);
    this.labelEnd = labelEndScratch.take(2 * n).fill(-1);
    this.inBlossom = inBlossomScratch.take(n);
    this.blossomParent = new Int32Array(2 * n).fill(-1);
    this.base = baseScratch.take(2 * n).fill(-1);
    for (let v = 0; v < n; v += 1) {
      this.inBlossom[v] = v;
      this.base[v] = v;
    }
    this.dual = new Float64Array(2 * n);
    this.sign = signScratch.take(2 * n).fill(0);
    this.allowEdge = allowEdgeScratch.take(m).fill(0);
    // Filled by pushes, not `new Array(2n).fill(null)`: the holey array that makes changed
    // its map under the optimized constructor, which was thrown away every tenth solve or so.
    this.childs = [];
    this.endps = [];
    for (let b = 0; b < 2 * n; b += 1) {
      this.childs.push(null);
      this.endps.push(null);
    }
    for (let b = 2 * n - 1; b >= n; b -= 1) this.unused.push(b);
    this.inForest = inForestScratch.take(n).fill(0);
    this.stack = stackScratch.take(2 * n);
    this.marks = marksScratch.take(2 * n);
  }

  /**
   * The top-level blossom holding vertex `v` (v itself when it is in none). `inBlossom[v]` is
   * some blossom holding v, brought up to date here: shrinking a blossom leaves its children's
   * vertices pointing at them, instead of rewriting all of them, which took a fifth of a solve.
   */
  top(v: number): number {
    const { inBlossom, blossomParent } = this;
    let b = inBlossom[v] as number;
    if (blossomParent[b] === -1) return b;
    do b = blossomParent[b] as number;
    while (blossomParent[b] !== -1);
    inBlossom[v] = b;
    return b;
  }

  /** The vertex at endpoint `p`. */
  endpoint(p: number): number {
    return this.ends[p] as number;
  }

  /** The current dual of vertex or blossom `x`. */
  current(x: number): number {
    return (this.dual[x] as number) + (this.sign[x] as number) * this.delta;
  }

  /** Gives `x` the sign of a new label, keeping its current dual. */
  setSign(x: number, sign: number): void {
    this.dual[x] = this.current(x) - sign * this.delta;
    this.sign[x] = sign;
  }

  /** Twice the slack of edge `k` between different top-level blossoms (no z terms). */
  slack(k: number): number {
    const { eu, ev, weight } = this.g;
    return (
      this.current(eu[k] as number) + this.current(ev[k] as number) - 2 * (weight[k] as number)
    );
  }

  /** Queues event `kind` of `id` (a vertex, edge or blossom) at the `delta` value `at`. */
  pushEvent(at: number, id: number, kind: number): void {
    this.events.push(at, id * 4 + kind);
  }

  /** Loads a start: partners by vertex (each pair must be an edge) and vertex duals. */
  load(mates: Int32Array, dual: Float64Array): void {
    this.dual.set(dual.subarray(0, this.n));
    for (let v = 0; v < this.n; v += 1) {
      const u = mates[v] as number;
      if (u < 0) continue;
      // From the end, stopping at the first edge to u: the last one, as a forward scan that
      // kept the last would take if the pair were listed twice, in half the steps.
      const first = this.adjStart[v] as number;
      for (let i = (this.adjStart[v + 1] as number) - 1; i >= first; i -= 1) {
        if (this.endpoint(this.adj[i] as number) === u) {
          this.mate[v] = this.adj[i] as number;
          break;
        }
      }
    }
  }

  /** Each vertex's partner, or −1. */
  vertexMates(): Int32Array {
    const mates = new Int32Array(this.n);
    for (let v = 0; v < this.n; v += 1) {
      const p = this.mate[v] as number;
      mates[v] = p < 0 ? -1 : (this.ends[p] as number);
    }
    return mates;
  }

  resetLabels(): void {
    this.label.fill(0);
    this.allowEdge.fill(0);
    this.queue.length = 0;
    this.forest.length = 0;
    this.signed.length = 0;
    this.events.clear();
    this.delta = 0;
    this.stage += 1;
  }

  /** Settles the duals this stage moved: afterwards `dual` holds them and every sign is 0. */
  settle(): void {
    const { forest, signed } = this;
    for (let i = 0; i < forest.length; i += 1) this.setSign(forest[i] as number, 0);
    for (let i = 0; i < signed.length; i += 1) this.setSign(signed[i] as number, 0);
    this.delta = 0;
  }

  /**
   * Labels S the first free top-level blossom from vertex `from` on whose base has a positive
   * dual, and returns that vertex, or −1 if none is left. A free vertex at dual 0 already
   * meets complementary slackness.
   */
  labelRoot(from: number): number {
    for (let v = from; v < this.n; v += 1) {
      if (this.mate[v] !== -1 || (this.dual[v] as number) <= 0) continue;
      if (this.label[this.top(v)] !== 0) continue;
      this.assignLabel(v, 1, -1);
      return v;
    }
    return -1;
  }

  /** Scans the S-vertices queued; true when it augmented the matching (the stage ends). */
  scanQueue(): boolean {
    const { queue } = this;
    while (queue.length > 0) {
      const v = queue.pop() as number;
      const last = this.adjStart[v + 1] as number;
      for (let i = this.adjStart[v] as number; i < last; i += 1) {
        if (this.scanEdge(v, this.adj[i] as number)) return true;
      }
    }
    return false;
  }

  /**
   * Follows endpoint `p` from S-vertex `v`. A tight edge grows the tree, closes a blossom or
   * augments (true: the stage ends). A loose one toward an unlabelled or S blossom becomes an
   * event at the `delta` where it turns tight; toward a T-blossom its slack stays put.
   */
  scanEdge(v: number, p: number): boolean {
    const { label, allowEdge, dual, sign, delta } = this;
    const k = p >> 1;
    const w = this.ends[p] as number;
    const bw = this.top(w);
    if (this.top(v) === bw) return false;

    if (allowEdge[k] === 0) {
      // `slack(k)`, inlined: this is the innermost step of every stage.
      const slack =
        (dual[v] as number) +
        (sign[v] as number) * delta +
        (dual[w] as number) +
        (sign[w] as number) * delta -
        2 * (this.g.weight[k] as number);
      if (slack > 0) {
        const lw = label[bw] as number;
        // Both ends of an S–S edge move: it closes at half its slack, an integer (blossom.ts).
        if (lw === 0) this.pushEvent(this.delta + slack, k, edgeTight);
        else if (lw === 1) this.pushEvent(this.delta + slack / 2, k, edgeTight);
        return false;
      }
      allowEdge[k] = 1;
    }

    if (label[bw] === 0) {
      // A free blossom outside the tree: the path ends there.
      if (this.mate[this.base[bw] as number] === -1) {
        augmentToFree(this, w, p ^ 1);
        return true;
      }
      this.assignLabel(w, 2, p ^ 1);
    } else if (label[bw] === 1) {
      const b = scanBlossom(this, v, w);
      if (b >= 0) {
        addBlossom(this, b, k);
      } else {
        augmentPath(this, this.g.eu[k] as number, 2 * k + 1);
        augmentPath(this, this.g.ev[k] as number, 2 * k);
        return true;
      }
    } else if (label[w] === 0) {
      // Inside a T-blossom: remember the entry, for when the blossom is expanded.
      label[w] = 2;
      this.labelEnd[w] = p ^ 1;
    }
    return false;
  }

  /**
   * Queues an event for every edge from top-level blossom `c`, just left unlabelled by an
   * expansion, to an S-vertex: those slacks shrink from now on.
   */
  watchUnlabelled(c: number): void {
    const leaves = this.leavesOf(c);
    for (let l = 0; l < leaves.length; l += 1) {
      const x = leaves[l] as number;
      for (let i = this.adjStart[x] as number; i < (this.adjStart[x + 1] as number); i += 1) {
        const p = this.adj[i] as number;
        if (this.label[this.top(this.endpoint(p))] !== 1) continue;
        this.pushEvent(this.delta + this.slack(p >> 1), p >> 1, edgeTight);
      }
    }
  }

  /**
   * S-vertex `v` reached dual 0: swap the even alternating path from its root to it, so the
   * root is matched and `v` is left free at dual 0.
   */
  swapToRoot(v: number): void {
    augmentPath(this, v, -1);
  }

  /** Expands the top-level S-blossoms whose dual fell to 0, once a stage is settled. */
  expandZeroSBlossoms(): void {
    const { signed } = this;
    for (let i = 0; i < signed.length; i += 1) {
      const b = signed[i] as number;
      if (this.blossomParent[b] !== -1 || this.base[b] === -1 || this.label[b] !== 1) continue;
      if (this.dual[b] === 0) expandBlossom(this, b, true);
    }
  }

  /**
   * The vertices of `b`, in an array shared by every call: read it before the next call.
   * Blossoms of hundreds of vertices are listed thousands of times in a solve.
   */
  leavesOf(b: number): number[] {
    this.scratch.length = 0;
    return this.leaves(b, this.scratch);
  }

  /** Former T-vertex `x`, now inside an S-blossom: it moves down from here, and is scanned. */
  turnS(x: number): void {
    this.setSign(x, -1);
    this.pushEvent(this.delta + this.current(x), x, vertexZero);
    this.queue.push(x);
  }

  /** Pushes the vertices of `b` onto `out`. */
  leaves(b: number, out: number[]): number[] {
    // Depth first with an explicit stack, children pushed last first so that they come out
    // in cycle order, as a recursion would list them: a quarter of a solve was spent here.
    const { n, childs, stack } = this;
    let top = 0;
    stack[top++] = b;
    while (top > 0) {
      const x = stack[--top] as number;
      if (x < n) {
        out.push(x);
        continue;
      }
      const children = childs[x] as number[];
      for (let i = children.length - 1; i >= 0; i -= 1) stack[top++] = children[i] as number;
    }
    return out;
  }

  /** Labels `w`'s top-level blossom S (1) or T (2), reached by endpoint `p`. */
  assignLabel(w: number, t: 1 | 2, p: number): void {
    const b = this.top(w);
    this.label[w] = t;
    this.label[b] = t;
    this.labelEnd[w] = p;
    this.labelEnd[b] = p;
    const from = this.queue.length;
    this.leaves(b, this.queue);
    this.markLabelled(b, t, from);
    if (t === 2) {
      // T-vertices are not scanned.
      this.queue.length = from;
      const m = this.mate[this.base[b] as number] as number;
      this.assignLabel(this.endpoint(m), 1, m ^ 1);
    }
  }

  /**
   * Signs top-level blossom `b`, whose vertices are `queue[from..]`, for its new label `t`,
   * and queues the events that label brings: each S-vertex reaching 0, a T-blossom's z too.
   */
  markLabelled(b: number, t: 1 | 2, from: number): void {
    for (let i = from; i < this.queue.length; i += 1) {
      const x = this.queue[i] as number;
      this.setSign(x, t === 1 ? -1 : 1);
      if (t === 1) this.pushEvent(this.delta + this.current(x), x, vertexZero);
      if (this.inForest[x] === this.stage) continue;
      this.inForest[x] = this.stage;
      this.forest.push(x);
    }
    if (b < this.n) return;
    this.setSign(b, t === 1 ? 1 : -1);
    this.signed.push(b);
    if (t === 2) this.pushEvent(this.delta + this.current(b), b, blossomZero);
  }
}
