import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactTable, StringPool } from '../../src/store/compact/index.js';
import { ValueCodec } from '../../src/store/compact/value-codec.js';
import { terminalStages, type Match, type RatingHistory } from '../../src/store/index.js';
import { tableOf } from '../../src/store/tables.js';
import { makeMatch, t0 } from './fixtures.js';

// Terminal matches live as encoded rows and come back as objects on every read: every field,
// every script, every null must survive, and rewrites (re-rating, live → terminal) must land.

const matchTable = (pool = new StringPool()) =>
  new CompactTable<Match>({
    columns: tableOf.get('match')!.columns,
    pool,
    isCompact: (match) => terminalStages.includes(match.stage),
    keyFields: ['createdAt'],
  });

/** A finalized match with every optional field filled, in several scripts. */
function fullMatch(n: number): Match {
  return makeMatch(n, 'p1', 'p2', {
    stage: 'voided',
    deadlineAt: t0 + 1,
    noShowBy: t0 + 2,
    disputeBy: t0 - 3,
    remindersSent: ['confirm_20s', 'report_45m'],
    p2Report: { value: 'draw', at: t0 + 9, source: 'replay' },
    noShowClaimantId: 'p2',
    noShowClaimedAt: t0 + 11,
    outcome: 'void',
    outcomeSource: 'admin',
    voidReason: 'no_show',
    abortedBy: 'p1',
    missedConfirmation: ['p1', 'p2'],
    workItemId: 'w-17',
    underdogChance: 0.123456789,
    p1RatingAfter: 1521.337,
    p2RatingBefore: -0.5,
    messageIds: { p1Found: '1234567890123456789', p2Found: '98', __proto__x: 'y' },
    events: [
      { at: t0, actor: { kind: 'system' }, event: 'created', details: null },
      {
        at: t0 + 5,
        actor: { kind: 'admin', adminId: '555555555555555555' },
        event: 'voided',
        details: { reason: '김민수 Дмитрий 🐉🔥', nested: [1, -2, 2.5, true, false, null, {}] },
      },
    ],
  });
}

describe('CompactTable', () => {
  it('round-trips every field of a terminal match, Korean, Cyrillic and emoji text included', () => {
    const table = matchTable();
    const match = fullMatch(7);
    table.set(match.id, match);

    const read = table.get(match.id)!;
    expect(read).toEqual(match);
    expect(Object.keys(read)).toEqual(Object.keys(match));
    expect(JSON.stringify(read)).toBe(JSON.stringify(match));
    expect(table.numberOf(match.id, 'createdAt')).toBe(match.createdAt);
    expect(table.stats()).toMatchObject({ rows: 1, live: 0 });
  });

  it('round-trips the nulls of a bare match and a null key field', () => {
    const table = matchTable();
    const nulls = Object.fromEntries(
      tableOf.get('match')!.columns.map(({ field }) => [field, null]),
    ) as unknown as Match;
    const bare = { ...nulls, id: 'm-null', stage: 'aborted' as const };
    table.set(bare.id, bare);
    expect(table.get(bare.id)).toEqual(bare);
    expect(table.numberOf(bare.id, 'createdAt')).toBeNull();
  });

  it('rewrites a terminal match in place and when it grows (re-rating, events added)', () => {
    const table = matchTable();
    const first = fullMatch(1);
    const other = fullMatch(2);
    table.set(first.id, first);
    table.set(other.id, other);

    const rerated = { ...first, p1RatingAfter: 1490, p2RatingAfter: 1530.25, updatedAt: t0 + 99 };
    table.set(first.id, rerated);
    expect(table.get(first.id)).toEqual(rerated);

    const grown = {
      ...rerated,
      events: [
        ...rerated.events,
        {
          at: t0 + 100,
          actor: { kind: 'system' as const },
          event: 're_rated',
          details: 'x'.repeat(500),
        },
      ],
    };
    table.set(first.id, grown);
    expect(table.get(first.id)).toEqual(grown);
    expect(table.get(other.id)).toEqual(other);
    expect(table.size).toBe(2);
  });

  it('keeps a live match as the object written, then compacts it when it ends', () => {
    const table = matchTable();
    const live = makeMatch(3, 'p1', 'p2', { stage: 'in_progress', outcome: null });
    table.set(live.id, live);
    expect(table.get(live.id)).toBe(live);
    expect(table.stats()).toMatchObject({ rows: 0, live: 1 });

    const ended = { ...live, stage: 'finalized' as const, outcome: 'p2_win' as const };
    table.set(ended.id, ended);
    expect(table.get(ended.id)).toEqual(ended);
    expect(table.stats()).toMatchObject({ rows: 1, live: 0 });

    // An admin may reopen a match: back to a live object, the row is freed and reused.
    const reopened = { ...ended, stage: 'disputed' as const };
    table.set(reopened.id, reopened);
    expect(table.get(reopened.id)).toBe(reopened);
    expect(table.stats()).toMatchObject({ rows: 0, live: 1 });
    table.set('m9', fullMatch(9));
    expect([...table.keys()].sort()).toEqual(['m3', 'm9']);
    expect(table.delete('m3')).toBe(true);
    expect(table.delete('m3')).toBe(false);
    expect([...table.values()]).toEqual([fullMatch(9)]);
  });

  it('survives many rewrites and frees (the arena is repacked) with every record intact', () => {
    const table = matchTable();
    const expected = new Map<string, Match>();
    const random = fc.sample(fc.integer({ min: 0, max: 2_000 }), { seed: 5, numRuns: 30_000 });
    random.forEach((n, i) => {
      const id = `m${n}`;
      if (i % 7 === 0) {
        table.delete(id);
        expected.delete(id);
        return;
      }
      const match = makeMatch(n, `p${n}`, `p${i}`, {
        events: Array.from({ length: i % 9 }, (_, k) => ({
          at: t0 + k,
          actor: { kind: 'player' as const, playerId: `p${k}` },
          event: 'note',
          details: 'ü'.repeat((i * 31) % 200),
        })),
      });
      table.set(id, match);
      expected.set(id, match);
    });

    expect(table.stats().repacks).toBeGreaterThan(0);
    expect(table.size).toBe(expected.size);
    for (const [id, match] of expected) expect(table.get(id)).toEqual(match);
    expect(new Set(table.keys())).toEqual(new Set(expected.keys()));
  });

  it('hands out a recently built record again until it is rewritten or its slot is taken', () => {
    const table = new CompactTable<Match>({
      columns: tableOf.get('match')!.columns,
      pool: new StringPool(),
      isCompact: () => true,
      keyFields: ['createdAt'],
      cacheSize: 2,
    });
    for (const n of [1, 2, 3]) table.set(`m${n}`, fullMatch(n));

    const first = table.get('m1')!;
    expect(table.get('m1')).toBe(first);
    table.set('m1', { ...first, p1RatingAfter: 1400 });
    expect(table.get('m1')).not.toBe(first);
    expect(table.get('m1')!.p1RatingAfter).toBe(1400);

    // Rows 0 and 2 (m1, m3) share a slot of the two: reading m3 evicts m1.
    const again = table.get('m1')!;
    table.get('m2');
    expect(table.get('m1')).toBe(again);
    table.get('m3');
    expect(table.get('m1')).not.toBe(again);
    expect(table.get('m1')).toEqual(again);

    // A freed row (the match went live again) and its reuse never hand out the old record.
    table.delete('m2');
    table.set('m4', fullMatch(4));
    expect(table.get('m4')!.id).toBe('m4');
    expect(table.get('m2')).toBeUndefined();
    expect([...table.values()].map((m) => m.id).sort()).toEqual(['m1', 'm3', 'm4']);
  });

  it('keeps rating history rows, pooling player ids and inlining match ids', () => {
    const pool = new StringPool();
    const table = new CompactTable<RatingHistory>({
      columns: tableOf.get('ratingHistory')!.columns,
      pool,
      isCompact: () => true,
      keyFields: ['at'],
      inlineFields: ['matchId', 'auditId'],
    });
    const row: RatingHistory = {
      id: 'h1',
      seasonId: 's1',
      playerId: 'p_1a23d7a3bbf094c8e83c',
      race: 'bw_zerg',
      kind: 'adjustment',
      matchId: 'm_1a23d7a3bbf094c8e83c',
      auditId: 'a-1',
      before: 1500,
      after: 1400.5,
      delta: -99.5,
      rdBefore: null,
      rdAfter: 350,
      volatilityBefore: null,
      volatilityAfter: 0.06,
      at: t0,
      supersededAt: 0,
    };
    table.set(row.id, row);
    expect(table.get(row.id)).toEqual(row);
    // Long player ids are pooled (many lines share one); match ids stay inline (unique).
    expect(pool.find(row.playerId)).toBeGreaterThanOrEqual(0);
    expect(pool.find(row.matchId!)).toBe(-1);
    table.set(row.id, { ...row, matchId: null, supersededAt: t0 + 1 });
    expect(table.get(row.id)).toEqual({ ...row, matchId: null, supersededAt: t0 + 1 });
  });
  it('keeps an id that follows the table pattern as its suffix, any other id whole', () => {
    const table = new CompactTable<RatingHistory>({
      columns: tableOf.get('ratingHistory')!.columns,
      pool: new StringPool(),
      isCompact: () => true,
      keyFields: ['at'],
      shortIds: {
        suffixOf: (line) => Number(line.id.split('#')[1]),
        idOf: (line, version) => `${line.matchId}/${line.playerId}#${version}`,
      },
    });
    const line = (id: string): RatingHistory => ({
      id, seasonId: 's1', playerId: 'p1', race: 'bw_zerg', kind: 'game', matchId: 'm1',
      auditId: null, before: 1500, after: 1510, delta: 10, rdBefore: null, rdAfter: null,
      volatilityBefore: null, volatilityAfter: null, at: t0, supersededAt: null,
    }); // prettier-ignore
    const ids = ['m1/p1#2', 'm1/p1#02', 'other#2', 'm1/p1', 'm1/p1#2.5'];
    for (const id of ids) table.set(id, line(id));

    for (const id of ids) expect(table.get(id)).toEqual(line(id));
    expect([...table.keys()]).toEqual(ids);
    expect(table.get('m1/p1#3')).toBeUndefined();
    expect(table.rowOf('other#2')).toBe(2);
    expect(table.idAt(0)).toBe('m1/p1#2');
    expect(table.recordAt(0)).toEqual(line('m1/p1#2'));
  });
});

describe('ValueCodec', () => {
  it('round-trips any JSON value exactly, against any base', () => {
    const codec = new ValueCodec(new StringPool(50));
    const value = fc.jsonValue({ stringUnit: 'grapheme' });
    const base = fc.oneof(fc.constant(t0), fc.integer(), fc.constant(Number.NaN));
    fc.assert(
      fc.property(value, base, (json, at) => {
        codec.begin(at);
        codec.write(json);
        const bytes = Buffer.from(codec.bytes());
        codec.open(bytes, 0, at);
        expect(codec.read()).toStrictEqual(json);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps ids of the newId form as bytes, and near misses exactly as they were', () => {
    const codec = new ValueCodec(new StringPool());
    const roundTrip = (id: string, inline: boolean) => {
      codec.begin(t0);
      if (inline) codec.writeInline(id);
      else codec.write(id);
      const bytes = Buffer.from(codec.bytes());
      codec.open(bytes, 0, t0);
      expect(codec.read()).toBe(id);
      return bytes.length;
    };
    expect(roundTrip('m_19a1f3c2b4e000000042', true)).toBe(13);
    expect(roundTrip('m_19a1f3c2b4e000000042', false)).toBe(13);
    const misses = ['m_19A1F3C2', 'm_19a1f3c', 'M_19a1f3c2', 'm19a1f3c2b4', 'm_19a1f3c2/p_1', 'm_'];
    for (const id of misses) roundTrip(id, true);

    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF_/'), maxLength: 70 });
    const prefix = fc.constantFrom('m_', 'p_', 'abcdefgh_', 'abcdefghi_', 'x', '');
    fc.assert(
      fc.property(prefix, hex, fc.boolean(), (head, tail, inline) => {
        roundTrip(head + tail, inline);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps numbers at the edges of the safe range and keys named __proto__', () => {
    const codec = new ValueCodec(new StringPool());
    const values = [
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 53,
      -0,
      1e-300,
      JSON.parse('{"__proto__": {"a": 1}, "b": [2]}') as unknown,
    ];
    for (const value of values) {
      codec.begin(Number.MAX_SAFE_INTEGER);
      codec.write(value);
      codec.open(Buffer.from(codec.bytes()), 0, Number.MAX_SAFE_INTEGER);
      const read = codec.read();
      expect(Object.is(read, value) || JSON.stringify(read) === JSON.stringify(value)).toBe(true);
      if (typeof value === 'object')
        expect(Object.keys(read as object)).toEqual(['__proto__', 'b']);
    }
  });
});
