import { augmentPath, augmentToFree } from './blossom-augment.js';
import { expandBlossom } from './blossom-expand.js';
import type { MatchingGraph } from './blossom.js';

// The alternating forest of the weighted blossom algorithm (see blossom.ts): S/T labels,
// blossoms shrunk and expanded, and augmentation through nested blossoms. Vertices are
// 0..n−1, blossoms n..2n−1. An endpoint p names one end of edge p >> 1: even p is its `eu`
// end, odd p its `ev` end; `mate[v]` is the far endpoint of v's matched edge, or −1.

/** The forest and duals of one maximum-weight matching run. */
export class BlossomForest {
  readonly n: number;
  /** Far endpoints of each vertex's edges, vertex v at `adj[adjStart[v]..adjStart[v+1])`. */
  readonly adjStart: Int32Array;
  readonly adj: Int32Array;
  readonly mate: Int32Array;
  readonly label: Int8Array;
  readonly labelEnd: Int32Array;
  readonly inBlossom: Int32Array;
  readonly blossomParent: Int32Array;
  readonly base: Int32Array;
  readonly bestEdge: Int32Array;
  readonly dual: Float64Array;
  readonly allowEdge: Uint8Array;
  readonly queue: number[] = [];
  /** Vertices labelled this stage, once each: only they and their blossoms move duals. */
  readonly forest: number[] = [];
  /** Vertices given a best edge to the forest this stage, once each. */
  readonly reached: number[] = [];
  private readonly inForest: Int32Array;
  private readonly isReached: Int32Array;
  private stage = 0;
  /** A blossom's children around its cycle, from the one holding the base. */
  readonly childs: (number[] | null)[];
  /** Endpoints joining child i to child i + 1 (the last closes the cycle). */
  readonly endps: (number[] | null)[];
  /** For an S-blossom, its least-slack edge to each other S-blossom. */
  readonly bestEdges: (number[] | null)[];
  /** Blossom ids not in use. */
  readonly unused: number[] = [];
  private readonly bestEdgeTo: Int32Array;

  constructor(readonly g: MatchingGraph) {
    const n = g.n;
    const m = g.eu.length;
    this.n = n;
    this.adjStart = new Int32Array(n + 1);
    for (let k = 0; k < m; k += 1) {
      const [a, b] = [(g.eu[k] as number) + 1, (g.ev[k] as number) + 1];
      this.adjStart[a] = (this.adjStart[a] as number) + 1;
      this.adjStart[b] = (this.adjStart[b] as number) + 1;
    }
    for (let v = 0; v < n; v += 1) {
      this.adjStart[v + 1] = (this.adjStart[v + 1] as number) + (this.adjStart[v] as number);
    }
    this.adj = new Int32Array(2 * m);
    const fill = this.adjStart.slice(0, n);
    for (let k = 0; k < m; k += 1) {
      const [a, b] = [g.eu[k] as number, g.ev[k] as number];
      this.adj[fill[a] as number] = 2 * k + 1;
      fill[a] = (fill[a] as number) + 1;
      this.adj[fill[b] as number] = 2 * k;
      fill[b] = (fill[b] as number) + 1;
    }

    this.mate = new Int32Array(n).fill(-1);
    this.label = new Int8Array(2 * n);
    this.labelEnd = new Int32Array(2 * n).fill(-1);
    this.inBlossom = Int32Array.from({ length: n }, (_, v) => v);
    this.blossomParent = new Int32Array(2 * n).fill(-1);
    this.base = new Int32Array(2 * n).fill(-1);
    for (let v = 0; v < n; v += 1) this.base[v] = v;
    this.bestEdge = new Int32Array(2 * n).fill(-1);
    this.dual = new Float64Array(2 * n);
    this.allowEdge = new Uint8Array(m);
    this.childs = new Array<number[] | null>(2 * n).fill(null);
    this.endps = new Array<number[] | null>(2 * n).fill(null);
    this.bestEdges = new Array<number[] | null>(2 * n).fill(null);
    for (let b = 2 * n - 1; b >= n; b -= 1) this.unused.push(b);
    this.bestEdgeTo = new Int32Array(2 * n).fill(-1);
    this.inForest = new Int32Array(n);
    this.isReached = new Int32Array(n);
  }

  /** The vertex at endpoint `p`. */
  endpoint(p: number): number {
    return (p & 1) === 1 ? (this.g.ev[p >> 1] as number) : (this.g.eu[p >> 1] as number);
  }

  /** Twice the slack of edge `k` between different top-level blossoms (no z terms). */
  slack(k: number): number {
    const { eu, ev, weight } = this.g;
    return (
      (this.dual[eu[k] as number] as number) +
      (this.dual[ev[k] as number] as number) -
      2 * (weight[k] as number)
    );
  }

  /** Loads a start: partners by vertex (each pair must be an edge) and vertex duals. */
  load(mates: Int32Array, dual: Float64Array): void {
    this.dual.set(dual.subarray(0, this.n));
    for (let v = 0; v < this.n; v += 1) {
      const u = mates[v] as number;
      if (u < 0) continue;
      for (let i = this.adjStart[v] as number; i < (this.adjStart[v + 1] as number); i += 1) {
        if (this.endpoint(this.adj[i] as number) === u) this.mate[v] = this.adj[i] as number;
      }
    }
  }

  /** Each vertex's partner, or −1. */
  vertexMates(): Int32Array {
    return this.mate.map((p) => (p < 0 ? -1 : this.endpoint(p)));
  }

  resetLabels(): void {
    this.label.fill(0);
    this.bestEdge.fill(-1);
    this.bestEdges.fill(null, this.n);
    this.allowEdge.fill(0);
    this.queue.length = 0;
    this.forest.length = 0;
    this.reached.length = 0;
    this.stage += 1;
  }

  /**
   * Labels S every free top-level blossom whose base has a positive dual; returns whether
   * there was one. A free vertex at dual 0 already meets complementary slackness.
   */
  labelRoots(): boolean {
    let any = false;
    for (let v = 0; v < this.n; v += 1) {
      if (this.mate[v] !== -1 || (this.dual[v] as number) <= 0) continue;
      if (this.label[this.inBlossom[v] as number] !== 0) continue;
      this.assignLabel(v, 1, -1);
      any = true;
    }
    return any;
  }

  /** Scans the S-vertices queued; true when it augmented the matching (the stage ends). */
  scanQueue(): boolean {
    const { queue, inBlossom, label, allowEdge } = this;
    while (queue.length > 0) {
      const v = queue.pop() as number;
      for (let i = this.adjStart[v] as number; i < (this.adjStart[v + 1] as number); i += 1) {
        const p = this.adj[i] as number;
        const k = p >> 1;
        const w = this.endpoint(p);
        const bv = inBlossom[v] as number;
        const bw = inBlossom[w] as number;
        if (bv === bw) continue;

        let kSlack = 0;
        if (allowEdge[k] === 0) {
          kSlack = this.slack(k);
          if (kSlack <= 0) allowEdge[k] = 1;
        }
        if (allowEdge[k] === 1) {
          if (label[bw] === 0) {
            // A free blossom that is no root (its base is at dual 0): the path ends there.
            if (this.mate[this.base[bw] as number] === -1) {
              augmentToFree(this, w, p ^ 1);
              return true;
            }
            this.assignLabel(w, 2, p ^ 1);
          } else if (label[bw] === 1) {
            const b = this.scanBlossom(v, w);
            if (b >= 0) {
              this.addBlossom(b, k);
            } else {
              augmentPath(this, this.g.eu[k] as number, 2 * k + 1);
              augmentPath(this, this.g.ev[k] as number, 2 * k);
              return true;
            }
          } else if (label[w] === 0) {
            label[w] = 2;
            this.labelEnd[w] = p ^ 1;
          }
        } else if (label[bw] === 1) {
          const best = this.bestEdge[bv] as number;
          if (best === -1 || kSlack < this.slack(best)) this.bestEdge[bv] = k;
        } else if (label[w] === 0) {
          const best = this.bestEdge[w] as number;
          if (best === -1 || kSlack < this.slack(best)) this.bestEdge[w] = k;
          if (this.isReached[w] !== this.stage) {
            this.isReached[w] = this.stage;
            this.reached.push(w);
          }
        }
      }
    }
    return false;
  }

  /** Moves every top-level dual by `delta`: S vertices down, T up, blossoms the other way. */
  moveDuals(delta: number): void {
    const { dual, label, inBlossom, n } = this;
    for (const v of this.forest) {
      const l = label[inBlossom[v] as number];
      if (l === 1) dual[v] = (dual[v] as number) - delta;
      else if (l === 2) dual[v] = (dual[v] as number) + delta;
    }

    // Each top-level blossom once: its base is one of its vertices in the forest.
    for (const v of this.forest) {
      const b = inBlossom[v] as number;
      if (b < n || this.base[b] !== v) continue;
      if (label[b] === 1) dual[b] = (dual[b] as number) + delta;
      else if (label[b] === 2) dual[b] = (dual[b] as number) - delta;
    }
  }

  /**
   * S-vertex `v` reached dual 0: swap the even alternating path from its root to it, so the
   * root is matched and `v` is left free at dual 0.
   */
  swapToRoot(v: number): void {
    augmentPath(this, v, -1);
  }

  /** Expands the top-level S-blossoms whose dual fell to 0, as a stage ends. */
  expandZeroSBlossoms(): void {
    for (let b = this.n; b < 2 * this.n; b += 1) {
      if (this.blossomParent[b] !== -1 || this.base[b] === -1 || this.label[b] !== 1) continue;
      if (this.dual[b] === 0) expandBlossom(this, b, true);
    }
  }

  /** Pushes the vertices of `b` onto `out`. */
  leaves(b: number, out: number[]): number[] {
    if (b < this.n) {
      out.push(b);
    } else {
      for (const c of this.childs[b] as number[]) this.leaves(c, out);
    }
    return out;
  }

  /** Labels `w`'s top-level blossom S (1) or T (2), reached by endpoint `p`. */
  assignLabel(w: number, t: 1 | 2, p: number): void {
    const b = this.inBlossom[w] as number;
    this.label[w] = t;
    this.label[b] = t;
    this.labelEnd[w] = p;
    this.labelEnd[b] = p;
    this.bestEdge[w] = -1;
    this.bestEdge[b] = -1;
    const from = this.queue.length;
    this.leaves(b, this.queue);
    for (let i = from; i < this.queue.length; i += 1) {
      const x = this.queue[i] as number;
      if (this.inForest[x] === this.stage) continue;
      this.inForest[x] = this.stage;
      this.forest.push(x);
    }
    if (t === 2) {
      // T-vertices are not scanned.
      this.queue.length = from;
      const m = this.mate[this.base[b] as number] as number;
      this.assignLabel(this.endpoint(m), 1, m ^ 1);
    }
  }

  /** The base of the first blossom both trees share, or −1 if v and w lie in different trees. */
  private scanBlossom(v0: number, w0: number): number {
    const path: number[] = [];
    let [v, w] = [v0, w0];
    let found = -1;
    while (v !== -1 || w !== -1) {
      let b = this.inBlossom[v] as number;
      if (((this.label[b] as number) & 4) !== 0) {
        found = this.base[b] as number;
        break;
      }
      path.push(b);
      this.label[b] = 5;
      if (this.labelEnd[b] === -1) {
        v = -1;
      } else {
        v = this.endpoint(this.labelEnd[b] as number);
        b = this.inBlossom[v] as number;
        v = this.endpoint(this.labelEnd[b] as number);
      }
      if (w !== -1) [v, w] = [w, v];
    }
    for (const b of path) this.label[b] = 1;
    return found;
  }

  /** Shrinks the odd cycle closed by edge `k` through the blossom with base `baseV`. */
  private addBlossom(baseV: number, k: number): void {
    const { inBlossom, labelEnd, blossomParent } = this;
    let v = this.g.eu[k] as number;
    let w = this.g.ev[k] as number;
    const bb = inBlossom[baseV] as number;
    let bv = inBlossom[v] as number;
    let bw = inBlossom[w] as number;
    const b = this.unused.pop() as number;
    this.base[b] = baseV;
    blossomParent[b] = -1;
    blossomParent[bb] = b;

    const path: number[] = [];
    const endps: number[] = [];
    while (bv !== bb) {
      blossomParent[bv] = b;
      path.push(bv);
      endps.push(labelEnd[bv] as number);
      v = this.endpoint(labelEnd[bv] as number);
      bv = inBlossom[v] as number;
    }
    path.push(bb);
    path.reverse();
    endps.reverse();
    endps.push(2 * k);
    while (bw !== bb) {
      blossomParent[bw] = b;
      path.push(bw);
      endps.push((labelEnd[bw] as number) ^ 1);
      w = this.endpoint(labelEnd[bw] as number);
      bw = inBlossom[w] as number;
    }
    this.childs[b] = path;
    this.endps[b] = endps;
    this.label[b] = 1;
    labelEnd[b] = labelEnd[bb] as number;
    this.dual[b] = 0;

    for (const x of this.leaves(b, [])) {
      // Former T-vertices are S now: scan them too.
      if (this.label[inBlossom[x] as number] === 2) this.queue.push(x);
      inBlossom[x] = b;
    }
    this.mergeBestEdges(b, path);
  }

  /** The least-slack edge from the new blossom `b` to each other S-blossom. */
  private mergeBestEdges(b: number, path: number[]): void {
    const { inBlossom, bestEdgeTo } = this;
    const touched: number[] = [];
    const offer = (k: number) => {
      let j = this.g.ev[k] as number;
      if (inBlossom[j] === b) j = this.g.eu[k] as number;
      const bj = inBlossom[j] as number;
      if (bj === b || this.label[bj] !== 1) return;
      const held = bestEdgeTo[bj] as number;
      if (held === -1) touched.push(bj);
      if (held === -1 || this.slack(k) < this.slack(held)) bestEdgeTo[bj] = k;
    };

    for (const bv of path) {
      const list = this.bestEdges[bv] ?? null;
      if (list === null) {
        for (const x of this.leaves(bv, [])) {
          for (let i = this.adjStart[x] as number; i < (this.adjStart[x + 1] as number); i += 1) {
            offer((this.adj[i] as number) >> 1);
          }
        }
      } else {
        for (const k of list) offer(k);
      }
      this.bestEdges[bv] = null;
      this.bestEdge[bv] = -1;
    }

    touched.sort((x, y) => x - y);
    const list = touched.map((bj) => bestEdgeTo[bj] as number);
    for (const bj of touched) bestEdgeTo[bj] = -1;
    this.bestEdges[b] = list;
    let best = -1;
    for (const k of list) if (best === -1 || this.slack(k) < this.slack(best)) best = k;
    this.bestEdge[b] = best;
  }
}
