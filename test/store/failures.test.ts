import { spawn } from 'node:child_process';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Change } from '../../src/store/index.js';
import { redactUrl } from '../../src/store/database.js';
import { Journal, type OpenFile } from '../../src/store/journal.js';
import { openStoreWith } from '../../src/store/open-store.js';
import { createTestDatabase, makeAudit, removeDir, tempDir } from './fixtures.js';

// A disk that fails under the journal, and a database that is not there at start.

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
  for (const drop of drops) await drop();
});

async function freshDir(label: string): Promise<string> {
  const dir = await tempDir(label);
  dirs.push(dir);
  return dir;
}

/** Opens real files whose fdatasync (or write) fails with `code` once `failing.on` is set. */
function failingDisk(code: 'EIO' | 'ENOSPC'): { openFile: OpenFile; failing: { on: boolean } } {
  const failing = { on: false };
  const fail = () => Object.assign(new Error(`${code}: injected disk failure`), { code });
  const openFile: OpenFile = async (path, flags) => {
    const handle = await open(path, flags);
    const datasync = handle.datasync.bind(handle);
    const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
    handle.datasync = () => (failing.on && code === 'EIO' ? Promise.reject(fail()) : datasync());
    handle.write = ((...args: unknown[]) =>
      failing.on && code === 'ENOSPC'
        ? Promise.reject(fail())
        : write(...args)) as typeof handle.write;
    return handle;
  };
  return { openFile, failing };
}

const audit = (id: string): Change[] => [{ kind: 'audit', record: makeAudit(id) }];

describe('a failing journal disk', () => {
  it('does not acknowledge a write whose fsync failed, refuses later writes, and a restart holds only what was acknowledged', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    const dataDir = await freshDir('fsync-eio');
    const disk = failingDisk('EIO');
    const store = await openStoreWith(
      { dataDir, databaseUrl: url },
      { openJournalFile: disk.openFile },
    );

    await store.write(audit('acked'));
    disk.failing.on = true;
    const refused = store.write(audit('refused'));
    await expect(refused).rejects.toMatchObject({ code: 'journal_failed' });
    await expect(refused).rejects.toThrow(/EIO.*accepts no more writes/);

    // Later writes are refused before anything is applied to memory.
    disk.failing.on = false;
    await expect(store.write(audit('after'))).rejects.toMatchObject({ code: 'journal_failed' });
    expect(store.read.auditEntries({ limit: 10 }).map((entry) => entry.id)).not.toContain('after');
    await store.close();

    // The refused record was cut from the journal; the acknowledged one survives.
    const again = await openStore({ dataDir, databaseUrl: url });
    const ids = again.read.auditEntries({ limit: 10 }).map((entry) => entry.id);
    expect(ids).toContain('acked');
    expect(ids).not.toContain('refused');
    await again.write(audit('healthy'));
    await again.close();
  });

  it('rejects every pending append of a failed round with journal_failed and cuts the tail (ENOSPC on write)', async () => {
    const dir = await freshDir('journal-enospc');
    const disk = failingDisk('ENOSPC');
    const { journal } = await Journal.open(dir, 1 << 20, silentLogger, disk.openFile);
    await journal.start(1);
    await journal.append({ seq: 1, changes: audit('one') });
    const [segment] = await readdir(dir);
    const sizeBefore = (await stat(join(dir, segment!))).size;

    disk.failing.on = true;
    const pending = [2, 3, 4].map((seq) =>
      journal.append({ seq, changes: audit(`n${seq}`) }).then(
        () => 'acknowledged',
        (err: { code?: string }) => err.code,
      ),
    );
    expect(await Promise.all(pending)).toEqual([
      'journal_failed',
      'journal_failed',
      'journal_failed',
    ]);
    expect(journal.durableSeq).toBe(1);
    expect((await stat(join(dir, segment!))).size).toBe(sizeBefore);
    await journal.close();
  });
});

describe('PostgreSQL unreachable at start', () => {
  const url = 'postgres://ladder:s3cret@127.0.0.1:1/ladder?sslmode=disable';

  it('fails with database_unavailable, naming the URL without its password', async () => {
    const failure = openStore({ dataDir: await freshDir('pg-down'), databaseUrl: url });
    await expect(failure).rejects.toMatchObject({ code: 'database_unavailable' });
    const message = await failure.catch((err: Error) => err.message);
    expect(message).toContain('PostgreSQL at postgres://ladder:***@127.0.0.1:1/ladder');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('s3cret');
  });

  it('ladder migrate prints one line without a stack and exits non-zero', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawn(process.execPath, ['bin/ladder.js', 'migrate'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LADDER_DATA_DIR: await freshDir('pg-down-cli') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^ladder migrate: cannot migrate: PostgreSQL at postgres:\/\/ladder:\*\*\*@127\.0\.0\.1:1\/ladder\?sslmode=disable is unavailable \(.*ECONNREFUSED.*\)\n$/,
    );
    expect(stderr).not.toContain('s3cret');
  }, 60_000);

  it('redacts a password given as a URL parameter, and never echoes what is not a URL', () => {
    expect(redactUrl('postgresql://h/db?password=p4ss&user=u')).toBe(
      'postgresql://h/db?password=***&user=u',
    );
    expect(redactUrl('host=h password=p4ss')).toBe('(the configured database URL)');
  });
});
