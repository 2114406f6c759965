import { describe, expect, it } from 'vitest';
import { IdIndex, NumberIndex } from '../../src/store/id-index.js';

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

describe('IdIndex', () => {
  it('agrees with a map of sets through any adds and deletes, one id or many per key', () => {
    const index = new IdIndex();
    const model = new Map<string, Set<string>>();
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };

    for (let step = 0; step < 5_000; step += 1) {
      const key = `k${next(6)}`;
      const id = `i${next(step < 2_500 ? 40 : 3)}`;
      if (next(3) === 0) {
        index.delete(key, id);
        model.get(key)?.delete(id);
      } else {
        index.add(key, id);
        model.set(key, (model.get(key) ?? new Set()).add(id));
      }
      for (const k of ['k0', 'k1', 'k2', 'k3', 'k4', 'k5']) {
        expect(new Set(index.get(k))).toEqual(model.get(k) ?? new Set());
        expect([...index.get(k)].length).toBe(model.get(k)?.size ?? 0);
      }
    }
    index.add(null, 'x');
    index.delete(null, 'x');
  });
});
