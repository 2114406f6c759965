import { expect } from 'vitest';

import { ReplayError, type DecodedReplay } from '../../../src/replays/decode/index.js';

const codes = [
  'not_a_replay',
  'truncated',
  'unsupported_compression',
  'missing_file',
  'corrupt',
  'too_large',
];

/** A small seeded PRNG (mulberry32), so every fuzz run sees the same inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `bytes` with 1–8 bytes changed inside `[from, to)`. */
export function mutate(bytes: Uint8Array, random: () => number, from = 0, to = bytes.length) {
  const copy = bytes.slice();
  const changes = 1 + Math.floor(random() * 8);
  for (let i = 0; i < changes; i++) {
    const at = from + Math.floor(random() * Math.max(1, to - from));
    if (at >= copy.length) continue;
    const mode = random();
    // Mix bit flips (near-valid data) with whole random bytes and extreme values.
    if (mode < 0.5) copy[at] = copy[at]! ^ (1 << Math.floor(random() * 8));
    else if (mode < 0.8) copy[at] = Math.floor(random() * 256);
    else copy[at] = random() < 0.5 ? 0xff : 0x00;
  }

  return copy;
}

/** Runs `work`; it must return or throw a typed `ReplayError`, nothing else. */
export function expectTypedOutcome<T>(work: () => T, label: string): T | ReplayError {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof ReplayError)) {
      throw new Error(`${label}: untyped failure ${String(err)}`, { cause: err });
    }

    expect(codes, label).toContain(err.code);
    return err;
  }
}

/** Checks a decode that succeeded has the shape of SCHEMA.md. */
export function expectValidDecode(decoded: DecodedReplay, label: string): void {
  const s = decoded.summary;
  expect(s.sha256, label).toMatch(/^[0-9a-f]{64}$/);
  expect(Number.isInteger(s.build) && Number.isInteger(s.gameLoops), label).toBe(true);
  expect(Number.isFinite(s.durationSeconds), label).toBe(true);
  expect(s.startTime, label).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(typeof s.map, label).toBe('string');
  expect(['Slower', 'Slow', 'Normal', 'Fast', 'Faster'], label).toContain(s.gameSpeed);
  for (const player of s.players) {
    expect(['win', 'loss', 'tie', 'undecided'], label).toContain(player.result);
    expect(typeof player.race, label).toBe('string');
  }

  expect(s.observers === null || Array.isArray(s.observers), label).toBe(true);
  for (const handle of s.cacheHandles) expect(typeof handle, label).toBe('string');
}
