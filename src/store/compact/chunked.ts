// Row storage that grows in fixed chunks: growing never copies what is there, so loading a
// million rows never holds an old and a new copy of a column at once.

/** Rows per chunk of a column (a power of two, so a row splits into chunk and slot by bits). */
export const chunkBits = 16;
const chunkRows = 1 << chunkBits;
const slotMask = chunkRows - 1;

type TypedArray = Float64Array | Uint32Array | Uint16Array;

/** One number per row, in chunks of `2^chunkBits` rows. */
export class ChunkedColumn<A extends TypedArray> {
  readonly #chunks: A[] = [];
  readonly #make: (rows: number) => A;

  /** @param make - allocates a zeroed chunk of the given number of rows. */
  constructor(make: (rows: number) => A) {
    this.#make = make;
  }

  /** The value at `row` (a row below the capacity reached by `ensure`). */
  get(row: number): number {
    return this.#chunks[row >>> chunkBits]![row & slotMask]!;
  }

  set(row: number, value: number): void {
    this.#chunks[row >>> chunkBits]![row & slotMask] = value;
  }

  /** Makes room for rows up to and including `row`. */
  ensure(row: number): void {
    while (this.#chunks.length <= row >>> chunkBits) this.#chunks.push(this.#make(chunkRows));
  }

  /** Bytes held by the chunks. */
  get bytes(): number {
    return this.#chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }
}

/** The 16-bit mark of a value kept in the wide map. */
const wideMark = 0xffff;

/**
 * One non-negative integer per row, 2 bytes a row for values below 65,535 (an arena chunk's
 * index, a row's byte length: nearly all of them), the rare larger ones in a map.
 */
export class NarrowColumn {
  readonly #narrow = new ChunkedColumn((rows) => new Uint16Array(rows));
  readonly #wide = new Map<number, number>();

  get(row: number): number {
    const value = this.#narrow.get(row);
    return value === wideMark ? this.#wide.get(row)! : value;
  }

  set(row: number, value: number): void {
    if (value >= wideMark) {
      this.#narrow.set(row, wideMark);
      this.#wide.set(row, value);
      return;
    }
    this.#narrow.set(row, value);
    if (this.#wide.size > 0) this.#wide.delete(row);
  }

  /** Makes room for rows up to and including `row`. */
  ensure(row: number): void {
    this.#narrow.ensure(row);
  }

  /** Bytes held by the chunks (the map's few entries not counted). */
  get bytes(): number {
    return this.#narrow.bytes;
  }
}

/** Where a run of bytes lives in an arena. */
export interface Span {
  chunk: number;
  offset: number;
}

/**
 * Byte runs appended into fixed-size buffers. A run never spans two buffers; one longer than
 * a buffer gets a buffer of its own.
 */
export class ByteArena {
  readonly chunks: Buffer[] = [];
  readonly #chunkBytes: number;
  #used = 0;

  /** @param chunkBytes - size of each buffer. @defaultValue 1 MiB */
  constructor(chunkBytes = 1 << 20) {
    this.#chunkBytes = chunkBytes;
  }

  /** Copies `bytes` in; returns where they went. */
  append(bytes: Buffer): Span {
    let last = this.chunks.length - 1;
    if (last < 0 || this.#used + bytes.length > this.chunks[last]!.length) {
      this.chunks.push(Buffer.alloc(Math.max(this.#chunkBytes, bytes.length)));
      this.#used = 0;
      last += 1;
    }

    const offset = this.#used;
    bytes.copy(this.chunks[last]!, offset);
    this.#used += bytes.length;
    return { chunk: last, offset };
  }

  /** Overwrites a run in place (the caller checked it fits the old run). */
  overwrite(span: Span, bytes: Buffer): void {
    bytes.copy(this.chunks[span.chunk]!, span.offset);
  }

  /** Bytes held by the buffers. */
  get bytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }
}
