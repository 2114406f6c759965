import type { AnyEntity } from './entities.js';
import type { Queryable, Row } from './database.js';
import type { Table } from './tables.js';

// SQL built from the table catalogue. Upserts are idempotent by id: replaying a journal record
// that already landed rewrites the same values (or, for append-only tables, does nothing).

// PostgreSQL allows 65,535 parameters per statement; stay clear of it.
const maxParams = 60_000;

/** Quotes an identifier (some columns, like `where`, are keywords). */
export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** The statements that upsert `records` into `table`, many rows per statement. */
export function upsertStatements(
  table: Table,
  records: readonly AnyEntity[],
): { sql: string; params: unknown[] }[] {
  const columns = table.columns;
  const rowsPerStatement = Math.max(1, Math.floor(maxParams / columns.length));
  const names = columns.map((column) => quote(column.column)).join(', ');
  const onConflict = table.appendOnly
    ? 'DO NOTHING'
    : `DO UPDATE SET ${columns
        .filter((column) => column.field !== 'id')
        .map((column) => `${quote(column.column)} = EXCLUDED.${quote(column.column)}`)
        .join(', ')}`;

  const statements = [];
  for (let start = 0; start < records.length; start += rowsPerStatement) {
    const chunk = records.slice(start, start + rowsPerStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];

    for (const record of chunk) {
      const values = record as unknown as Record<string, unknown>;
      const placeholders: string[] = [];
      for (const column of columns) {
        const value = values[column.field] ?? null;
        params.push(column.type === 'jsonb' && value !== null ? JSON.stringify(value) : value);
        placeholders.push(`$${params.length}`);
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }

    statements.push({
      sql: `INSERT INTO ${quote(table.name)} (${names}) VALUES ${tuples.join(', ')} ON CONFLICT (id) ${onConflict}`,
      params,
    });
  }
  return statements;
}

/** Turns a database row back into the record it was written from. */
export function rowToRecord(table: Table, row: Row): AnyEntity {
  const record: Record<string, unknown> = {};
  for (const column of table.columns) {
    const value = row[column.column] ?? null;
    // pg returns bigint as a string; our int8 values are safe integers (checked on write).
    record[column.field] = column.type === 'int8' && value !== null ? Number(value) : value;
  }
  return record as unknown as AnyEntity;
}

/**
 * Reads a whole table in id order, `pageRows` at a time (keyset paging keeps memory flat and
 * needs no cursor, so it works behind a transaction-mode pooler).
 */
export async function* readTable(
  db: Queryable,
  table: Table,
  pageRows = 20_000,
): AsyncGenerator<AnyEntity[]> {
  const names = table.columns.map((column) => quote(column.column)).join(', ');
  let after: string | null = null;

  for (;;) {
    const rows: Row[] =
      after === null
        ? await db.query(`SELECT ${names} FROM ${quote(table.name)} ORDER BY id LIMIT $1`, [
            pageRows,
          ])
        : await db.query(
            `SELECT ${names} FROM ${quote(table.name)} WHERE id > $1 ORDER BY id LIMIT $2`,
            [after, pageRows],
          );
    if (rows.length === 0) return;
    yield rows.map((row) => rowToRecord(table, row));
    after = String(rows.at(-1)!.id);
    if (rows.length < pageRows) return;
  }
}
