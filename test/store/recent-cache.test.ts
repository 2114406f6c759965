import { describe, expect, it } from 'vitest';
import { RecentCache } from '../../src/store/compact/recent-cache.js';

describe('RecentCache', () => {
  it('keeps at most its size, dropping the values least recently used as a generation', () => {
    const cache = new RecentCache<number>(4);
    for (const n of [1, 2, 3, 4, 5, 6]) cache.set(`k${n}`, n);

    expect(cache.size).toBeLessThanOrEqual(4);
    expect(cache.get('k6')).toBe(6);
    expect(cache.get('k5')).toBe(5);
    expect(cache.get('k1')).toBeUndefined();
  });

  it('keeps a value read again past the next turnover', () => {
    const cache = new RecentCache<string>(4);
    cache.set('hot', 'h');
    cache.set('a', 'a');
    cache.set('b', 'b'); // young {b}, old {hot, a}
    expect(cache.get('hot')).toBe('h'); // back to young {b, hot}
    cache.set('c', 'c'); // young {c}, old {b, hot}
    cache.set('d', 'd'); // young {c, d}
    cache.set('e', 'e'); // young {e}, old {c, d}: b and hot drop... unless read again

    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe('c');
    expect(cache.size).toBeLessThanOrEqual(4);
  });

  it('forgets a deleted value and replaces a value set again', () => {
    const cache = new RecentCache<number>(8);
    cache.set('x', 1);
    cache.set('x', 2);
    expect(cache.get('x')).toBe(2);
    cache.delete('x');
    expect(cache.get('x')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('stays fast when full: a million misses cost no walk over evicted entries', () => {
    const cache = new RecentCache<number>(16_384);
    const started = performance.now();
    for (let i = 0; i < 1_000_000; i += 1) {
      if (cache.get(`k${i}`) === undefined) cache.set(`k${i}`, i);
    }
    // An LRU Map (delete the first key when full) took 28 s for this loop: every eviction walks
    // over the holes its earlier deletions left.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(cache.size).toBeLessThanOrEqual(16_384);
  });
});
