// Typed arrays kept from one wave to the next. A 1000-player wave allocated 3 MB of array
// buffers, most of them the same few arrays sized by the pool (edge rows, the blossom forest's
// adjacency, pricing's blossom chains); each one reused here is a buffer the next wave need
// not allocate, zero and later collect. Waves run synchronously, so each user owns its slot
// for the length of one call; nothing handed out may outlive the wave (results are copied).

/** Room added when a slot grows, so that a second solve's few more edges fit. */
const headroom = 1.25;

/** One reusable Int32Array; `take` returns a view of `length`, its contents left over. */
export class Int32Scratch {
  private buffer = new Int32Array(0);

  /** A view of `length` elements of unspecified contents. */
  take(length: number): Int32Array {
    if (this.buffer.length < length) this.buffer = new Int32Array(Math.ceil(length * headroom));
    return this.buffer.subarray(0, length);
  }
}

/** One reusable Float64Array; `take` returns a view of `length`, its contents left over. */
export class Float64Scratch {
  private buffer = new Float64Array(0);

  /** A view of `length` elements of unspecified contents. */
  take(length: number): Float64Array {
    if (this.buffer.length < length) this.buffer = new Float64Array(Math.ceil(length * headroom));
    return this.buffer.subarray(0, length);
  }
}

/** One reusable Uint8Array; `take` returns a view of `length`, its contents left over. */
export class Uint8Scratch {
  private buffer = new Uint8Array(0);

  /** A view of `length` elements of unspecified contents. */
  take(length: number): Uint8Array {
    if (this.buffer.length < length) this.buffer = new Uint8Array(Math.ceil(length * headroom));
    return this.buffer.subarray(0, length);
  }
}

/** One reusable Int8Array; `take` returns a view of `length`, its contents left over. */
export class Int8Scratch {
  private buffer = new Int8Array(0);

  /** A view of `length` elements of unspecified contents. */
  take(length: number): Int8Array {
    if (this.buffer.length < length) this.buffer = new Int8Array(Math.ceil(length * headroom));
    return this.buffer.subarray(0, length);
  }
}
