import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Change } from '../../src/store/index.js';
import { PgliteDatabase, PostgresDatabase, type Database } from '../../src/store/database.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { validateChanges } from '../../src/store/validate.js';
import { silentLogger } from '../../src/logger.js';
import {
  createTestDatabase,
  makeMatch,
  makePlayer,
  makeRating,
  removeDir,
  tempDir,
} from './fixtures.js';

// PGlite starts slowly on a busy two-core machine (initdb in WebAssembly): allow for it.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
  for (const drop of drops) await drop();
});

async function freshDir(): Promise<string> {
  const dir = await tempDir('bad');
  dirs.push(dir);
  return dir;
}

const player = makePlayer(1);
const bad: [string, unknown][] = [
  ['an empty batch', []],
  ['an unknown kind', [{ kind: 'spaceship', record: { id: 'x' } }]],
  ['a missing field', [{ kind: 'player', record: { ...player, country: undefined } }]],
  ['an unknown field', [{ kind: 'player', record: { ...player, extra: 1 } }]],
  ['a NUL in a text column', [{ kind: 'player', record: { ...player, discordName: 'a\u0000b' } }]],
  ['a NUL inside JSON', [{ kind: 'player', record: { ...player, altNames: ['a\u0000'] } }]],
  ['a lone surrogate', [{ kind: 'player', record: { ...player, discordName: 'x\uD800' } }]],
  [
    'NaN in a number column',
    [{ kind: 'rating', record: { ...makeRating('s1', 'p1', 'bw_zerg', 1), rating: NaN } }],
  ],
  ['a fraction in a time column', [{ kind: 'player', record: { ...player, createdAt: 1.5 } }]],
  [
    'a string in a number column',
    [{ kind: 'match', record: { ...makeMatch(1, 'a', 'b'), number: '1' } }],
  ],
  [
    'an unknown race',
    [{ kind: 'rating', record: { ...makeRating('s1', 'p1', 'bw_zerg', 1), race: 'bw_human' } }],
  ],
  ['an empty id', [{ kind: 'player', record: { ...player, id: '' } }]],
  ['an id of 201 characters', [{ kind: 'player', record: { ...player, id: 'x'.repeat(201) } }]],
  ['a Date inside JSON', [{ kind: 'player', record: { ...player, altNames: [new Date()] } }]],
  ['a null record', [{ kind: 'player', record: null }]],
  ['not an array', 'player'],
];

describe('bad changes', () => {
  it.each(bad)('refuses %s with invalid_change', (_label, changes) => {
    expect(() => validateChanges(changes as Change[])).toThrow(
      expect.objectContaining({ code: 'invalid_change' }),
    );
  });

  it('accepts a complete, valid record', () => {
    expect(() => validateChanges([{ kind: 'player', record: player }])).not.toThrow();
  });

  it('applies nothing of a bad batch and keeps serving writes', async () => {
    const dataDir = await freshDir();
    const store = await openStore({ dataDir });
    try {
      const batch = [
        { kind: 'player', record: makePlayer(2) },
        { kind: 'player', record: { ...makePlayer(3), ladderName: 7 } },
      ] as unknown as Change[];
      await expect(store.write(batch)).rejects.toMatchObject({ code: 'invalid_change' });
      await expect(
        store.write([
          { kind: 'rating', record: { ...makeRating('s1', 'p2', 'bw_zerg', 1), id: 'wrong' } },
        ]),
      ).rejects.toMatchObject({ code: 'invalid_change' });
      expect(store.read.player('p2')).toBeUndefined();

      await store.write([{ kind: 'player', record: makePlayer(2) }]);
      expect(store.read.player('p2')?.id).toBe('p2');
    } finally {
      await store.close();
    }
  });
});

describe('data folder', () => {
  it('never touches a non-empty folder of an unknown format', async () => {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, 'notes.txt'), 'precious');
    await mkdir(join(dataDir, 'pgdata'));

    await expect(openStore({ dataDir })).rejects.toMatchObject({ code: 'unknown_data_dir' });
    expect((await readdir(dataDir)).sort()).toEqual(['notes.txt', 'pgdata']);
    expect(await readFile(join(dataDir, 'notes.txt'), 'utf8')).toBe('precious');
  });

  it('refuses a folder whose marker names another format or a newer version', async () => {
    const other = await freshDir();
    await writeFile(join(other, 'ladder-store.json'), '{"format":"something-else","version":1}');
    await expect(openStore({ dataDir: other })).rejects.toMatchObject({ code: 'unknown_data_dir' });

    const newer = await freshDir();
    await writeFile(join(newer, 'ladder-store.json'), '{"format":"evo-ladder-store","version":9}');
    await expect(openStore({ dataDir: newer })).rejects.toMatchObject({ code: 'unknown_data_dir' });

    const garbage = await freshDir();
    await writeFile(join(garbage, 'ladder-store.json'), '{not json');
    await expect(openStore({ dataDir: garbage })).rejects.toMatchObject({
      code: 'unknown_data_dir',
    });
  });

  it('refuses a folder another live process has open with data_dir_in_use', async () => {
    const dataDir = await freshDir();
    await (await openStore({ dataDir })).close();
    const other = spawn('sleep', ['30']);
    try {
      await writeFile(join(dataDir, 'ladder-store.lock'), `${other.pid}\n`);
      await expect(openStore({ dataDir })).rejects.toMatchObject({ code: 'data_dir_in_use' });
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over the lock of a process that died', async () => {
    const dataDir = await freshDir();
    await (await openStore({ dataDir })).close();
    const dead = spawn('true');
    await new Promise((resolve) => dead.on('exit', resolve));
    await writeFile(join(dataDir, 'ladder-store.lock'), `${dead.pid}\n`);

    const store = await openStore({ dataDir });
    await store.close();
    expect(await readdir(dataDir)).not.toContain('ladder-store.lock');
  });

  it('accepts a folder holding only what other parts keep there', async () => {
    const dataDir = await freshDir();
    await mkdir(join(dataDir, 'replays'));
    const store = await openStore({ dataDir });
    await store.close();
    expect((await readdir(dataDir)).sort()).toEqual([
      'journal',
      'ladder-store.json',
      'pg',
      'replays',
    ]);
  });
});

async function bumpSchema(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future', 0)`,
  );
}

describe('schema version', () => {
  it('refuses to start on a PGlite database at a newer schema, with a clear message', async () => {
    const dataDir = await freshDir();
    await (await openStore({ dataDir })).close();
    const db = await PgliteDatabase.open(join(dataDir, 'pg'));
    await bumpSchema(db);
    await db.close();

    const failure = openStore({ dataDir });
    await expect(failure).rejects.toMatchObject({ code: 'schema_too_new' });
    const latest = (await loadMigrations()).at(-1)!.version;
    await expect(failure).rejects.toThrow(
      new RegExp(`version 999, newer than this ladder knows \\(${latest}\\)`),
    );
  });

  it('refuses to start on a PostgreSQL database at a newer schema', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    const db = new PostgresDatabase(url, 2, silentLogger);
    await migrate(db);
    await bumpSchema(db);
    await db.close();

    await expect(openStore({ dataDir: await freshDir(), databaseUrl: url })).rejects.toMatchObject({
      code: 'schema_too_new',
    });
  });

  it('applies each migration once when two processes migrate together', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    const a = new PostgresDatabase(url, 2, silentLogger);
    const b = new PostgresDatabase(url, 2, silentLogger);
    const results = await Promise.all([migrate(a), migrate(b)]);
    const versions = (await loadMigrations()).map((migration) => migration.version);
    expect(results.flatMap((r) => r.applied).sort((x, y) => x - y)).toEqual(versions);
    expect((await migrate(a)).applied).toEqual([]);
    await a.close();
    await b.close();
  });

  it('fails with database_unavailable when the server cannot be reached', async () => {
    const failure = openStore({
      dataDir: await freshDir(),
      databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
    });
    await expect(failure).rejects.toMatchObject({ code: 'database_unavailable' });
  });
});
