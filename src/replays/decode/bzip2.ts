import {
  buildHuffman,
  crcTable,
  decodeSymbol,
  MsbBitReader,
  type HuffmanTable,
} from './bzip2-bits.js';
import { ReplayError } from './types.js';

// A bzip2 decoder written from the published description of the format (Burrows–Wheeler
// block sorting, move-to-front, Huffman coding, two run-length stages). It writes into an output
// of the size the MPQ block table declares and reuses one work buffer per thread, so a call on a
// 1 KB file does not pay for a 900 k-entry allocation.

const blockMagicHi = 0x314159;
const blockMagicLo = 0x265359;
const endMagicHi = 0x177245;
const endMagicLo = 0x385090;
// Each run of 50 symbols picks its Huffman table through one selector.
const groupSize = 50;

// The block's symbols, then the inverse-BWT links; grown once to the largest block size seen.
let work = new Uint32Array(0);

function corrupt(message: string): never {
  throw new ReplayError('corrupt', `bzip2: ${message}`);
}

/** Decodes a whole single-stream bzip2 file into exactly `size` bytes. */
export function decodeBzip2(input: Uint8Array, size: number): Uint8Array {
  const reader = new MsbBitReader(input);
  if (reader.bits(8) !== 0x42 || reader.bits(8) !== 0x5a || reader.bits(8) !== 0x68) {
    corrupt('missing stream header');
  }

  const level = reader.bits(8) - 0x30;
  if (level < 1 || level > 9) corrupt('bad block size');
  const out = new Uint8Array(size);
  let written = 0;
  let streamCrc = 0;

  for (;;) {
    const hi = reader.bits(24);
    const lo = reader.bits(24);
    if (hi === endMagicHi && lo === endMagicLo) {
      if (reader.uint32() !== streamCrc) corrupt('stream checksum mismatch');
      break;
    }

    if (hi !== blockMagicHi || lo !== blockMagicLo) corrupt('bad block header');
    const blockCrc = reader.uint32();
    const block = readBlock(reader, level * 100_000);
    const result = writeBlock(block.origin, block.count, out, written);
    if (result.crc !== blockCrc) corrupt('block checksum mismatch');
    written = result.written;
    streamCrc = (((streamCrc << 1) | (streamCrc >>> 31)) ^ blockCrc) >>> 0;
  }

  if (written !== size) corrupt(`decoded ${written} bytes, expected ${size}`);
  return out;
}

/** Reads one block's symbols into `work` (low byte of each entry); returns its length. */
function readBlock(reader: MsbBitReader, capacity: number): { origin: number; count: number } {
  if (reader.bit() !== 0) corrupt('randomized blocks are not supported');
  const origin = reader.bits(24);

  const seqToByte = new Uint8Array(256);
  let used = 0;
  const ranges = reader.bits(16);
  for (let r = 0; r < 16; r++) {
    if ((ranges & (0x8000 >>> r)) === 0) continue;
    const bits = reader.bits(16);
    for (let b = 0; b < 16; b++) if ((bits & (0x8000 >>> b)) !== 0) seqToByte[used++] = r * 16 + b;
  }

  if (used === 0) corrupt('block uses no symbols');
  const alphaSize = used + 2;
  const groups = reader.bits(3);
  const selectorCount = reader.bits(15);
  if (groups < 2 || groups > 6 || selectorCount === 0) corrupt('bad coding groups');

  const selectors = readSelectors(reader, groups, selectorCount);
  const tables: HuffmanTable[] = [];
  const lengths = new Uint8Array(alphaSize);
  for (let g = 0; g < groups; g++) {
    let length = reader.bits(5);
    for (let s = 0; s < alphaSize; s++) {
      while (reader.bit() === 1) length += reader.bit() === 0 ? 1 : -1;
      if (length < 1 || length > 20) corrupt('bad code length');
      lengths[s] = length;
    }

    tables.push(buildHuffman(lengths, alphaSize, g));
  }

  if (work.length < capacity) work = new Uint32Array(capacity);
  const count = readSymbols(reader, tables, selectors, seqToByte, alphaSize, capacity);
  if (origin >= count) corrupt('bad origin pointer');
  return { origin, count };
}

function readSelectors(reader: MsbBitReader, groups: number, count: number): Uint8Array {
  const order = [0, 1, 2, 3, 4, 5];
  const selectors = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    let j = 0;
    while (reader.bit() === 1) if (++j >= groups) corrupt('bad selector');
    const value = order[j]!;
    order.splice(j, 1);
    order.unshift(value);
    selectors[i] = value;
  }

  return selectors;
}

const byteCounts = new Int32Array(256);

/** Huffman → run-length (RUNA/RUNB) → move-to-front, into `work`; returns the symbol count. */
function readSymbols(
  reader: MsbBitReader,
  tables: HuffmanTable[],
  selectors: Uint8Array,
  seqToByte: Uint8Array,
  alphaSize: number,
  capacity: number,
): number {
  const endOfBlock = alphaSize - 1;
  const mtf = new Uint8Array(256);
  for (let i = 0; i < 256; i++) mtf[i] = i;
  byteCounts.fill(0);

  let count = 0;
  let run = 0;
  let runWeight = 1;
  let selector = 0;
  let left = 0;
  let table = tables[0]!;
  for (;;) {
    if (left === 0) {
      if (selector >= selectors.length) corrupt('ran out of selectors');
      table = tables[selectors[selector++]!]!;
      left = groupSize;
    }

    left--;
    const symbol = decodeSymbol(reader, table);
    // RUNA and RUNB write the run length in bijective base 2, least significant digit first.
    if (symbol <= 1) {
      run += (symbol + 1) * runWeight;
      runWeight *= 2;
      if (run > capacity) corrupt('run longer than the block');
      continue;
    }

    if (run > 0) {
      if (count + run > capacity) corrupt('block longer than its size');
      const byte = seqToByte[mtf[0]!]!;
      byteCounts[byte]! += run;
      work.fill(byte, count, count + run);
      count += run;
      run = 0;
      runWeight = 1;
    }

    if (symbol === endOfBlock) return count;
    if (count >= capacity) corrupt('block longer than its size');

    // Move-to-front: the symbol names a position in the recency list.
    const index = symbol - 1;
    const value = mtf[index]!;
    // Short moves are cheaper by hand; long ones (binary data) by one block copy.
    if (index < 16) for (let i = index; i > 0; i--) mtf[i] = mtf[i - 1]!;
    else mtf.copyWithin(1, 0, index);
    mtf[0] = value;
    const byte = seqToByte[value]!;
    byteCounts[byte]!++;
    work[count++] = byte;
  }
}

/** Inverse BWT, then the first run-length stage, into `out`; returns the block CRC. */
function writeBlock(
  origin: number,
  count: number,
  out: Uint8Array,
  start: number,
): { crc: number; written: number } {
  // Each entry keeps its byte in the low 8 bits and the next position above them.
  let sum = 0;
  const starts = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    starts[b] = sum;
    sum += byteCounts[b]!;
  }

  for (let i = 0; i < count; i++) {
    const byte = work[i]! & 0xff;
    work[starts[byte]!++]! |= i << 8;
  }

  let crc = 0xffffffff;
  let written = start;
  let position = work[origin]! >>> 8;
  let last = -1;
  let repeat = 0;
  for (let k = 0; k < count; k++) {
    const entry = work[position]!;
    const byte = entry & 0xff;
    position = entry >>> 8;

    // After four equal bytes, the next byte counts further copies of that byte.
    let copies = 1;
    let value = byte;
    if (repeat === 4) {
      copies = byte;
      value = last;
      repeat = 0;
    } else if (byte === last) {
      repeat++;
    } else {
      last = byte;
      repeat = 1;
    }

    if (written + copies > out.length) corrupt('output longer than declared');
    for (let c = 0; c < copies; c++) {
      out[written++] = value;
      crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ value) & 0xff]!) >>> 0;
    }
  }

  return { crc: ~crc >>> 0, written };
}
