import { ReplayError } from './types.js';

/** Reads a bzip2 stream's bits, most significant bit of each byte first. */
export class MsbBitReader {
  private pos: number;
  private buffer = 0;
  private count = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.pos = 0;
  }

  /** `n` bits (at most 24) as an unsigned number. */
  bits(n: number): number {
    while (this.count < n) {
      if (this.pos >= this.bytes.length) {
        throw new ReplayError('corrupt', 'bzip2 stream ends early');
      }

      this.buffer = ((this.buffer << 8) | this.bytes[this.pos++]!) >>> 0;
      this.count += 8;
    }

    this.count -= n;
    const value = (this.buffer >>> this.count) & ((1 << n) - 1);
    // Keep only the unread bits so the buffer never outgrows 32 bits.
    this.buffer &= (1 << this.count) - 1;
    return value;
  }

  /** The next `n` bits (at most 24) without consuming them; -1 when fewer remain. */
  peek(n: number): number {
    while (this.count < n) {
      if (this.pos >= this.bytes.length) return -1;
      this.buffer = ((this.buffer << 8) | this.bytes[this.pos++]!) >>> 0;
      this.count += 8;
    }

    return (this.buffer >>> (this.count - n)) & ((1 << n) - 1);
  }

  /** Consumes `n` bits already seen with {@link peek}. */
  consume(n: number): void {
    this.count -= n;
    this.buffer &= (1 << this.count) - 1;
  }

  /** One bit. */
  bit(): number {
    return this.bits(1);
  }

  /** 32 bits as an unsigned number. */
  uint32(): number {
    return (this.bits(16) * 65536 + this.bits(16)) >>> 0;
  }
}

/** Big-endian CRC-32 (polynomial 0x04C11DB7) as bzip2 uses it. */
export const crcTable: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }

  return table;
})();

/** Canonical Huffman decoding table of one bzip2 coding group. */
export interface HuffmanTable {
  minLength: number;
  maxLength: number;
  /** First code of each length. */
  first: Int32Array;
  /** Number of codes of each length. */
  count: Int32Array;
  /** Index into `symbols` of the first code of each length. */
  offset: Int32Array;
  /** Symbols ordered by code length, then by value. */
  symbols: Uint16Array;
  /** By the next {@link fastBits} bits: `symbol << 5 | length`, or -1 for longer codes. */
  fast: Int32Array;
}

/** Prefix width of the one-step lookup; longer codes take the bit-by-bit path. */
export const fastBits = 10;

// Decoding is synchronous and never re-entrant, so the six groups' lookup tables are reused.
const fastPool = Array.from({ length: 6 }, () => new Int32Array(1 << fastBits));

/** Builds a canonical Huffman table from code lengths (1–20) per symbol, for group `group`. */
export function buildHuffman(
  lengths: Uint8Array,
  symbolCount: number,
  group: number,
): HuffmanTable {
  const count = new Int32Array(22);
  let minLength = 32;
  let maxLength = 0;
  for (let s = 0; s < symbolCount; s++) {
    const length = lengths[s]!;
    count[length]!++;
    if (length < minLength) minLength = length;
    if (length > maxLength) maxLength = length;
  }

  const first = new Int32Array(22);
  const offset = new Int32Array(22);
  let code = 0;
  let index = 0;
  for (let length = 1; length <= 20; length++) {
    first[length] = code;
    offset[length] = index;
    code = (code + count[length]!) * 2;
    index += count[length]!;
  }

  const symbols = new Uint16Array(symbolCount);
  const next = offset.slice();
  for (let s = 0; s < symbolCount; s++) symbols[next[lengths[s]!]!++] = s;

  // Every prefix that starts with a short code maps straight to its symbol.
  const fast = fastPool[group]!.fill(-1);
  for (let length = 1; length <= fastBits; length++) {
    for (let i = 0; i < count[length]!; i++) {
      const code = first[length]! + i;
      if (code >= 1 << length) break;
      // A plain loop: most ranges are a few entries, where a fill() call costs more.
      const from = code << (fastBits - length);
      const to = from + (1 << (fastBits - length));
      const entry = (symbols[offset[length]! + i]! << 5) | length;
      for (let at = from; at < to; at++) fast[at] = entry;
    }
  }

  return { minLength, maxLength, first, count, offset, symbols, fast };
}

/** Decodes one symbol with `table`. */
export function decodeSymbol(reader: MsbBitReader, table: HuffmanTable): number {
  const prefix = reader.peek(fastBits);
  if (prefix >= 0) {
    const entry = table.fast[prefix]!;
    if (entry >= 0) {
      reader.consume(entry & 31);
      return entry >> 5;
    }
  }

  let length = table.minLength;
  let code = reader.bits(length);
  while (length <= table.maxLength) {
    const index = code - table.first[length]!;
    if (index >= 0 && index < table.count[length]!) {
      return table.symbols[table.offset[length]! + index]!;
    }

    code = code * 2 + reader.bit();
    length++;
  }

  throw new ReplayError('corrupt', 'bzip2 data holds an invalid Huffman code');
}
