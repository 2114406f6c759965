import { describe, expect, it } from 'vitest';
import { RecordCache } from '../../src/store/compact/record-cache.js';

describe('RecordCache', () => {
  it('hands back the record of a row until another row takes its slot', () => {
    const cache = new RecordCache<string>(4);
    cache.set(1, 'one');
    cache.set(2, 'two');
    expect(cache.get(1)).toBe('one');
    expect(cache.get(2)).toBe('two');

    cache.set(5, 'five'); // 5 mod 4 = 1: replaces row 1
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(5)).toBe('five');
    expect(cache.get(2)).toBe('two');
  });

  it('forgets a deleted row but not the row now holding its slot', () => {
    const cache = new RecordCache<string>(3); // rounded up to 4 slots
    cache.set(0, 'zero');
    cache.delete(4); // same slot, other row: nothing happens
    expect(cache.get(0)).toBe('zero');
    cache.delete(0);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.get(4)).toBeUndefined();
  });

  it('never answers for a row it was not given, row 0 and slot -1 fillers included', () => {
    const cache = new RecordCache<number>(8);
    for (let row = 0; row < 64; row += 1) expect(cache.get(row)).toBeUndefined();
    for (let row = 0; row < 64; row += 1) cache.set(row, row * 10);
    for (let row = 0; row < 56; row += 1) expect(cache.get(row)).toBeUndefined();
    for (let row = 56; row < 64; row += 1) expect(cache.get(row)).toBe(row * 10);
  });
});
