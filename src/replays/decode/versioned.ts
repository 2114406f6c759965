import { ReplayError } from './types.js';

// The self-describing "versioned" encoding of the replay header, details and tracker events
// (REPLAY_FORMAT.md §6): every value starts with a kind marker, structs carry field tags.

/** A choice value: the variant tag and its value. */
export class VChoice {
  constructor(
    readonly tag: number,
    readonly value: VValue,
  ) {}
}

/** A struct value: field values by tag; fields the writer did not emit are absent. */
export type VStruct = { [tag: number]: VValue | undefined };

/** Any decoded value; an absent optional is `null`. */
export type VValue = number | bigint | Uint8Array | VValue[] | VStruct | VChoice | null;

// Real data nests fewer than 8 levels; anything deeper is a crafted file.
const maxDepth = 24;

/** Reads versioned values from `bytes[start, end)`, checking every length against what is left. */
export class VersionedReader {
  pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** One byte. */
  uint8(): number {
    if (this.pos >= this.end) this.fail('truncated', 'data ends inside a value');
    return this.bytes[this.pos++]!;
  }

  /** A sign-and-magnitude varint; a `bigint` only when it does not fit 2⁵³. */
  vlq(): number | bigint {
    let byte = this.uint8();
    const isNegative = (byte & 1) === 1;
    let value = (byte >> 1) & 0x3f;
    let scale = 64;
    let big: bigint | null = null;
    while ((byte & 0x80) !== 0) {
      byte = this.uint8();
      if (scale >= 2 ** 46 && big === null) big = BigInt(value);
      if (big !== null) {
        big += BigInt(byte & 0x7f) * BigInt(scale);
      } else {
        value += (byte & 0x7f) * scale;
      }

      scale *= 128;
      if (scale > 2 ** 70) this.fail('corrupt', 'integer longer than 64 bits');
    }

    if (big !== null) return isNegative ? -big : big;
    return isNegative ? -value : value;
  }

  /** A varint that must be a small non-negative count or tag. */
  count(limit: number): number {
    const value = this.vlq();
    if (typeof value !== 'number' || value < 0 || value > limit) {
      this.fail('corrupt', 'a length or count is out of range');
    }

    return value;
  }

  /** `length` raw bytes, as a view (no copy). */
  blob(length: number): Uint8Array {
    if (length > this.remaining) this.fail('truncated', 'data ends inside a blob');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** One whole value with its marker. */
  value(depth = 0): VValue {
    if (depth > maxDepth) this.fail('corrupt', 'values nest too deeply');
    const marker = this.uint8();
    switch (marker) {
      case 0x00: {
        // Every element takes at least one byte: a count past the remaining bytes is a lie.
        // Grow by push so memory follows the elements actually read, not the claimed count.
        const n = this.count(this.remaining);
        const items: VValue[] = [];
        for (let i = 0; i < n; i++) items.push(this.value(depth + 1));
        return items;
      }

      case 0x01: {
        const bits = this.count(this.remaining * 8);
        return this.blob(Math.ceil(bits / 8));
      }

      case 0x02:
        return this.blob(this.count(this.remaining));
      case 0x03: {
        const tag = this.count(0xffff);
        return new VChoice(tag, this.value(depth + 1));
      }

      case 0x04:
        return this.uint8() === 0 ? null : this.value(depth + 1);
      case 0x05:
        return this.struct(depth);
      case 0x06:
        return this.uint8();
      case 0x07:
        return this.blob(4);
      case 0x08: {
        const raw = this.blob(8);
        return new DataView(raw.buffer, raw.byteOffset, 8).getFloat64(0, true);
      }

      case 0x09:
        return this.vlq();
      default:
        return this.fail('corrupt', `unknown value marker 0x${marker.toString(16)}`);
    }
  }

  /** Walks past one whole value without building it. */
  skip(depth = 0): void {
    if (depth > maxDepth) this.fail('corrupt', 'values nest too deeply');
    const marker = this.uint8();
    switch (marker) {
      case 0x00: {
        const n = this.count(this.remaining);
        for (let i = 0; i < n; i++) this.skip(depth + 1);
        return;
      }

      case 0x01:
        this.blob(Math.ceil(this.count(this.remaining * 8) / 8));
        return;
      case 0x02:
        this.blob(this.count(this.remaining));
        return;
      case 0x03:
        this.count(0xffff);
        this.skip(depth + 1);
        return;
      case 0x04:
        if (this.uint8() !== 0) this.skip(depth + 1);
        return;
      case 0x05: {
        const n = this.count(this.remaining >> 1);
        for (let i = 0; i < n; i++) {
          this.count(0xffff);
          this.skip(depth + 1);
        }

        return;
      }

      case 0x06:
        this.blob(1);
        return;
      case 0x07:
        this.blob(4);
        return;
      case 0x08:
        this.blob(8);
        return;
      case 0x09:
        this.vlq();
        return;
      default:
        this.fail('corrupt', `unknown value marker 0x${marker.toString(16)}`);
    }
  }

  private struct(depth: number): VStruct {
    const n = this.count(this.remaining >> 1);
    const out: VStruct = {};
    for (let i = 0; i < n; i++) {
      const tag = this.count(0xffff);
      out[tag] = this.value(depth + 1);
    }

    return out;
  }

  /** Throws a `ReplayError` that names the offset. */
  fail(code: 'truncated' | 'corrupt', message: string): never {
    throw new ReplayError(code, message, { offset: this.pos });
  }
}

/** Decodes one root value from `bytes`; with `isExact`, trailing bytes are `corrupt`. */
export function decodeVersioned(bytes: Uint8Array, isExact = false): VValue {
  const reader = new VersionedReader(bytes);
  const value = reader.value();
  if (isExact && reader.remaining !== 0) reader.fail('corrupt', 'bytes left after the value');
  return value;
}
