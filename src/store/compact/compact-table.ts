import type { Column } from '../tables.js';
import { ByteArena, ChunkedColumn, NarrowColumn } from './chunked.js';
import { RecordCache } from './record-cache.js';
import { RowIndex } from './row-index.js';
import type { StringPool } from './string-pool.js';
import { ValueCodec } from './value-codec.js';

/** The part of a Map the read model uses: records by id. A plain Map is one. */
export interface RecordTable<T> {
  readonly size: number;
  get(id: string): T | undefined;
  has(id: string): boolean;
  set(id: string, record: T): unknown;
  delete(id: string): boolean;
  keys(): Iterable<string>;
  values(): Iterable<T>;
  entries(): Iterable<[string, T]>;
}

/** How a compact table is laid out. */
export interface CompactTableOptions<T> {
  /** The table's columns from the catalogue, in record order; `id` is the key. */
  columns: readonly Column[];
  /** Shared with the model's other compact tables, so each player id is kept once. */
  pool: StringPool;
  /** Records to keep compact; the others stay objects (a live match changes every minute). */
  isCompact: (record: T) => boolean;
  /**
   * Number fields also kept in their own column, readable without decoding the row (the
   * order of per-player lists). The first is the base of relative integers in the row.
   */
  keyFields: readonly string[];
  /**
   * Text fields whose values are many and unique (a match id in each ledger line): kept
   * inline in the row. Every other text field is pooled, whatever its length.
   */
  inlineFields?: readonly string[];
  /**
   * Records built recently, kept to hand out again: the same few players' matches are read
   * over and over (queue guards, waves, profiles) while most rows are never read.
   * @defaultValue 0
   */
  cacheSize?: number;
  /** Ids kept as a number where they follow a pattern; others are kept whole. */
  shortIds?: ShortIds<T>;
}

/**
 * Ids rebuilt from a record's own fields, so a row keeps a small number in place of its id (a
 * ledger line's id is its match, player and race, then a version).
 */
export interface ShortIds<T> {
  /** The part of the id the record's fields do not give; null for an id of another form. */
  suffixOf(record: T): number | null;
  /** The id of `record` from its fields and the suffix. */
  idOf(record: T, suffix: number): string;
}

type Build<T> = (id: string, keys: Float64Array) => T;

/**
 * Records by id, most of them as compact rows: each row is its id and fields encoded by
 * `ValueCodec` into a shared byte arena, plus its key fields in number columns, found by the
 * hash of its id (no id is kept as a string). `get` builds a fresh object from the row on every
 * call (so callers must not keep one expecting later changes, as with any record read). Rows
 * rewritten longer move to the end of the arena; the arena is repacked once its stale bytes
 * pass a quarter of the current ones (and 4 MiB).
 */
export class CompactTable<T extends { id: string }> implements RecordTable<T> {
  readonly #live = new Map<string, T>();
  readonly #index = new RowIndex();
  /** Rows made so far, in use or free; a free row has length 0 (a row is never empty). */
  #rowCount = 0;
  #usedRows = 0;
  readonly #freeRows: number[] = [];
  /** Recently built records, handed out again; none when the cache size is 0. */
  readonly #recent: RecordCache<T> | undefined;

  readonly #keyColumns: ChunkedColumn<Float64Array>[];
  readonly #chunkOf = new NarrowColumn();
  readonly #offsetOf = new ChunkedColumn((rows) => new Uint32Array(rows));
  readonly #lengthOf = new NarrowColumn();
  #arena = new ByteArena();
  #storedBytes = 0;
  #staleBytes = 0;
  #repacks = 0;

  readonly #codec: ValueCodec;
  readonly #keyFields: readonly string[];
  readonly #rowFields: readonly string[];
  /** For each row field, whether its text is always pooled. */
  readonly #isPooled: readonly boolean[];
  readonly #keys: Float64Array;
  readonly #build: Build<T>;
  readonly #isCompact: (record: T) => boolean;
  readonly #shortIds: ShortIds<T> | undefined;
  /** The id `#isWanted` compares rows with (a field, so a lookup allocates no closure). */
  #wanted = '';
  readonly #isWanted = (row: number) => this.idAt(row) === this.#wanted;

  constructor(options: CompactTableOptions<T>) {
    this.#codec = new ValueCodec(options.pool);
    this.#isCompact = options.isCompact;
    this.#shortIds = options.shortIds;
    const cacheSize = options.cacheSize ?? 0;
    this.#recent = cacheSize > 0 ? new RecordCache(cacheSize) : undefined;
    this.#keyFields = options.keyFields;
    this.#keys = new Float64Array(options.keyFields.length);
    this.#keyColumns = options.keyFields.map(() => new ChunkedColumn((n) => new Float64Array(n)));

    const fields = options.columns.map((column) => column.field).filter((f) => f !== 'id');
    this.#rowFields = fields.filter((field) => !options.keyFields.includes(field));
    const textFields = new Set(
      options.columns.filter((column) => column.type === 'text').map((column) => column.field),
    );
    this.#isPooled = this.#rowFields.map(
      (field) => textFields.has(field) && !(options.inlineFields ?? []).includes(field),
    );
    this.#build = compileBuild<T>(options.columns, options.keyFields, this.#codec.read);
  }

  get size(): number {
    return this.#live.size + this.#usedRows;
  }

  get(id: string): T | undefined {
    const live = this.#live.get(id);
    if (live !== undefined) return live;
    const row = this.rowOf(id);
    return row < 0 ? undefined : this.recordAt(row);
  }

  has(id: string): boolean {
    return this.#live.has(id) || this.rowOf(id) >= 0;
  }

  /** A key field of a record without building it; null when absent or null. */
  numberOf(id: string, field: string): number | null {
    const live = this.#live.get(id);
    if (live !== undefined) return (live as Record<string, unknown>)[field] as number | null;

    const row = this.rowOf(id);
    const column = this.#keyColumns[this.#keyFields.indexOf(field)];
    if (row < 0 || column === undefined) return null;
    const value = column.get(row);
    return Number.isNaN(value) ? null : value;
  }

  /** Reads a key field by row (NaN for null), without building the record. */
  keyColumn(field: string): (row: number) => number {
    const column = this.#keyColumns[this.#keyFields.indexOf(field)];
    if (column === undefined) throw new Error(`${field} is not a key field`);
    return (row) => column.get(row);
  }

  set(id: string, record: T): this {
    const row = this.rowOf(id);
    if (row >= 0) this.#recent?.delete(row);
    if (this.#isCompact(record)) {
      this.#live.delete(id);
      this.#store(id, record, row);
    } else {
      if (row >= 0) this.#free(row);
      this.#live.set(id, record);
    }
    return this;
  }

  delete(id: string): boolean {
    if (this.#live.delete(id)) return true;
    const row = this.rowOf(id);
    if (row < 0) return false;
    this.#recent?.delete(row);
    this.#free(row);
    return true;
  }

  *keys(): Generator<string> {
    yield* this.#live.keys();
    for (let row = 0; row < this.#rowCount; row += 1) {
      if (this.#lengthOf.get(row) > 0) yield this.idAt(row);
    }
  }

  *values(): Generator<T> {
    yield* this.#live.values();
    for (let row = 0; row < this.#rowCount; row += 1) {
      if (this.#lengthOf.get(row) > 0) yield this.#recent?.get(row) ?? this.#decode(row);
    }
  }

  *entries(): Generator<[string, T]> {
    for (const record of this.values()) yield [record.id, record];
  }

  /** Rows, live objects and bytes held, for measurements. */
  stats(): {
    rows: number;
    live: number;
    arenaBytes: number;
    staleBytes: number;
    repacks: number;
  } {
    return {
      rows: this.#usedRows,
      live: this.#live.size,
      arenaBytes: this.#arena.bytes,
      staleBytes: this.#staleBytes,
      repacks: this.#repacks,
    };
  }

  /** The row that holds `id`, or -1 (a record kept as an object has none). */
  rowOf(id: string): number {
    this.#wanted = id;
    return this.#index.find(id, this.#isWanted);
  }

  /** The record in a row in use (`rowOf`), built once while it stays in the cache. */
  recordAt(row: number): T {
    const recent = this.#recent?.get(row);
    if (recent !== undefined) return recent;
    const record = this.#decode(row);
    this.#recent?.set(row, record);
    return record;
  }

  /** The id in a row in use: read from the row's head, or rebuilt from its record. */
  idAt(row: number): string {
    const recent = this.#recent?.get(row);
    if (recent !== undefined) return recent.id;
    this.#open(row);
    const head = this.#codec.read();
    return typeof head === 'string' ? head : this.#decode(row).id;
  }

  /** Points the codec at a row's bytes, its key fields read into `#keys`. */
  #open(row: number): void {
    for (let i = 0; i < this.#keyColumns.length; i += 1) {
      this.#keys[i] = this.#keyColumns[i]!.get(row);
    }
    const chunk = this.#arena.chunks[this.#chunkOf.get(row)]!;
    this.#codec.open(chunk, this.#offsetOf.get(row), this.#keys[0] ?? 0);
  }

  #decode(row: number): T {
    this.#open(row);
    const head = this.#codec.read();
    if (typeof head === 'string') return this.#build(head, this.#keys);
    const record = this.#build('', this.#keys);
    record.id = this.#shortIds!.idOf(record, head as number);
    return record;
  }

  /** The suffix that stands for `id` in its row, if the id is short (rebuilt exactly). */
  #suffixOf(id: string, record: T): number | null {
    const suffix = this.#shortIds?.suffixOf(record) ?? null;
    if (suffix === null || this.#shortIds!.idOf(record, suffix) !== id) return null;
    return suffix;
  }

  #store(id: string, record: T, found: number): void {
    const fields = record as unknown as Record<string, unknown>;
    const base = this.#keyFields.length > 0 ? fields[this.#keyFields[0]!] : 0;
    const codec = this.#codec;
    codec.begin(typeof base === 'number' ? base : 0);
    const suffix = this.#suffixOf(id, record);
    if (suffix === null) codec.writeInline(id);
    else codec.write(suffix);
    for (let i = 0; i < this.#rowFields.length; i += 1) {
      const value = fields[this.#rowFields[i]!];
      if (this.#isPooled[i] && typeof value === 'string') codec.writePooled(value);
      else codec.write(value);
    }
    const bytes = codec.bytes();

    let row = found;
    if (row >= 0 && bytes.length <= this.#lengthOf.get(row)) {
      // Fits where it was: rewrite in place, the tail of the old run goes stale.
      const span = { chunk: this.#chunkOf.get(row), offset: this.#offsetOf.get(row) };
      this.#arena.overwrite(span, bytes);
      this.#staleBytes += this.#lengthOf.get(row) - bytes.length;
      this.#storedBytes -= this.#lengthOf.get(row) - bytes.length;
    } else {
      if (row < 0) row = this.#newRow(id);
      else this.#forget(row);
      this.#place(row, bytes);
    }
    this.#lengthOf.set(row, bytes.length);

    for (let i = 0; i < this.#keyFields.length; i += 1) {
      const value = fields[this.#keyFields[i]!];
      this.#keyColumns[i]!.set(row, typeof value === 'number' ? value : Number.NaN);
    }
    if (this.#staleBytes > 4 * 2 ** 20 && this.#staleBytes > this.#storedBytes / 4) this.#repack();
  }

  #newRow(id: string): number {
    const row = this.#freeRows.pop() ?? this.#rowCount++;
    for (const column of [this.#chunkOf, this.#offsetOf, this.#lengthOf, ...this.#keyColumns]) {
      column.ensure(row);
    }
    this.#index.add(id, row);
    this.#usedRows += 1;
    return row;
  }

  #place(row: number, bytes: Buffer): void {
    const span = this.#arena.append(bytes);
    this.#chunkOf.set(row, span.chunk);
    this.#offsetOf.set(row, span.offset);
    this.#storedBytes += bytes.length;
  }

  #free(row: number): void {
    this.#index.remove(row);
    this.#forget(row);
    this.#lengthOf.set(row, 0);
    this.#freeRows.push(row);
    this.#usedRows -= 1;
  }

  /** Counts a row's current bytes as stale. */
  #forget(row: number): void {
    this.#staleBytes += this.#lengthOf.get(row);
    this.#storedBytes -= this.#lengthOf.get(row);
  }

  /** Copies every current row into a fresh arena, dropping stale bytes. */
  #repack(): void {
    const old = this.#arena;
    this.#arena = new ByteArena();
    for (let row = 0; row < this.#rowCount; row += 1) {
      if (this.#lengthOf.get(row) === 0) continue;
      const start = this.#offsetOf.get(row);
      const bytes = old.chunks[this.#chunkOf.get(row)]!.subarray(
        start,
        start + this.#lengthOf.get(row),
      );
      const span = this.#arena.append(bytes);
      this.#chunkOf.set(row, span.chunk);
      this.#offsetOf.set(row, span.offset);
    }
    this.#staleBytes = 0;
    this.#repacks += 1;
  }
}

/**
 * The function that builds a record from a row: one object literal with every field in the
 * catalogue's order, so all records of a kind share one hidden class (fields added one by one
 * would make each a slow dictionary). Row values are read left to right, as the literal
 * evaluates them.
 */
function compileBuild<T>(
  columns: readonly Column[],
  keyFields: readonly string[],
  read: () => unknown,
): Build<T> {
  const fields = columns.map(({ field }) => {
    const name = JSON.stringify(field);
    if (field === 'id') return `${name}: id`;
    const key = keyFields.indexOf(field);
    if (key < 0) return `${name}: read()`;
    return `${name}: keys[${key}] === keys[${key}] ? keys[${key}] : null`;
  });
  // The catalogue is our own constant, never input: compiling it is safe.
  const make = new Function('read', `return (id, keys) => ({ ${fields.join(', ')} });`) as (
    readFn: () => unknown,
  ) => Build<T>;
  return make(read);
}
