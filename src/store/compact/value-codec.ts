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
//
// Strings the model already holds (player ids, stages, maps) and short words (event names,
// actor kinds) are pooled; long or digit-led strings (Discord snowflakes, free text) stay
// inline so unique values never grow the pool. Lone surrogates cannot occur (the validator
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

/** Strings up to this length are pooled on first sight (unless they start with a digit). */
const maxPooledLength = 16;
/** Distinct key lists kept; objects past it spell their keys out. */
const maxShapes = 65_536;

/** Encodes JSON values into a reusable buffer and decodes them back. Not re-entrant. */
export class ValueCodec {
  readonly #pool: StringPool;
  readonly #shapeOf = new Map<string, number>();
  readonly #shapes: string[][] = [];

  #out = Buffer.allocUnsafe(4_096);
  #length = 0;
  #in: Buffer = this.#out;
  #at = 0;
  #base = 0;

  constructor(pool: StringPool) {
    this.#pool = pool;
  }

  /** Starts a new encoding; integers near `base` are written relative to it. */
  begin(base: number): void {
    this.#length = 0;
    this.#base = Number.isSafeInteger(base) ? base : 0;
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
    this.#in = source;
    this.#at = offset;
    this.#base = Number.isSafeInteger(base) ? base : 0;
  }

  /** Decodes the next value. */
  readonly read = (): Json => {
    const tag = this.#in[this.#at++];
    switch (tag) {
      case tagNull:
        return null;
      case tagFalse:
        return false;
      case tagTrue:
        return true;
      case tagInt:
        return this.#readVarint();
      case tagNegInt:
        return -this.#readVarint();
      case tagAboveBase:
        return this.#base + this.#readVarint();
      case tagBelowBase:
        return this.#base - this.#readVarint();
      case tagFloat: {
        const value = this.#in.readDoubleLE(this.#at);
        this.#at += 8;
        return value;
      }
      case tagPooled:
        return this.#pool.at(this.#readVarint());
      case tagInline: {
        const length = this.#readVarint();
        const start = this.#at;
        this.#at += length;
        return this.#in.toString('utf8', start, start + length);
      }
      case tagArray: {
        const count = this.#readVarint();
        const items: Json[] = new Array<Json>(count);
        for (let i = 0; i < count; i += 1) items[i] = this.read();
        return items;
      }
      case tagShaped:
        return this.#readObject(this.#shapes[this.#readVarint()]!);
      case tagKeyed: {
        const count = this.#readVarint();
        const keys: string[] = [];
        const values: Json[] = [];
        for (let i = 0; i < count; i += 1) {
          keys.push(this.read() as string);
          values.push(this.read());
        }
        return assign(keys, values);
      }
      default:
        throw new Error(`corrupt compact value: tag ${String(tag)} at ${this.#at - 1}`);
    }
  };

  #readObject(keys: readonly string[]): Json {
    const values: Json[] = new Array<Json>(keys.length);
    for (let i = 0; i < keys.length; i += 1) values[i] = this.read();
    return assign(keys, values);
  }

  #readVarint(): number {
    const source = this.#in;
    let byte = source[this.#at++]!;
    if (byte < 0x80) return byte;

    // Past 31 bits shifts overflow; multiply instead (values go up to 2^53).
    let value = byte & 0x7f;
    let scale = 0x80;
    do {
      byte = source[this.#at++]!;
      value += (byte & 0x7f) * scale;
      scale *= 0x80;
    } while (byte >= 0x80);
    return value;
  }

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

    const length = Buffer.byteLength(value, 'utf8');
    this.#byte(tagInline);
    this.#varint(length);
    this.#reserve(length);
    this.#length += this.#out.write(value, this.#length, 'utf8');
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
