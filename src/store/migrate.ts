import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import { claimDataDir } from './data-dir.js';
import {
  databaseUnavailable,
  PgliteDatabase,
  PostgresDatabase,
  type Database,
  type Queryable,
} from './database.js';
import { StoreError } from './errors.js';

/** One numbered migration file. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** What `migrate` did. */
export interface MigrationResult {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** Schema version of the database afterwards. */
  version: number;
}

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

// Any constant works; it only has to be the same for every ladder process migrating one database.
const migrationLockKey = 7_340_211;

/** Reads the numbered `NNN_name.sql` files, in version order. */
export async function loadMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => /^\d+_[\w-]+\.sql$/.test(file)).sort();
  const migrations: Migration[] = [];

  for (const file of files) {
    const text = await readFile(`${dir}/${file}`, 'utf8');
    migrations.push({
      version: Number.parseInt(file, 10),
      name: file.replace(/\.sql$/, ''),
      statements: splitStatements(text),
    });
  }
  return migrations;
}

/**
 * Splits a migration into statements at semicolons that end a line, dropping `--` comments.
 * NOTE: enough for our migrations (no function bodies); both drivers take one statement a call.
 */
export function splitStatements(text: string): string[] {
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return code
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/** The schema version of the database (0 when never migrated). */
export async function schemaVersion(db: Queryable): Promise<number> {
  const rows = await db.query(`SELECT coalesce(max(version), 0) AS version FROM schema_migrations`);
  return Number(rows[0]?.version ?? 0);
}

/**
 * Brings the database to the newest schema. Refuses a database at a newer version than this
 * code knows (`schema_too_new`); a failing migration is rolled back whole (`migration_failed`).
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<MigrationResult> {
  const all = migrations ?? (await loadMigrations());
  const latest = all.at(-1)?.version ?? 0;
  const applied: number[] = [];

  // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can still collide.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`,
    );
  });

  for (const migration of all) {
    // One transaction per migration, under a lock, re-reading the version inside it: two
    // processes starting together apply each migration once.
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
      const current = await schemaVersion(tx);
      if (current > latest) throw tooNew(current, latest);
      if (current >= migration.version) return false;

      try {
        for (const statement of migration.statements) await tx.query(statement);
      } catch (err) {
        throw new StoreError(
          'migration_failed',
          `migration ${migration.name} failed: ${(err as Error).message}`,
          { cause: err },
        );
      }

      await tx.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, Date.now()],
      );
      return true;
    });
    if (done) applied.push(migration.version);
  }

  const version = await schemaVersion(db);
  if (version > latest) throw tooNew(version, latest);
  return { applied, version };
}

function tooNew(found: number, latest: number): StoreError {
  return new StoreError(
    'schema_too_new',
    `the database schema is at version ${found}, newer than this ladder knows (${latest}); ` +
      'run a newer ladder, or point DATABASE_URL at another database',
  );
}

/**
 * `ladder migrate`: claims the data folder, opens the configured database (PGlite in
 * `dataDir/pg` without a URL) and brings its schema up to date.
 */
export async function migrateStore(options: {
  dataDir: string;
  databaseUrl?: string;
  logger: Logger;
}): Promise<MigrationResult> {
  await claimDataDir(options.dataDir, ['replays']);
  const db: Database = options.databaseUrl
    ? new PostgresDatabase(options.databaseUrl, 1, options.logger)
    : await PgliteDatabase.open(join(options.dataDir, 'pg'));
  try {
    return await migrate(db);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw databaseUnavailable('migrate', options, err);
  } finally {
    await db.close();
  }
}
