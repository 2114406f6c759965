// Builds small `.SC2Replay` files from readable parts, for tests of the error paths.
import { cryptTable, hashName } from '../../../src/replays/decode/crypt.js';

/** A versioned-encoding value to write: numbers are ints, strings are UTF-8 blobs. */
export type Enc = Uint8Array;

function varint(value: number): number[] {
  let magnitude = Math.abs(value);
  const out = [((magnitude % 64) << 1) | (value < 0 ? 1 : 0)];
  magnitude = Math.floor(magnitude / 64);
  while (magnitude > 0) {
    out[out.length - 1]! |= 0x80;
    out.push(magnitude % 128);
    magnitude = Math.floor(magnitude / 128);
  }

  return out;
}

/** An int (`09` + varint); bigints for FILETIMEs. */
export const vInt = (value: number | bigint): Enc => {
  if (typeof value === 'number') return Uint8Array.from([0x09, ...varint(value)]);
  const out = [0x09, Number(value % 64n) << 1];
  let rest = value / 64n;
  while (rest > 0n) {
    out[out.length - 1]! |= 0x80;
    out.push(Number(rest % 128n));
    rest /= 128n;
  }

  return Uint8Array.from(out);
};

/** A blob (`02` + length + bytes) from text or bytes. */
export const vBlob = (value: string | Uint8Array): Enc => {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return Uint8Array.from([0x02, ...varint(bytes.length), ...bytes]);
};

/** A struct (`05` + count + tag/value pairs). */
export const vStruct = (fields: Record<number, Enc>): Enc => {
  const entries = Object.entries(fields);
  const body = entries.flatMap(([tag, value]) => [...varint(Number(tag)), ...value]);
  return Uint8Array.from([0x05, ...varint(entries.length), ...body]);
};

/** An array (`00` + count + values). */
export const vArray = (items: Enc[]): Enc =>
  Uint8Array.from([0x00, ...varint(items.length), ...items.flatMap((item) => [...item])]);

/** A present optional (`04 01` + value). */
export const vSome = (value: Enc): Enc => Uint8Array.from([0x04, 0x01, ...value]);

function encryptWords(words: number[], key: number): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  let k = key >>> 0;
  let s2 = 0xeeeeeeee;
  words.forEach((plain, i) => {
    s2 = (s2 + cryptTable[0x400 + (k & 0xff)]!) >>> 0;
    view.setUint32(i * 4, (plain ^ ((k + s2) >>> 0)) >>> 0, true);
    k = ((((~k << 21) >>> 0) + 0x11111111) | (k >>> 11)) >>> 0;
    s2 = (plain + s2 + ((s2 << 5) >>> 0) + 3) >>> 0;
  });
  return out;
}

/** One inner file: stored bytes plus, to fake other storage, its flags and declared size. */
export interface InnerFile {
  stored: Uint8Array;
  size?: number;
  flags?: number;
}

/** A replay: the encoded header in the user-data block and a format-1 MPQ archive. */
export function buildReplay(header: Enc, files: Record<string, InnerFile>): Uint8Array {
  const names = Object.keys(files);
  const hashCount = 16;
  const hashWords = new Array<number>(hashCount * 4).fill(0xffffffff);
  const blockWords: number[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 32;
  names.forEach((name, index) => {
    const file = files[name]!;
    let slot = hashName(name, 0) & (hashCount - 1);
    while (hashWords[slot * 4 + 3] !== 0xffffffff) slot = (slot + 1) & (hashCount - 1);
    hashWords.splice(slot * 4, 4, hashName(name, 1), hashName(name, 2), 0, index);
    const flags = file.flags ?? 0x81000200;
    blockWords.push(offset, file.stored.length, file.size ?? file.stored.length, flags);
    chunks.push(file.stored);
    offset += file.stored.length;
  });

  const hashTable = encryptWords(hashWords, hashName('(hash table)', 3));
  const blockTable = encryptWords(blockWords, hashName('(block table)', 3));
  const archiveSize = offset + hashTable.length + blockTable.length;
  const out = new Uint8Array(1024 + archiveSize);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x1b51504d, true);
  view.setUint32(4, 512, true);
  view.setUint32(8, 1024, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);

  view.setUint32(1024, 0x1a51504d, true);
  view.setUint32(1028, 32, true);
  view.setUint32(1032, archiveSize, true);
  view.setUint16(1038, 5, true);
  view.setUint32(1040, offset, true);
  view.setUint32(1044, offset + hashTable.length, true);
  view.setUint32(1048, hashCount, true);
  view.setUint32(1052, names.length, true);
  let at = 1024 + 32;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }

  out.set(hashTable, at);
  out.set(blockTable, at + hashTable.length);
  return out;
}
