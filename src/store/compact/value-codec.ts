import type { Json } from '../entities.js';
import type { StringPool } from './string-pool.js';

// A compact binary form of JSON values, for records kept in memory by the million. Each value
// is a tag byte, then its payload:
//
//   null, false, true          the tag alone
//   integer                    LEB128 varint of |v| (tag says the sign), or of |v - base| when
//                              that is shorter: times inside a match sit near its creation time
//   other number               float64, little-endian
//   pooled string              varint index into the shared StringPool
//   inline string              varint byte length, then UTF-8
//   array                      varint count, then the items
//   object                     varint index of its key list (its shape), then the values
//   object, unshared keys      varint count, then (key as a string value, value) pairs
//   hex id                     varint index of its prefix (`m_`), varint byte count, then the
//                              bytes of its lowercase hex digits (an id of `newId`'s form)
//
// Strings the table names as pooled (player ids, stages, maps), strings already pooled and
// short words (event names, actor kinds) are pooled; other long or digit-led strings (Discord
// snowflakes, free text, match ids) stay inline so unique values never grow the pool. Lone surrogates cannot occur (the validator
// refuses them), so UTF-8 round-trips every string exactly.

const tagNull = 0;
const tagFalse = 1;
const tagTrue = 2;
const tagInt = 3;
const tagNegInt = 4;
const tagAboveBase = 5;
const tagBelowBase = 6;
const tagFloat = 7;
const tagPooled = 8;
const tagInline = 9;
const tagArray = 10;
const tagShaped = 11;
const tagKeyed = 12;
const tagHexId = 13;

/** Strings up to this length are pooled on first sight (unless they start with a digit). */
const maxPooledLength = 16;
/**
 * An id as `newId` makes them (`m_19a1f3c2b4e000000042`): a short prefix ending in `_`, then
 * an even number of lowercase hex digits, 8 to 64 of them. Kept as bytes, the 20 digits
 * take 10 bytes where inline UTF-8 takes 20 (a match id in every match and ledger row).
 */
const hexId = /^([a-z]{1,8}_)((?:[0-9a-f]{2}){4,32})$/;
const maxHexIdLength = 9 + 64;

/** Distinct key lists kept; objects past it spell their keys out. */
const maxShapes = 65_536;

/** Encodes JSON values into a reusable buffer and decodes them back. Not re-entrant. */
export class ValueCodec {
  readonly #pool: StringPool;
  readonly #shapeOf = new Map<string, number>();
  readonly #shapes: string[][] = [];
  /** A builder per shape, compiled on first decode. */
  readonly #builders: ((read: () => Json) => Json)[] = [];

  #out = Buffer.allocUnsafe(4_096);
  #length = 0;
  #base = 0;

  constructor(pool: StringPool) {
    this.#pool = pool;
  }

  /** Starts a new encoding; integers near `base` are written relative to it. */
  begin(base: number): void {
    this.#length = 0;
    this.#base = Number.isSafeInteger(base) ? base : 0;
  }

  /** Appends a string, pooled whatever its length (an id or word the model holds many of). */
  writePooled(value: string): void {
    const index = this.#pool.intern(value);
    if (index < 0) return this.#string(value);
    this.#byte(tagPooled);
    this.#varint(index);
  }

  /** Appends a string inline, never pooled (an id: unique, so pooling would only grow the pool). */
  writeInline(value: string): void {
    const parts = value.length > maxHexIdLength ? null : hexId.exec(value);
    const prefix = parts === null ? -1 : this.#pool.intern(parts[1]!);
    if (prefix >= 0) {
      const digits = parts![2]!;
      this.#byte(tagHexId);
      this.#varint(prefix);
      this.#varint(digits.length / 2);
      this.#reserve(digits.length / 2);
      this.#length += this.#out.write(digits, this.#length, 'hex');
      return;
    }

    const length = Buffer.byteLength(value, 'utf8');
    this.#byte(tagInline);
    this.#varint(length);
    this.#reserve(length);
    this.#length += this.#out.write(value, this.#length, 'utf8');
  }

  /** Appends one value to the current encoding. */
  write(value: unknown): void {
    if (value === null || value === undefined) return this.#byte(tagNull);
    switch (typeof value) {
      case 'boolean':
        return this.#byte(value ? tagTrue : tagFalse);
      case 'number':
        return this.#number(value);
      case 'string':
        return this.#string(value);
      default:
        if (Array.isArray(value)) return this.#array(value as unknown[]);
        return this.#object(value as Record<string, unknown>);
    }
  }

  /** The bytes of the current encoding (valid until the next `begin`). */
  bytes(): Buffer {
    return this.#out.subarray(0, this.#length);
  }

  /** Starts decoding `source` at `offset`, with the base the values were encoded against. */
  open(source: Buffer, offset: number, base: number): void {
    input = source;
    at = offset;
    inputBase = Number.isSafeInteger(base) ? base : 0;
    strings = this.#pool;
    shapes = this.#shapes;
    builders = this.#builders;
  }

  /** Decodes the next value of the encoding last opened (by any codec). */
  readonly read: () => Json = readValue;

  #number(value: number): void {
    // -0 is not an integer here: JSON and Object.is tell it apart from 0.
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
      this.#reserve(9);
      this.#out[this.#length++] = tagFloat;
      this.#out.writeDoubleLE(value, this.#length);
      this.#length += 8;
      return;
    }

    const fromBase = value - this.#base;
    if (Math.abs(fromBase) < Math.abs(value) && Number.isSafeInteger(fromBase)) {
      this.#byte(fromBase >= 0 ? tagAboveBase : tagBelowBase);
      return this.#varint(Math.abs(fromBase));
    }
    this.#byte(value >= 0 ? tagInt : tagNegInt);
    this.#varint(Math.abs(value));
  }

  #string(value: string): void {
    let index = this.#pool.find(value);
    if (index < 0 && value.length <= maxPooledLength && !startsWithDigit(value)) {
      index = this.#pool.intern(value);
    }
    if (index >= 0) {
      this.#byte(tagPooled);
      return this.#varint(index);
    }

    this.writeInline(value);
  }

  #array(items: readonly unknown[]): void {
    this.#byte(tagArray);
    this.#varint(items.length);
    for (const item of items) this.write(item);
  }

  #object(object: Record<string, unknown>): void {
    const keys = Object.keys(object);
    const shape = this.#shape(keys);
    if (shape < 0) {
      this.#byte(tagKeyed);
      this.#varint(keys.length);
      for (const key of keys) {
        this.#string(key);
        this.write(object[key]);
      }
      return;
    }

    this.#byte(tagShaped);
    this.#varint(shape);
    for (const key of keys) this.write(object[key]);
  }

  #shape(keys: string[]): number {
    // NUL never occurs in a key (the validator refuses it), so it can join them; the count
    // tells `{}` from `{"": ...}`.
    const name = `${keys.length}\u0000${keys.join('\u0000')}`;
    const known = this.#shapeOf.get(name);
    if (known !== undefined) return known;
    if (this.#shapes.length >= maxShapes) return -1;

    this.#shapes.push(keys);
    this.#shapeOf.set(name, this.#shapes.length - 1);
    return this.#shapes.length - 1;
  }

  #varint(value: number): void {
    this.#reserve(8);
    let rest = value;
    while (rest >= 0x80) {
      this.#out[this.#length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.#out[this.#length++] = rest;
  }

  #byte(value: number): void {
    this.#reserve(1);
    this.#out[this.#length++] = value;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#out.length * 2, this.#length + bytes));
    this.#out.copy(grown, 0, 0, this.#length);
    this.#out = grown;
  }
}

// Decoding state, module-wide: plain variables and functions are what V8 optimizes best, and
// a decode is synchronous, so one cursor serves every codec (`open` points it at one).
let input: Buffer = Buffer.alloc(0);
let at = 0;
let inputBase = 0;
let strings: StringPool | undefined;
let shapes: string[][] = [];
let builders: ((read: () => Json) => Json)[] = [];

/** Buffer's own UTF-8 decoder without `toString`'s argument checks (half the cost). */
const utf8Slice = (
  Buffer.prototype as unknown as { utf8Slice: (this: Buffer, start: number, end: number) => string }
).utf8Slice;

const hexSlice = (
  Buffer.prototype as unknown as { hexSlice: (this: Buffer, start: number, end: number) => string }
).hexSlice;

function readValue(): Json {
  const tag = input[at++];
  switch (tag) {
    case tagNull:
      return null;
    case tagFalse:
      return false;
    case tagTrue:
      return true;
    case tagInt:
      return readVarint();
    case tagNegInt:
      return -readVarint();
    case tagAboveBase:
      return inputBase + readVarint();
    case tagBelowBase:
      return inputBase - readVarint();
    case tagFloat: {
      const value = input.readDoubleLE(at);
      at += 8;
      return value;
    }
    case tagPooled:
      return strings!.at(readVarint());
    case tagInline: {
      const length = readVarint();
      at += length;
      return utf8Slice.call(input, at - length, at);
    }
    case tagArray: {
      const count = readVarint();
      const items: Json[] = new Array<Json>(count);
      for (let i = 0; i < count; i += 1) items[i] = readValue();
      return items;
    }
    case tagShaped: {
      const shape = readVarint();
      return (builders[shape] ?? compileShape(shape))(readValue);
    }
    case tagKeyed:
      return readKeyed();
    case tagHexId: {
      const prefix = strings!.at(readVarint());
      const length = readVarint();
      at += length;
      return prefix + hexSlice.call(input, at - length, at);
    }
    default:
      throw new Error(`corrupt compact value: tag ${String(tag)} at ${at - 1}`);
  }
}

function readVarint(): number {
  let byte = input[at++]!;
  if (byte < 0x80) return byte;

  // Past 31 bits shifts overflow; multiply instead (values go up to 2^53).
  let value = byte & 0x7f;
  let scale = 0x80;
  do {
    byte = input[at++]!;
    value += (byte & 0x7f) * scale;
    scale *= 0x80;
  } while (byte >= 0x80);
  return value;
}

function readKeyed(): Json {
  const count = readVarint();
  const keys: string[] = [];
  const values: Json[] = [];
  for (let i = 0; i < count; i += 1) {
    keys.push(readValue() as string);
    values.push(readValue());
  }
  return assign(keys, values);
}

/**
 * One object literal per shape: objects of a shape share a hidden class and are built in a
 * single allocation (keyed stores one by one cost several times more). `__proto__` is written
 * as a computed key, which defines an own property as JSON.parse does.
 */
function compileShape(shape: number): (read: () => Json) => Json {
  const fields = shapes[shape]!.map((key) => {
    const name = JSON.stringify(key);
    return `${key === '__proto__' ? `[${name}]` : name}: read()`;
  });
  // Keys are quoted by JSON.stringify, so no key can break out of its string literal.
  const build = new Function('read', `return { ${fields.join(', ')} };`) as (
    read: () => Json,
  ) => Json;
  builders[shape] = build;
  return build;
}

function startsWithDigit(value: string): boolean {
  const code = value.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** An object from keys and values, as JSON.parse would build it (`__proto__` stays a key). */
function assign(keys: readonly string[], values: readonly Json[]): Json {
  const object: Record<string, Json> = {};
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (key === '__proto__') {
      Object.defineProperty(object, key, {
        value: values[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      object[key] = values[i]!;
    }
  }
  return object;
}
