import { describe, expect, it } from 'vitest';

import { decodeReplay, ReplayError } from '../../../src/replays/decode/index.js';
import {
  buildReplay,
  vArray,
  vBlob,
  vInt,
  vSome,
  vStruct,
  type InnerFile,
} from './build-replay.js';

const headerOf = (build: number) =>
  vStruct({
    0: vBlob('StarCraft II replay\x1b11'),
    1: vStruct({ 0: vInt(1), 1: vInt(4), 2: vInt(10), 3: vInt(0), 4: vInt(build), 5: vInt(build) }),
    2: vInt(2),
    3: vInt(50),
  });
const header = headerOf(75689);
const handle = new Uint8Array(40);
handle.set(new TextEncoder().encode('s2ma\0\0EU'));
handle[8] = 0xab;
const player = vStruct({
  0: vBlob('&lt;TL&gt;<sp/>Alice'),
  1: vStruct({
    0: vInt(2),
    1: Uint8Array.from([0x07, 0, 0, 0x53, 0x32]),
    2: vInt(1),
    4: vInt(123),
  }),
  2: vBlob('Zerg'),
  4: vInt(2),
  5: vInt(1),
  8: vInt(1),
});
const details = vStruct({
  0: vSome(vArray([player])),
  1: vBlob('Test Map'),
  5: vInt(134066836247143304n),
  10: vSome(vArray([vBlob(handle)])),
  12: vInt(4),
});

function codeOf(bytes: Uint8Array, options = {}): string {
  try {
    decodeReplay(bytes, options);
    return 'ok';
  } catch (err) {
    if (err instanceof ReplayError) return err.code;
    throw err;
  }
}

const withDetails = (file: InnerFile) => buildReplay(header, { 'replay.details': file });

describe('decodeReplay on replays built from readable parts', () => {
  it('decodes a minimal replay into the summary of SCHEMA.md', () => {
    const { summary, lobby } = decodeReplay(withDetails({ stored: details }), { fileName: 'x' });
    expect(summary).toMatchObject({
      file: 'x',
      build: 75689,
      version: '4.10.0.75689',
      gameLoops: 50,
      durationSeconds: 2.2,
      startTime: '2025-11-03T22:47:02Z',
      map: 'Test Map',
      gameSpeed: 'Faster',
      observers: null,
    });
    expect(summary.players).toEqual([
      {
        name: 'Alice',
        clanTag: 'TL',
        toon: '2-S2-1-123',
        race: 'Zerg',
        result: 'win',
        teamId: 1,
        isComputer: false,
      },
    ]);
    expect(summary.cacheHandles).toEqual([`s2ma:EU:ab${'00'.repeat(31)}`]);
    expect(lobby.gameSpeed).toBeNull();
  });

  it('rejects a replay without replay.details with missing_file', () => {
    expect(codeOf(buildReplay(header, { 'replay.initData': { stored: details } }))).toBe(
      'missing_file',
    );
  });

  it('rejects an unknown compression mask with unsupported_compression', () => {
    const stored = Uint8Array.from([0x08, ...details]);
    expect(codeOf(withDetails({ stored, size: details.length + 50 }))).toBe(
      'unsupported_compression',
    );
  });

  it('rejects an encrypted inner file with unsupported_compression', () => {
    expect(codeOf(withDetails({ stored: details, flags: 0x81010200 }))).toBe(
      'unsupported_compression',
    );
  });

  it('rejects details declaring more than 1 MiB with too_large before decompressing', () => {
    const stored = Uint8Array.from([0x10, ...details]);
    expect(codeOf(withDetails({ stored, size: 2_000_000 }))).toBe('too_large');
  });

  it('rejects a file over the byte limit with too_large before reading it', () => {
    expect(codeOf(withDetails({ stored: details }), { maxBytes: 100 })).toBe('too_large');
  });

  it('rejects details whose title is a number with corrupt', () => {
    const bad = vStruct({ 0: vSome(vArray([player])), 1: vInt(7), 5: vInt(1n), 12: vInt(4) });
    expect(codeOf(withDetails({ stored: bad }))).toBe('corrupt');
  });

  it('rejects a damaged bzip2 stream with corrupt', () => {
    const stored = Uint8Array.from([0x10, 0x42, 0x5a, 0x68, 0x39, 1, 2, 3]);
    expect(codeOf(withDetails({ stored, size: 500 }))).toBe('corrupt');
  });

  it('rejects text and a bare MPQ archive with not_a_replay', () => {
    expect(codeOf(new TextEncoder().encode('not a replay at all'))).toBe('not_a_replay');
    expect(codeOf(withDetails({ stored: details }).slice(1024))).toBe('not_a_replay');
    expect(codeOf(new Uint8Array(0))).toBe('not_a_replay');
  });

  it('rejects an unknown game speed with corrupt', () => {
    const bad = vStruct({ 0: vSome(vArray([player])), 1: vBlob('M'), 5: vInt(1n), 12: vInt(9) });
    expect(codeOf(withDetails({ stored: bad }))).toBe('corrupt');
  });

  it('rejects an initData too short for the known lobby layout with truncated', () => {
    const files = { 'replay.details': { stored: details }, 'replay.initData': { stored: details } };
    expect(codeOf(buildReplay(headerOf(95299), files))).toBe('truncated');
  });

  it('accepts a newer build whose lobby layout differs, with observers unknown', () => {
    const files = { 'replay.details': { stored: details }, 'replay.initData': { stored: details } };
    const { summary } = decodeReplay(buildReplay(headerOf(99999), files));
    expect(summary.observers).toBeNull();
    expect(summary.players[0]!.name).toBe('Alice');
  });

  it('rejects a recorded time before 1970 with corrupt rather than inventing a date', () => {
    const bad = vStruct({ 0: vSome(vArray([player])), 1: vBlob('M'), 5: vInt(5n), 12: vInt(4) });
    expect(codeOf(withDetails({ stored: bad }))).toBe('corrupt');
  });
});
