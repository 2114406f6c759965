// Seeded input mutation for the fuzz tests and the measurement script (no vitest import).

import { mulberry32 } from '../../../src/ladder/simulate/random.js';

/** A small seeded PRNG, so every fuzz run sees the same inputs. */
export const seededRandom = mulberry32;

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
