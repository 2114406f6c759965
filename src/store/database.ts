import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { StoreError } from './errors.js';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$n` parameters; never a named (server-held) prepared statement. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** The database behind the store: the same SQL serves PGlite and PostgreSQL. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The embedded PostgreSQL kept in a folder of the data directory. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  readonly #db: PGlite;

  private constructor(db: PGlite) {
    this.#db = db;
  }

  /** Opens (creating if needed) the embedded database in `dir`. */
  static async open(dir: string): Promise<PgliteDatabase> {
    await mkdir(dir, { recursive: true });
    const db = new PGlite(dir);
    await db.waitReady;
    return new PgliteDatabase(db);
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.#db.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (tx) =>
      fn({
        query: async (sql, params = []) => (await tx.query<Row>(sql, params as unknown[])).rows,
      }),
    );
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}

/** A PostgreSQL server through a `pg` pool; safe behind a transaction-mode PgBouncer. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;

  /**
   * @param url - connection URL.
   * @param poolSize - connections at most.
   */
  constructor(url: string, poolSize: number, log: Logger) {
    this.#pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      // A dead server must fail fast so the flusher can back off, never hang.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });

    // An idle client whose backend dies emits here; unhandled, it would crash the process.
    this.#pool.on('error', (err) => log.warn({ err }, 'idle database connection lost'));
    // A client's backend can also die between the pool's hand-offs (for instance a FATAL 57P01
    // from pg_terminate_backend arriving after a failed query released it). Every client keeps
    // a listener for life, so such a late error is logged, never thrown; the query that was
    // running still gets its own error.
    this.#pool.on('connect', (client) => {
      client.on('error', (err) => log.debug({ err }, 'database connection error'));
    });
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    // Unnamed statement: parsed per call, nothing held by the server across transactions.
    const result = await this.#pool.query<Row>({ text: sql, values: params as unknown[] });
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    // A checked-out client whose backend dies emits 'error'; the failing query reports it.
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async (sql, params = []) =>
          (await client.query<Row>({ text: sql, values: params as unknown[] })).rows,
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackErr: unknown) => rollbackErr,
      );
      throw err;
    } finally {
      // A connection that failed to roll back or died is discarded, not returned to the pool.
      client.off('error', onError);
      const discard = lost ?? (broken instanceof Error ? broken : undefined);
      client.release(discard);
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/**
 * A database URL fit for messages and logs: the password (in the URL or as a `password`
 * parameter) replaced by `***`. Something that does not parse as a URL is not echoed at all.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(the configured database URL)';
  }
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/**
 * Why the database could not be used, in one line: a connection refused over several
 * addresses arrives as an AggregateError with an empty message, so its first cause speaks.
 */
export function describeDatabaseError(err: unknown): string {
  const first = err instanceof AggregateError && err.errors.length > 0 ? err.errors[0] : err;
  const message = first instanceof Error ? first.message : String(first);
  const code = (first as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * The error for a database that cannot be reached while `doing` something: where it tried
 * (password hidden) and why, in one line, with no stack for the operator.
 */
export function databaseUnavailable(
  doing: string,
  where: { databaseUrl?: string | undefined; dataDir: string },
  err: unknown,
): StoreError {
  const place = where.databaseUrl
    ? `PostgreSQL at ${redactUrl(where.databaseUrl)}`
    : `the embedded database in ${join(where.dataDir, 'pg')}`;
  return new StoreError(
    'database_unavailable',
    `cannot ${doing}: ${place} is unavailable (${describeDatabaseError(err)})`,
    { cause: err },
  );
}
