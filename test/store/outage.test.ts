import { createConnection, createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Change } from '../../src/store/index.js';
import { createTestDatabase, makeAudit, removeDir, tempDir } from './fixtures.js';

// PostgreSQL going away and coming back. A TCP proxy in front of the real server plays the
// outage: while it is down the port refuses connections and live connections are cut.

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
  for (const drop of drops) await drop();
});

class Proxy {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  port = 0;

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: 5432 });
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  async down(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
    this.#server = undefined;
  }
}

function auditBatch(prefix: string, count: number): Change[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'audit',
    record: makeAudit(`${prefix}-${i}`, { adminId: prefix }),
  }));
}

async function countRows(
  url: string,
  adminId: string,
): Promise<{ rows: number; distinct: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result = await client.query<{ rows: string; ids: string }>(
    'SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM audit_log WHERE admin_id = $1',
    [adminId],
  );
  await client.end();
  return { rows: Number(result.rows[0]?.rows), distinct: Number(result.rows[0]?.ids) };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('database outage', () => {
  it('keeps acknowledging while the server refuses connections, then lands everything once', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    const proxy = new Proxy();
    await proxy.up();
    const proxied = new URL(url);
    proxied.port = String(proxy.port);

    const dataDir = await tempDir('outage');
    dirs.push(dataDir);
    const store = await openStore({
      dataDir,
      databaseUrl: proxied.toString(),
      flushIntervalMs: 10,
      retryMaxMs: 200,
    });
    try {
      await store.write(auditBatch('before', 50));
      await store.flush();

      await proxy.down();
      for (let i = 0; i < 20; i += 1) await store.write(auditBatch(`during-${i}`, 10));
      await until(() => store.stats().flushFailures >= 2);
      expect(store.stats().databaseDown).toBe(true);
      expect(store.stats().pendingChanges).toBe(200);
      // Reads keep working from memory.
      expect(store.read.auditEntries({ adminId: 'during-19' })).toHaveLength(10);

      await proxy.up();
      await store.flush();
      expect(store.stats()).toMatchObject({ databaseDown: false, pendingChanges: 0 });
    } finally {
      await store.close();
      await proxy.down();
    }

    expect(await countRows(url, 'before')).toEqual({ rows: 50, distinct: 50 });
    for (let i = 0; i < 20; i += 1) {
      expect(await countRows(url, `during-${i}`)).toEqual({ rows: 10, distinct: 10 });
    }
  }, 60_000);

  it('survives its backends being terminated mid-stream without loss or duplicates', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    const dataDir = await tempDir('terminate');
    dirs.push(dataDir);
    const store = await openStore({
      dataDir,
      databaseUrl: url,
      flushIntervalMs: 5,
      retryMaxMs: 100,
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const dbName = new URL(url).pathname.slice(1);
    let terminated = 0;

    try {
      for (let round = 0; round < 10; round += 1) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.write(auditBatch(`t${round}-${i}`, 5))),
        );
        const killed = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [dbName],
        );
        terminated += killed.rowCount ?? 0;
      }
      await store.flush();
      expect(terminated).toBeGreaterThan(0);
    } finally {
      await admin.end();
      await store.close();
    }

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ rows: string; ids: string }>(
      `SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM audit_log WHERE admin_id LIKE 't%'`,
    );
    await client.end();
    expect(Number(rows[0]?.rows)).toBe(1_000);
    expect(Number(rows[0]?.ids)).toBe(1_000);
  }, 60_000);
});
