import { describe, expect, it } from 'vitest';
import { NumberIndex } from '../../src/store/id-index.js';

describe('NumberIndex', () => {
  it('finds ids by number across chunks, gaps and rewrites, and nothing it was not given', () => {
    const index = new NumberIndex();
    const numbers = [1, 2, 4_095, 4_096, 4_097, 70_000, 0, 3];
    for (const n of numbers) index.set(n, `m${n}`);
    index.set(2, 'm2b');

    for (const n of numbers) expect(index.get(n)).toBe(n === 2 ? 'm2b' : `m${n}`);
    for (const n of [5, 4_094, 8_192, 69_999, 70_001, 1e9]) expect(index.get(n)).toBeUndefined();
  });

  it('keeps numbers the chunks cannot hold (negative, fractional, huge) in a map', () => {
    const index = new NumberIndex();
    for (const n of [-1, 1.5, 2 ** 40, Number.MAX_SAFE_INTEGER]) index.set(n, `x${n}`);
    for (const n of [-1, 1.5, 2 ** 40, Number.MAX_SAFE_INTEGER]) expect(index.get(n)).toBe(`x${n}`);
    expect(index.get(1)).toBeUndefined();
    expect(index.get(Number.NaN)).toBeUndefined();
  });
});
