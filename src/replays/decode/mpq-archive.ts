import { blockTableKey, decryptWords, hashName, HashType, hashTableKey } from './crypt.js';
import { decompressUnit } from './decompress.js';
import { ReplayError } from './types.js';

// MPQ block flags (REPLAY_FORMAT.md §5.5).
const flagExists = 0x80000000;
const flagSingleUnit = 0x01000000;
const flagSectorCrc = 0x04000000;
const flagEncrypted = 0x00010000;
const flagCompressed = 0x00000200;
const flagImplode = 0x00000100;

const hashEmpty = 0xffffffff;
const hashDeleted = 0xfffffffe;

/** Largest inner file we agree to decompress; real ladder files are under 1 MiB. */
export const maxInnerFileBytes = 16 * 1024 * 1024;

/** The replay header bytes and the MPQ archive found in a `.SC2Replay` file. */
export interface MpqArchive {
  /** The user-data content: the encoded replay header. */
  userData: Uint8Array;
  /** Reads one inner file by name; `null` when absent, `too_large` past `maxBytes`. */
  readFile(name: string, maxBytes?: number): Uint8Array | null;
}

/** Opens the user-data block and the MPQ archive of a replay, without reading any inner file. */
export function openArchive(bytes: Uint8Array): MpqArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16 || view.getUint32(0, true) !== 0x1b51504d) {
    throw new ReplayError('not_a_replay', 'the file does not start with a replay header');
  }

  const headerOffset = view.getUint32(8, true);
  const userDataLength = view.getUint32(12, true);
  if (16 + userDataLength > bytes.length || headerOffset + 32 > bytes.length) {
    throw new ReplayError('truncated', 'the file ends inside its headers', { offset: 0 });
  }

  if (view.getUint32(headerOffset, true) !== 0x1a51504d) {
    throw new ReplayError('not_a_replay', 'no MPQ archive where the replay header points', {
      offset: headerOffset,
    });
  }

  const userData = bytes.subarray(16, 16 + userDataLength);
  const tables = readTables(bytes, view, headerOffset);
  return {
    userData,
    readFile: (name, maxBytes = maxInnerFileBytes) => readFile(bytes, tables, name, maxBytes),
  };
}

interface Tables {
  base: number;
  sectorSize: number;
  hash: Uint32Array;
  block: Uint32Array;
}

function readTables(bytes: Uint8Array, view: DataView, base: number): Tables {
  const formatVersion = view.getUint16(base + 0x0c, true);
  const sectorShift = view.getUint16(base + 0x0e, true);
  let hashOffset = view.getUint32(base + 0x10, true);
  let blockOffset = view.getUint32(base + 0x14, true);
  const hashCount = view.getUint32(base + 0x18, true);
  const blockCount = view.getUint32(base + 0x1c, true);

  // The high 16 offset bits exist from format v2 on; they are zero in every real replay.
  if (formatVersion >= 1 && base + 0x2c <= bytes.length) {
    hashOffset += view.getUint16(base + 0x28, true) * 2 ** 32;
    blockOffset += view.getUint16(base + 0x2a, true) * 2 ** 32;
  }

  if (hashCount === 0 || (hashCount & (hashCount - 1)) !== 0 || sectorShift > 20) {
    throw new ReplayError('corrupt', 'the MPQ header is damaged', { offset: base });
  }

  const hashStart = base + hashOffset;
  const blockStart = base + blockOffset;
  if (hashStart + hashCount * 16 > bytes.length || blockStart + blockCount * 16 > bytes.length) {
    throw new ReplayError('truncated', 'the MPQ tables lie past the end of the file', {
      offset: Math.min(hashStart, blockStart),
    });
  }

  return {
    base,
    sectorSize: 512 * 2 ** sectorShift,
    hash: decryptWords(bytes, hashStart, hashCount * 4, hashTableKey),
    block: decryptWords(bytes, blockStart, blockCount * 4, blockTableKey),
  };
}

function findBlock(tables: Tables, name: string): number {
  const entries = tables.hash.length / 4;
  const nameA = hashName(name, HashType.nameA);
  const nameB = hashName(name, HashType.nameB);
  let slot = hashName(name, HashType.index) & (entries - 1);

  // Linear probing: a name sits after the buckets taken before it; an empty slot ends the chain.
  for (let probes = 0; probes < entries; probes++) {
    const blockIndex = tables.hash[slot * 4 + 3]!;
    if (blockIndex === hashEmpty) return -1;
    if (
      blockIndex !== hashDeleted &&
      tables.hash[slot * 4] === nameA &&
      tables.hash[slot * 4 + 1] === nameB
    ) {
      return blockIndex;
    }

    slot = (slot + 1) & (entries - 1);
  }

  return -1;
}

function readFile(
  bytes: Uint8Array,
  tables: Tables,
  name: string,
  maxBytes: number,
): Uint8Array | null {
  const index = findBlock(tables, name);
  if (index < 0 || index * 4 >= tables.block.length) return null;

  const offset = tables.block[index * 4]!;
  const archived = tables.block[index * 4 + 1]!;
  const size = tables.block[index * 4 + 2]!;
  const flags = tables.block[index * 4 + 3]!;
  if ((flags & flagExists) === 0) return null;
  if (size === 0) return new Uint8Array(0);

  if (size > maxBytes) {
    throw new ReplayError('too_large', `${name} declares ${size} bytes, over the limit`);
  }

  if ((flags & (flagEncrypted | flagImplode)) !== 0) {
    throw new ReplayError('unsupported_compression', `${name} is encrypted or imploded`);
  }

  const start = tables.base + offset;
  if (start + archived > bytes.length) {
    throw new ReplayError('truncated', `${name} lies past the end of the file`, { offset: start });
  }

  const stored = bytes.subarray(start, start + archived);
  if ((flags & flagSingleUnit) !== 0) {
    // Equal sizes mean the bytes are the file itself, with no mask byte (even if flagged).
    if ((flags & flagCompressed) !== 0 && archived < size) {
      return decompressUnit(stored, size, name);
    }

    if (archived !== size) {
      throw new ReplayError('corrupt', `${name}: stored size does not match its size`);
    }

    return stored;
  }

  return readSectors(stored, size, flags, tables.sectorSize, name);
}

function readSectors(
  stored: Uint8Array,
  size: number,
  flags: number,
  sectorSize: number,
  name: string,
): Uint8Array {
  const count = Math.ceil(size / sectorSize);
  const tableWords = count + 1 + ((flags & flagSectorCrc) !== 0 ? 1 : 0);
  if (tableWords * 4 > stored.length) {
    throw new ReplayError('truncated', `${name}: the sector table is cut short`);
  }

  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  const out = new Uint8Array(size);
  for (let i = 0; i < count; i++) {
    const from = view.getUint32(i * 4, true);
    const to = view.getUint32(i * 4 + 4, true);
    const expected = Math.min(sectorSize, size - i * sectorSize);
    if (from > to || to > stored.length) {
      throw new ReplayError('corrupt', `${name}: sector ${i} lies outside its block`);
    }

    // A sector carries a mask byte only when it is stored smaller than it unpacks.
    const sector = stored.subarray(from, to);
    const isCompressed = (flags & flagCompressed) !== 0 && sector.length < expected;
    const plain = isCompressed ? decompressUnit(sector, expected, name) : sector;
    if (plain.length !== expected) {
      throw new ReplayError('corrupt', `${name}: sector ${i} has the wrong size`);
    }

    out.set(plain, i * sectorSize);
  }

  return out;
}
