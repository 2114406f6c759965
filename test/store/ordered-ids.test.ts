import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/store/index.js';
import { OrderedIds } from '../../src/store/id-index.js';
import { ReadModel } from '../../src/store/read-model.js';
import { createReader } from '../../src/store/reader.js';
import { makeMatch, t0 } from './fixtures.js';

// Per-key lists ordered by (time, id): kept sorted on insert, sorted once after a bulk load,
// re-sorted after a record's time changes. Checked against a plain sort of the same records.

const byTimeThenId = (times: Map<string, number>) => (a: string, b: string) =>
  times.get(a)! - times.get(b)! || (a < b ? -1 : a > b ? 1 : 0);

describe('OrderedIds', () => {
  it('matches a full sort for any insert order, in bulk or live mode', () => {
    // Up to 160: lists on both sides of the in-place sort's limit (64).
    const entries = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), {
      maxLength: 160,
    });
    fc.assert(
      fc.property(entries, fc.boolean(), (list, bulk) => {
        const times = new Map(list.map(([time], i) => [`id${i}`, time]));
        const ids = new OrderedIds((id) => times.get(id) ?? 0);
        if (bulk) ids.beginBulk();
        list.forEach(([, other], i) => ids.add(other ? 'b' : 'a', `id${i}`, true));
        if (bulk) ids.endBulk();
        for (const key of ['a', 'b']) {
          const expected = list
            .map(([, other], i) => ({ other, id: `id${i}` }))
            .filter(({ other }) => (key === 'b') === other)
            .map(({ id }) => id)
            .sort(byTimeThenId(times));
          expect(ids.get(key)).toEqual(expected);
          expect(ids.count(key)).toBe(expected.length);
        }
      }),
    );
  });

  it('ignores re-adds and re-orders after a time changes', () => {
    const times = new Map([
      ['x', 3],
      ['y', 1],
      ['z', 2],
    ]);
    const ids = new OrderedIds((id) => times.get(id) ?? 0);
    for (const id of ['x', 'y', 'z']) ids.add('k', id, true);
    ids.add('k', 'x', false);
    expect(ids.get('k')).toEqual(['y', 'z', 'x']);

    times.set('x', 0);
    ids.touch('k');
    ids.add('k', 'w', true);
    times.set('w', 5);
    expect(ids.get('k')).toEqual(['x', 'y', 'z', 'w']);
    expect(ids.get('none')).toEqual([]);
    expect(ids.count('none')).toBe(0);
  });
});

describe('a player match page', () => {
  it('gives the count and the newest matches first, bounded by the limit', () => {
    const model = new ReadModel({ commonCountries: new Set(), rankingRebuildGapMs: 0 });
    const read = createReader(model, () => t0);
    const at = [5, 1, 4, 2, 3];
    const changes: Change[] = at.map((minute, i) => ({
      kind: 'match',
      record: makeMatch(i + 1, 'p1', i % 2 === 0 ? 'p2' : 'p3', {
        createdAt: t0 + minute * 60_000,
      }),
    }));
    model.beginBulk();
    changes.slice(0, 3).forEach((change) => model.apply(change));
    model.endBulk();
    changes.slice(3).forEach((change) => model.apply(change));

    expect(read.matchesOfPlayer('p1').map((m) => m.id)).toEqual(['m2', 'm4', 'm5', 'm3', 'm1']);
    expect(read.matchCountOfPlayer('p1')).toBe(5);
    expect(read.recentMatchesOfPlayer('p1', 3).map((m) => m.id)).toEqual(['m1', 'm3', 'm5']);
    expect(read.recentMatchesOfPlayer('p2', 10).map((m) => m.id)).toEqual(['m1', 'm3', 'm5']);
    expect(read.recentMatchesOfPlayer('p1', 0)).toEqual([]);
    expect(read.matchCountOfPlayer('nobody')).toBe(0);
    expect(read.recentMatchesOfPlayer('nobody', 5)).toEqual([]);

    // A match moved in time moves in every list that holds it.
    const moved = { ...changes[0]!.record, createdAt: t0 } as Change['record'];
    model.apply({ kind: 'match', record: moved } as Change);
    expect(read.matchesOfPlayer('p1').map((m) => m.id)).toEqual(['m1', 'm2', 'm4', 'm5', 'm3']);
    expect(read.recentMatchesOfPlayer('p2', 1).map((m) => m.id)).toEqual(['m3']);
  });
});
