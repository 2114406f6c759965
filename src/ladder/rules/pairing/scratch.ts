// Typed arrays kept from one wave to the next. A 1000-player wave allocated 3 MB of array
// buffers, most of them the same few arrays sized by the pool (edge rows, the blossom forest's
// adjacency, pricing's blossom chains); each one reused here is a buffer the next wave need
// not allocate, zero and later collect. Waves run synchronously, so each user owns its slot
// for the length of one call; nothing handed out may outlive the wave (results are copied).

/** Room added when a slot grows, so that a second solve's few more edges fit. */
const headroom = 1.25;

type TypedArray = Int32Array | Float64Array | Uint8Array | Int8Array;

/** One reusable typed array; `take` returns a view of `length`, its contents left over. */
export class Scratch<T extends TypedArray> {
  #buffer: T;
  readonly #make: (length: number) => T;

  constructor(make: (length: number) => T) {
    this.#make = make;
    this.#buffer = make(0);
  }

  /** A view of `length` elements of unspecified contents. */
  take(length: number): T {
    if (this.#buffer.length < length) this.#buffer = this.#make(Math.ceil(length * headroom));
    return this.#buffer.subarray(0, length) as T;
  }
}

export const int32Scratch = () => new Scratch((length) => new Int32Array(length));
export const float64Scratch = () => new Scratch((length) => new Float64Array(length));
export const uint8Scratch = () => new Scratch((length) => new Uint8Array(length));
export const int8Scratch = () => new Scratch((length) => new Int8Array(length));
