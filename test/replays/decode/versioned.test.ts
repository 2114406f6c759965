import { describe, expect, it } from 'vitest';

import { BitReader } from '../../../src/replays/decode/bit-reader.js';
import { ReplayError } from '../../../src/replays/decode/index.js';
import { splitClanTag } from '../../../src/replays/decode/names.js';
import { VChoice, decodeVersioned } from '../../../src/replays/decode/versioned.js';

const bytes = (...parts: Array<number | string>) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === 'number' ? [part] : [...Buffer.from(part, 'latin1')])),
  );

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    if (err instanceof ReplayError) return err.code;
    throw err;
  }

  return 'ok';
}

describe('the versioned encoding', () => {
  it('reads sign-and-magnitude varints, including 64-bit FILETIMEs as bigint', () => {
    expect(decodeVersioned(bytes(0x09, 0x02))).toBe(1);
    expect(decodeVersioned(bytes(0x09, 0x03))).toBe(-1);
    expect(decodeVersioned(bytes(0x09, 0x86, 0xd1, 0x0b))).toBe(95299);
    expect(decodeVersioned(bytes(0x09, 0x81, 0xe0, 0xf6, 0xc5, 0xd5, 0x0e))).toBe(-252000000000);
    const time = bytes(0x09, 0x90, 0x8e, 0xdf, 0xea, 0xf8, 0xc4, 0xa6, 0xdc, 0x03);
    expect(decodeVersioned(time)).toBe(134066836247143304n);
  });

  it('reads structs, blobs, optionals, arrays and choices built from readable parts', () => {
    const value = decodeVersioned(
      bytes(0x05, 0x06, 0x00, 0x02, 0x08, 'Zerg', 0x02, 0x04, 0x00, 0x04, 0x00, 0x00),
      true,
    );
    expect(value).toEqual({ 0: bytes('Zerg'), 1: null, 2: [] });
    expect(Object.keys(value as object)).toHaveLength(3);
    const choice = decodeVersioned(bytes(0x03, 0x02, 0x09, 0x08));
    expect(choice).toEqual(new VChoice(1, 4));
  });

  it('rejects a blob longer than the data with corrupt and a cut varint with truncated', () => {
    expect(codeOf(() => decodeVersioned(bytes(0x02, 0x20, 0x41)))).toBe('corrupt');
    expect(codeOf(() => decodeVersioned(bytes(0x09, 0x80)))).toBe('truncated');
  });

  it('rejects unknown markers, trailing bytes and deep nesting with corrupt', () => {
    expect(codeOf(() => decodeVersioned(bytes(0x0a)))).toBe('corrupt');
    expect(codeOf(() => decodeVersioned(bytes(0x09, 0x02, 0x00), true))).toBe('corrupt');
    const deep = new Uint8Array(200).fill(0x04);
    for (let i = 1; i < deep.length; i += 2) deep[i] = 1;
    expect(codeOf(() => decodeVersioned(deep))).toBe('corrupt');
  });
});

describe('the bit-packed reader', () => {
  it('reads the first user name of Khione EU initData: 16 users, 11-byte name', () => {
    const reader = new BitReader(bytes(0x10, 0x0b, 'Huntedswarm', 0));
    expect(reader.bits(5)).toBe(16);
    const length = reader.bits(8);
    expect(length).toBe(11);
    expect(Buffer.from(reader.alignedBytes(length)).toString()).toBe('Huntedswarm');
  });

  it('rejects reading past the end with truncated', () => {
    const reader = new BitReader(bytes(0xff));
    expect(codeOf(() => reader.bits(9))).toBe('truncated');
  });
});

describe('clan tags', () => {
  it('splits the four stored forms and unescapes HTML', () => {
    expect(splitClanTag('&lt;BornG&gt;<sp/>Huntedswarm')).toEqual({
      name: 'Huntedswarm',
      clanTag: 'BornG',
    });
    expect(splitClanTag('<TL><sp/>Name')).toEqual({ name: 'Name', clanTag: 'TL' });
    expect(splitClanTag('[iTDSi]<sp/>Element')).toEqual({ name: 'Element', clanTag: 'iTDSi' });
    expect(splitClanTag('[orae]SaintEaon')).toEqual({ name: 'SaintEaon', clanTag: 'orae' });
    expect(splitClanTag('A.I. 1 (Very Easy)')).toEqual({
      name: 'A.I. 1 (Very Easy)',
      clanTag: null,
    });
  });
});
