import { describe, expect, it } from 'vitest';
import { chunkBits, NarrowColumn } from '../../src/store/compact/chunked.js';

describe('NarrowColumn', () => {
  it('keeps every non-negative integer exactly, small ones in 2 bytes a row', () => {
    const column = new NarrowColumn();
    const values = [0, 1, 65_534, 65_535, 65_536, 2 ** 31, 2 ** 32 - 1, 7];
    column.ensure(values.length - 1);
    values.forEach((value, row) => column.set(row, value));
    expect(values.map((_, row) => column.get(row))).toEqual(values);
    expect(column.bytes).toBe(2 << chunkBits);
  });

  it('forgets a wide value when its row is set small again, and the other way round', () => {
    const column = new NarrowColumn();
    const far = 3 << chunkBits;
    column.ensure(far);
    column.set(far, 1_000_000);
    column.set(5, 70_000);
    column.set(far, 12);
    expect([column.get(far), column.get(5), column.get(6)]).toEqual([12, 70_000, 0]);
    column.set(5, 0);
    column.set(far, 65_535);
    expect([column.get(5), column.get(far)]).toEqual([0, 65_535]);
  });
});
