import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RatingHistory } from '../../src/store/index.js';
import { OrderedRows } from '../../src/store/ordered-rows.js';
import { ReadModel } from '../../src/store/read-model.js';
import { createReader } from '../../src/store/reader.js';
import { t0 } from './fixtures.js';

// Rows under keys in the order (time, id), with ids read only to break ties: the same order
// OrderedIds keeps, checked against a plain sort; and the ledger reads built on them.

describe('OrderedRows', () => {
  it('matches a full sort by time then id for any insert order, in bulk or live mode', () => {
    const entries = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.string({ maxLength: 3 }), fc.boolean()),
      // Up to 160: lists on both sides of the insertion sort's limit (64).
      { maxLength: 160 },
    );
    fc.assert(
      fc.property(entries, fc.boolean(), (list, bulk) => {
        const order = {
          timeOf: (row: number) => list[row]![0],
          idOf: (row: number) => `${list[row]![1]}|${row}`,
        };
        const rows = new OrderedRows(order);
        if (bulk) rows.beginBulk();
        list.forEach(([, , other], row) => rows.add(other ? 'b' : 'a', row));
        if (bulk) rows.endBulk();

        for (const key of ['a', 'b']) {
          const expected = list
            .map((_, row) => row)
            .filter((row) => (key === 'b') === list[row]![2])
            .sort((x, y) => {
              const [idX, idY] = [order.idOf(x), order.idOf(y)];
              return order.timeOf(x) - order.timeOf(y) || (idX < idY ? -1 : idX > idY ? 1 : 0);
            });
          expect(rows.get(key)).toEqual(expected);
          expect(rows.since(key, 3)).toEqual(expected.filter((row) => order.timeOf(row) >= 3));
        }
      }),
    );
  });

  it('re-orders a list after a time changes, also for rows added since', () => {
    const times = [3, 1, 2, 5];
    const rows = new OrderedRows({ timeOf: (row) => times[row]!, idOf: (row) => `r${row}` });
    rows.beginBulk();
    for (const row of [0, 1, 2]) rows.add('k', row);
    rows.endBulk();
    expect(rows.get('k')).toEqual([1, 2, 0]);

    times[0] = 0;
    rows.touch('k');
    rows.add('k', 3);
    expect(rows.get('k')).toEqual([0, 1, 2, 3]);
    expect(rows.get('none')).toEqual([]);
    expect(rows.since('none', 0)).toEqual([]);
  });
});

describe('the ledger reads', () => {
  const line = (id: string, at: number, over: Partial<RatingHistory> = {}): RatingHistory => ({
    id, seasonId: 's1', playerId: 'p1', race: 'bw_zerg', kind: 'game', matchId: 'm_1',
    auditId: null, before: 1500, after: 1510, delta: 10, rdBefore: null, rdAfter: null,
    volatilityBefore: null, volatilityAfter: null, at, supersededAt: null, ...over,
  }); // prettier-ignore

  it('give every line back whole, in ledger order, whatever form its id has', () => {
    const model = new ReadModel({ commonCountries: new Set(), rankingRebuildGapMs: 0 });
    const read = createReader(model, () => t0);
    const lines = [
      line('m_2/p1/bw_zerg#1', t0 + 2, { matchId: 'm_2' }),
      line('m_1/p1/bw_zerg#1', t0 + 1),
      line('m_1/p2/sc2_zerg#1', t0 + 1, { playerId: 'p2', race: 'sc2_zerg' }),
      line('a_9/p1/bw_zerg#3', t0 + 1, { kind: 'adjustment', matchId: null, auditId: 'a_9' }),
      line('legacy-7', t0),
      line('m_3/p1/bw_zerg#01', t0 + 3, { matchId: 'm_3' }),
    ];
    model.beginBulk();
    for (const record of lines.slice(0, 4)) model.apply({ kind: 'ratingHistory', record });
    model.endBulk();
    for (const record of lines.slice(4)) model.apply({ kind: 'ratingHistory', record });

    const ids = (records: RatingHistory[]) => records.map((record) => record.id);
    expect(ids(read.seasonLedger('s1'))).toEqual([
      'legacy-7',
      'a_9/p1/bw_zerg#3',
      'm_1/p1/bw_zerg#1',
      'm_1/p2/sc2_zerg#1',
      'm_2/p1/bw_zerg#1',
      'm_3/p1/bw_zerg#01',
    ]);
    expect(read.seasonLedger('s1')).toEqual(
      [...lines].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)),
    );
    expect(ids(read.seasonLedgerSince('s1', t0 + 2))).toEqual([
      'm_2/p1/bw_zerg#1',
      'm_3/p1/bw_zerg#01',
    ]);
    expect(ids(read.ratingHistory('s1', 'p2', 'sc2_zerg'))).toEqual(['m_1/p2/sc2_zerg#1']);

    // A superseded line keeps its place; one moved in time moves in both lists.
    model.apply({ kind: 'ratingHistory', record: { ...lines[1]!, supersededAt: t0 + 9 } });
    model.apply({ kind: 'ratingHistory', record: { ...lines[0]!, at: t0 - 1 } });
    expect(ids(read.ratingHistory('s1', 'p1', 'bw_zerg'))).toEqual([
      'm_2/p1/bw_zerg#1',
      'legacy-7',
      'a_9/p1/bw_zerg#3',
      'm_1/p1/bw_zerg#1',
      'm_3/p1/bw_zerg#01',
    ]);
    expect(read.seasonLedger('s1')[3]!.supersededAt).toBe(t0 + 9);
  });

  it("keep each entry's lines apart among a player's seasons and races", () => {
    const model = new ReadModel({ commonCountries: new Set(), rankingRebuildGapMs: 0 });
    const read = createReader(model, () => t0);
    const entries = [
      ['s1', 'bw_zerg'],
      ['s1', 'sc2_zerg'],
      ['s2', 'bw_zerg'],
    ] as const;
    const lines = entries.flatMap(([seasonId, race], e) =>
      [3, 1, 2].map((n) =>
        line(`m_${e}${n}/p1/${race}#1`, t0 + n, { seasonId, race, matchId: `m_${e}${n}` }),
      ),
    );
    model.beginBulk();
    for (const record of lines.slice(0, 5)) model.apply({ kind: 'ratingHistory', record });
    model.endBulk();
    for (const record of lines.slice(5)) model.apply({ kind: 'ratingHistory', record });

    for (const [e, [seasonId, race]] of entries.entries()) {
      expect(read.ratingHistory(seasonId, 'p1', race).map((record) => record.id)).toEqual(
        [1, 2, 3].map((n) => `m_${e}${n}/p1/${race}#1`),
      );
    }
    expect(read.ratingHistory('s2', 'p1', 'sc2_zerg')).toEqual([]);
    expect(read.ratingHistory('s1', 'p2', 'bw_zerg')).toEqual([]);
  });
});
