import type { EntityKind } from './entities.js';
import type { Database } from './database.js';
import { StoreError } from './errors.js';
import { upsertSql } from './sql.js';
import { tables } from './tables.js';

/**
 * What the flusher needs of a journal record: its seq, each change's table and id, and each
 * record as JSON. A `JournalRecord` is one; the flush worker gets the ids and JSON only.
 */
export interface FlushRecord {
  seq: number;
  changes: readonly { kind: EntityKind; record: { id: string } }[];
  /**
   * Each change's record as JSON. Without it (a record read back from the journal) each
   * change carries its whole record, serialized here.
   */
  encoded?: readonly string[] | undefined;
}

/** The last write of each record in a batch, by kind and id, as JSON. */
export type LatestRows = Map<EntityKind, Map<string, string>>;

/** One flush transaction's records, as rows to upsert. */
export interface FlushBatch {
  records: FlushRecord[];
  rows: LatestRows;
  rowCount: number;
  changeCount: number;
  /** The mark this batch expects to find, and the one it leaves. */
  fromSeq: number;
  lastSeq: number;
}

/** Groups records into one row per record id: the last write wins, in journal order. */
export function batchOf(records: FlushRecord[], fromSeq: number): FlushBatch {
  // One row per id also keeps a statement from touching a row twice.
  const rows: LatestRows = new Map();
  let changeCount = 0;
  for (const record of records) {
    changeCount += record.changes.length;
    for (const [i, change] of record.changes.entries()) {
      let byId = rows.get(change.kind);
      if (!byId) rows.set(change.kind, (byId = new Map()));
      byId.set(change.record.id, record.encoded?.[i] ?? JSON.stringify(change.record));
    }
  }

  let rowCount = 0;
  for (const byId of rows.values()) rowCount += byId.size;
  return { records, rows, rowCount, changeCount, fromSeq, lastSeq: records.at(-1)!.seq };
}

/** Whether two batches write a row in common (then they must not be in flight together). */
export function isOverlapping(a: FlushBatch, b: FlushBatch): boolean {
  for (const [kind, byId] of a.rows) {
    const other = b.rows.get(kind);
    if (!other) continue;
    const [small, large] = byId.size < other.size ? [byId, other] : [other, byId];
    for (const id of small.keys()) if (large.has(id)) return true;
  }
  return false;
}

/**
 * Writes one batch in one transaction, committed asynchronously. The rows go first; then, once
 * `previous` (the batch before it) has committed, the journal mark moves from `fromSeq` to
 * `lastSeq` and the transaction commits. So batches may run side by side on separate
 * connections while their marks move, and they commit, strictly in journal order.
 *
 * The mark moves only if it still holds `fromSeq`: a database crash loses the latest
 * asynchronous commits, mark included, and a later batch must not then move the mark past the
 * lost ones (the journal would forget records the database never kept). Throws
 * `flush_mark_moved` (nothing committed) when the mark differs.
 */
export async function writeBatch(
  db: Database,
  batch: FlushBatch,
  previous: Promise<unknown>,
): Promise<void> {
  await db.transaction(async (tx) => {
    // The commit does not wait for the database's WAL flush; the flusher confirms it later.
    await tx.query('SET LOCAL synchronous_commit = off');
    for (const table of tables) {
      const rows = batch.rows.get(table.kind);
      if (!rows) continue;
      await tx.query(upsertSql(table), [`[${[...rows.values()].join(',')}]`]);
    }

    // A failed predecessor rejects here, and this batch rolls back with it.
    await previous;
    const moved = await tx.query(
      'UPDATE store_journal_mark SET seq = $1, updated_at = $2 WHERE id = 1 AND seq = $3 RETURNING seq',
      [batch.lastSeq, Date.now(), batch.fromSeq],
    );
    if (moved.length === 0) {
      throw new StoreError(
        'flush_mark_moved',
        `the journal mark no longer holds ${batch.fromSeq}; the database lost committed batches`,
        { seq: batch.fromSeq },
      );
    }
  });
}

/**
 * Commits synchronously (whatever the server's default) a write to the journal mark, if it
 * still holds `expected`; returns the mark the database holds afterwards, now durable.
 * The write matters: a transaction that writes nothing commits without flushing the WAL.
 */
export async function confirmMark(db: Database, expected: number): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = on');
    const rows = await tx.query(
      `UPDATE store_journal_mark SET updated_at = $2 WHERE id = 1 AND seq = $1 RETURNING seq`,
      [expected, Date.now()],
    );
    if (rows.length > 0) return expected;
    // The mark moved back: write it anyway, so what this returns is durable too.
    const [row] = await tx.query(
      `UPDATE store_journal_mark SET updated_at = $1 WHERE id = 1 RETURNING seq`,
      [Date.now()],
    );
    return Number(row?.seq ?? 0);
  });
}
