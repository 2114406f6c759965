import { ReplayError } from './types.js';

/**
 * Reads the bit-packed encoding of `replay.initData` (REPLAY_FORMAT.md §13): bits come from the
 * least-significant end of each byte, and the first bits read are the most significant.
 */
export class BitReader {
  private pos: number;
  private next = 0;
  private nextBits = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.pos = 0;
  }

  /** Bits not yet read. */
  get remainingBits(): number {
    return (this.bytes.length - this.pos) * 8 + this.nextBits;
  }

  /** An unsigned value of up to 32 bits. */
  bits(count: number): number {
    let result = 0;
    let got = 0;
    while (got < count) {
      if (this.nextBits === 0) {
        if (this.pos >= this.bytes.length) {
          throw new ReplayError('truncated', 'bit-packed data ends early', { offset: this.pos });
        }

        this.next = this.bytes[this.pos++]!;
        this.nextBits = 8;
      }

      const take = Math.min(count - got, this.nextBits);
      result = result * 2 ** take + (this.next & ((1 << take) - 1));
      this.next >>= take;
      this.nextBits -= take;
      got += take;
    }

    return result;
  }

  /** Skips `count` bits of any length without assembling them. */
  skipBits(count: number): void {
    if (count <= this.nextBits) {
      this.next >>= count;
      this.nextBits -= count;
      return;
    }

    const rest = count - this.nextBits;
    const whole = Math.floor(rest / 8);
    if (this.pos + whole + (rest % 8 === 0 ? 0 : 1) > this.bytes.length) {
      throw new ReplayError('truncated', 'bit-packed data ends early', { offset: this.pos });
    }

    this.pos += whole;
    this.nextBits = 0;
    if (rest % 8 !== 0) {
      this.next = this.bytes[this.pos++]! >> (rest % 8);
      this.nextBits = 8 - (rest % 8);
    }
  }

  /** Skips `length` whole bytes after dropping the rest of the current byte. */
  skipAlignedBytes(length: number): void {
    this.alignedBytes(length);
  }

  /** `length` whole bytes after dropping the rest of the current byte (blobs are aligned). */
  alignedBytes(length: number): Uint8Array {
    this.nextBits = 0;
    if (length > this.bytes.length - this.pos) {
      throw new ReplayError('truncated', 'bit-packed data ends inside a blob', {
        offset: this.pos,
      });
    }

    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}
