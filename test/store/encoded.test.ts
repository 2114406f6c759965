import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/store/index.js';
import {
  decodeSegment,
  encodeChanges,
  encodeRecord,
  segmentMagic,
} from '../../src/store/journal-format.js';
import { upsertStatement } from '../../src/store/sql.js';
import { tableOf } from '../../src/store/tables.js';
import { makeAudit, makeMatch, makePlayer } from './fixtures.js';

// A write serializes its records once; the journal frame and the flush parameter built from
// that JSON must be exactly what serializing the objects would give.

const changes: Change[] = [
  {
    kind: 'player',
    record: makePlayer(1, { discordName: '김민수 "Дмитрий" \\ 🐉', altNames: ['a,b', '{x}'] }),
  },
  { kind: 'match', record: makeMatch(2, 'p1', 'p2') },
  { kind: 'audit', record: makeAudit('a3', { reason: 'line\nbreak\u2028' }) },
];

describe('records serialized once', () => {
  it('frames the same journal bytes as serializing the whole record', () => {
    const plain = encodeRecord({ seq: 7, changes });
    const once = encodeRecord({ seq: 7, changes, encoded: encodeChanges(changes) });
    expect(once.equals(plain)).toBe(true);
    const decoded = decodeSegment(Buffer.concat([segmentMagic, once]));
    expect(decoded.records).toEqual([{ seq: 7, changes }]);
  });

  it('sends the same flush parameter, and serializes a record it was not given', () => {
    const table = tableOf.get('audit')!;
    const records = [makeAudit('x1'), makeAudit('x2', { reason: '🐉' })];
    const plain = upsertStatement(table, records);
    const once = upsertStatement(table, records, [JSON.stringify(records[0]), undefined]);
    expect(once.params).toEqual(plain.params);
    expect(once.sql).toBe(plain.sql);
  });
});
