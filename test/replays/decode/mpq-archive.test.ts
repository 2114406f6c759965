import { describe, expect, it } from 'vitest';

import {
  blockTableKey,
  cryptTable,
  decryptWords,
  hashName,
  hashTableKey,
} from '../../../src/replays/decode/crypt.js';
import { openArchive } from '../../../src/replays/decode/mpq-archive.js';
import { readArchiveFiles, ReplayError } from '../../../src/replays/decode/index.js';
import { readReplay } from './corpus.js';

const khione = 'Khione SEL (Official EU).SC2Replay';
const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    if (err instanceof ReplayError) return err.code;
    throw err;
  }

  return 'ok';
}

describe('the MPQ crypt table and name hash', () => {
  it('builds the published crypt table values', () => {
    expect(cryptTable[0x000]).toBe(0x55c636e2);
    expect(cryptTable[0x001]).toBe(0x02be0170);
    expect(cryptTable[0x002]).toBe(0x584b71d4);
    expect(cryptTable[0x100]).toBe(0x76f8c1b1);
    expect(cryptTable[0x400]).toBe(0x193aa698);
    expect(cryptTable[0x4ff]).toBe(0x7303286c);
  });

  it('hashes names to the published vectors, case-insensitively', () => {
    const vectors: Array<[string, string[]]> = [
      ['replay.details', ['24F5B9EA', 'D383C29C', 'EF402E92', '85FFC47E']],
      ['replay.initData', ['D33FAD15', '5A7E8BDC', 'FF253F5C', 'DD706C91']],
      ['replay.tracker.events', ['5985CB73', 'FE19CB9E', '6240705D', 'A5D48CF6']],
      ['(attributes)', ['4383ADCE', 'D38437CB', '07DFEAEC', '50E314AF']],
    ];
    for (const [name, want] of vectors) {
      expect(
        [0, 1, 2, 3].map((type) => hex(hashName(name, type))),
        name,
      ).toEqual(want);
    }

    expect(hashName('REPLAY.DETAILS', 1)).toBe(hashName('replay.details', 1));
    expect(hashName('(hash table)', 3)).toBe(hashTableKey);
    expect(hashName('(block table)', 3)).toBe(blockTableKey);
  });

  it('decrypts the first hash and block entries of Khione EU', () => {
    const bytes = readReplay(khione);
    const hash = decryptWords(bytes, 31_682, 4, hashTableKey);
    expect([...hash]).toEqual([0xd609c5ae, 0xcaa8d159, 0, 1]);
    const block = decryptWords(bytes, 32_194, 4, blockTableKey);
    expect([...block]).toEqual([1232, 878, 878, 0x81000200]);
  });
});

describe('openArchive', () => {
  it('reads stored, bzip2 and probed files and reports missing ones as null', () => {
    const archive = openArchive(readReplay(khione));
    expect(archive.userData).toHaveLength(113);
    expect(archive.readFile('replay.details')).toHaveLength(878);
    expect(new TextDecoder().decode(archive.readFile('replay.gamemetadata.json')!)).toContain(
      '"GameVersion": "5.0.15.95299"',
    );
    // replay.game.events hashes to bucket 0 but sits three slots later.
    expect(archive.readFile('replay.game.events')).not.toBeNull();
    expect(archive.readFile('no.such.file')).toBeNull();
  });

  it('reads sectored zlib files of a format-1 archive', () => {
    const archive = openArchive(readReplay('1.2.2.17811_4.SC2Replay'));
    expect(archive.readFile('(attributes)')!.length).toBeGreaterThan(0);
    expect(() => archive.readFile('(listfile)')).toThrow(/encrypted/);
  });

  it('rejects a file without the replay magic with not_a_replay', () => {
    expect(codeOf(() => openArchive(new TextEncoder().encode('hello, this is no replay')))).toBe(
      'not_a_replay',
    );
    const bare = readReplay(khione).slice(1024);
    expect(codeOf(() => openArchive(bare))).toBe('not_a_replay');
  });

  it('rejects an archive whose tables lie past the end with truncated', () => {
    const bytes = readReplay(khione);
    expect(codeOf(() => openArchive(bytes.subarray(0, bytes.length - 100)))).toBe('truncated');
  });

  it('rejects an unknown compression mask with unsupported_compression', () => {
    const bytes = readReplay(khione).slice();
    const archive = openArchive(bytes);
    const attributes = archive.readFile('replay.attributes.events')!;
    expect(attributes.length).toBeGreaterThan(0);
    // Find the stored attributes block (its mask byte is 0x10) through the block table.
    const block = decryptWords(bytes, 32_194, 17 * 4, blockTableKey);
    for (let i = 0; i < 17; i++) {
      const offset = block[i * 4]!;
      if (bytes[1024 + offset] === 0x10 && block[i * 4 + 2] === attributes.length) {
        bytes[1024 + offset] = 0x08;
      }
    }

    expect(codeOf(() => openArchive(bytes).readFile('replay.attributes.events'))).toBe(
      'unsupported_compression',
    );
  });
});

describe('readArchiveFiles', () => {
  it('returns the named files that exist, decompressed, and leaves out the others', () => {
    const files = readArchiveFiles(readReplay(khione), [
      'replay.details',
      'replay.initData',
      'replay.nothing',
    ]);
    expect([...files.keys()]).toEqual(['replay.details', 'replay.initData']);
    expect(files.get('replay.initData')!.length).toBeGreaterThan(4000);
  });

  it('gives typed errors for bad input', () => {
    expect(codeOf(() => readArchiveFiles(new Uint8Array(8), ['replay.details']))).toBe(
      'not_a_replay',
    );
    expect(codeOf(() => readArchiveFiles(new Uint8Array(10_000_001), []))).toBe('too_large');
  });
});
