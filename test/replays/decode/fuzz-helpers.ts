import { expect } from 'vitest';

import { ReplayError, type DecodedReplay } from '../../../src/replays/decode/index.js';

export { mutate, seededRandom } from './mutation.js';

const codes = [
  'not_a_replay',
  'truncated',
  'unsupported_compression',
  'missing_file',
  'corrupt',
  'too_large',
];

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
