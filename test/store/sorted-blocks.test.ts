import { describe, expect, it } from 'vitest';
import { SortedBlocks } from '../../src/store/sorted-blocks.js';
import { seededRandom } from './bulk-data.js';

interface Key {
  value: number;
  tag: number;
}

const byValue = (a: Key, b: Key) => a.value - b.value;

describe('SortedBlocks', () => {
  it('keeps the order of a plain sorted array through random inserts and removals', () => {
    const random = seededRandom(3);
    // Tiny blocks, so splits and emptied blocks happen often; few values, so ties are common.
    const list = new SortedBlocks(byValue, 4);
    const reference: Key[] = [];

    for (let step = 0; step < 5_000; step += 1) {
      if (reference.length > 0 && random() < 0.4) {
        const victim = reference[Math.floor(random() * reference.length)]!;
        expect(list.remove(victim)).toBe(true);
        reference.splice(reference.indexOf(victim), 1);
      } else {
        const key = { value: Math.floor(random() * 50), tag: step };
        list.insert(key);
        // Inserted after its equals, like an upper-bound splice.
        let at = 0;
        while (at < reference.length && reference[at]!.value <= key.value) at += 1;
        reference.splice(at, 0, key);
      }
      expect(list.length).toBe(reference.length);
    }
    expect([...list]).toEqual(reference);
  });

  it('removes by identity among equal elements and reports a missing one', () => {
    const list = new SortedBlocks(byValue, 2);
    const twins = Array.from({ length: 9 }, (_, tag) => ({ value: 7, tag }));
    for (const twin of twins) list.insert(twin);

    expect(list.remove({ value: 7, tag: 4 })).toBe(false);
    expect(list.remove(twins[6]!)).toBe(true);
    expect(list.remove(twins[6]!)).toBe(false);
    expect([...list].map((key) => key.tag)).toEqual([0, 1, 2, 3, 4, 5, 7, 8]);
    expect(list.remove({ value: 99, tag: 0 })).toBe(false);
  });

  it('sorts a bulk reset and filters in order', () => {
    const list = new SortedBlocks(byValue, 3);
    list.reset([5, 1, 9, 3, 7, 2, 8].map((value, tag) => ({ value, tag })));

    expect(list.length).toBe(7);
    expect(list.filter((key) => key.value % 2 === 1).map((key) => key.value)).toEqual([
      1, 3, 5, 7, 9,
    ]);
    list.insert({ value: 4, tag: 9 });
    expect([...list].map((key) => key.value)).toEqual([1, 2, 3, 4, 5, 7, 8, 9]);
  });
});
