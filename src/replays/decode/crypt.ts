// The MPQ crypt table, name hash and table decryption, as publicly described for the MPQ
// format (StormLib's documentation and REPLAY_FORMAT.md §5).

/** The 1280-entry crypt table, built once per process at module load. */
export const cryptTable: Uint32Array = buildCryptTable();

function buildCryptTable(): Uint32Array {
  const table = new Uint32Array(0x500);
  let seed = 0x00100001;
  for (let i = 0; i < 256; i++) {
    // Consecutive seeds fill indices i, i + 256, … i + 1024: the inner loop steps by 256.
    for (let j = 0; j < 5; j++) {
      seed = (seed * 125 + 3) % 0x2aaaab;
      const hi = seed & 0xffff;
      seed = (seed * 125 + 3) % 0x2aaaab;
      const lo = seed & 0xffff;
      table[i + 256 * j] = ((hi << 16) | lo) >>> 0;
    }
  }

  return table;
}

/** Hash types of {@link hashName}. */
export const HashType = { index: 0, nameA: 1, nameB: 2, fileKey: 3 } as const;

/** The MPQ name hash of `name` (ASCII upper-cased, `/` read as `\`) for one hash type. */
export function hashName(name: string, type: number): number {
  let s1 = 0x7fed7fed;
  let s2 = 0xeeeeeeee;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i) & 0xff;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c === 0x2f) c = 0x5c;
    s1 = (cryptTable[(type << 8) + c]! ^ ((s1 + s2) >>> 0)) >>> 0;
    s2 = (c + s1 + s2 + ((s2 << 5) >>> 0) + 3) >>> 0;
  }

  return s1;
}

/** Key of the classic hash table: `hashName('(hash table)', 3)`. */
export const hashTableKey = 0xc3af3770;

/** Key of the classic block table: `hashName('(block table)', 3)`. */
export const blockTableKey = 0xec83b3a3;

/**
 * Decrypts `count` little-endian u32 words of `bytes` starting at `offset` with `key`. The cipher
 * is a stream: each word depends on all earlier ones, so tables decrypt from their start.
 */
export function decryptWords(
  bytes: Uint8Array,
  offset: number,
  count: number,
  key: number,
): Uint32Array {
  const out = new Uint32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let k = key >>> 0;
  let s2 = 0xeeeeeeee;
  for (let i = 0; i < count; i++) {
    s2 = (s2 + cryptTable[0x400 + (k & 0xff)]!) >>> 0;
    const plain = (view.getUint32(offset + i * 4, true) ^ ((k + s2) >>> 0)) >>> 0;
    k = ((((~k << 21) >>> 0) + 0x11111111) | (k >>> 11)) >>> 0;
    s2 = (plain + s2 + ((s2 << 5) >>> 0) + 3) >>> 0;
    out[i] = plain;
  }

  return out;
}
