import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { PostgresDatabase } from '../../src/store/database.js';
import type { FlusherOptions } from '../../src/store/flush-api.js';
import { encodeChanges, type JournalRecord } from '../../src/store/journal-format.js';
import { migrate } from '../../src/store/migrate.js';
import { flushWorkerEntry } from '../../src/store/flush-worker-bundle.js';
import { ThreadFlusher } from '../../src/store/thread-flusher.js';
import { createTestDatabase, makeAudit } from './fixtures.js';

// The flusher in a worker thread, on a real PostgreSQL: the journal stays on this thread, so
// these tests play the journal (records, durable seq, forgotten seqs) and read the database.

const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function migratedDatabase(): Promise<string> {
  const { url, drop } = await createTestDatabase();
  drops.push(drop);
  const db = new PostgresDatabase(url, 1, silentLogger);
  await migrate(db);
  await db.close();
  return url;
}

async function landed(url: string): Promise<{ mark: number; audits: number; distinct: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const marks = await client.query<{ seq: string }>('SELECT seq FROM store_journal_mark');
  const audits = await client.query<{ rows: string; ids: string }>(
    'SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM audit_log',
  );
  await client.end();
  return {
    mark: Number(marks.rows[0]?.seq),
    audits: Number(audits.rows[0]?.rows),
    distinct: Number(audits.rows[0]?.ids),
  };
}

/** Records of `changes` audits each; every other one as the journal reads it back (no JSON). */
function records(count: number, changes: number): JournalRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const batch = Array.from({ length: changes }, (__, j) => ({
      kind: 'audit' as const,
      record: makeAudit(`a${i + 1}-${j}`),
    }));
    return { seq: i + 1, changes: batch, ...(i % 2 ? { encoded: encodeChanges(batch) } : {}) };
  });
}

const options: FlusherOptions = {
  flushRows: 100,
  flushIntervalMs: 5,
  retryMaxMs: 100,
  confirmIntervalMs: 50,
  maxInFlight: 3,
};

/** A flusher in a worker, fed like the store feeds it; `durable` plays the journal's fsyncs. */
function threadFlusher(url: string, durable: { seq: number }, entry?: string | URL) {
  const forgotten: number[] = [];
  const flusher = new ThreadFlusher(
    url,
    options,
    silentLogger,
    0,
    () => durable.seq,
    async (seq) => void forgotten.push(seq),
    ...(entry ? [entry] : []),
  );
  return { flusher, forgotten };
}

/** A worker thread that dies on its first message, as one that crashed would. */
const dyingWorker = fileURLToPath(new URL('./dying-flush-worker.mjs', import.meta.url));
/** A real worker whose first incarnation dies 150 ms in, mid-flush. */
const diesOnceWorker = fileURLToPath(new URL('./dies-once-flush-worker.mjs', import.meta.url));

describe('flusher in a worker thread', () => {
  it('when the worker dies, refuses to wait, reports the database down, and forgets nothing', async () => {
    const url = await migratedDatabase();
    const durable = { seq: 0 };
    const dead = threadFlusher(url, durable, dyingWorker);
    for (const record of records(50, 2)) dead.flusher.enqueue(record);
    durable.seq = 50;
    dead.flusher.notifyDurable();
    await expect(dead.flusher.flushUpTo(50)).rejects.toMatchObject({ code: 'flusher_failed' });
    expect(dead.flusher.stats).toMatchObject({ isDown: true, confirmedSeq: 0 });
    expect(dead.forgotten).toEqual([]);
    await dead.flusher.stop();
    expect(await landed(url)).toEqual({ mark: 0, audits: 0, distinct: 0 });

    // A restart feeds the journal's records to a fresh worker: all land, once.
    const next = threadFlusher(url, durable);
    try {
      for (const record of records(50, 2)) next.flusher.enqueue(record);
      next.flusher.notifyDurable();
      await next.flusher.flushUpTo(50);
      expect(await landed(url)).toEqual({ mark: 50, audits: 100, distinct: 100 });
    } finally {
      await next.flusher.stop();
    }
  }, 60_000);

  it('replaces a worker that died mid-flush: every record lands once, none is forgotten early', async () => {
    const url = await migratedDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'evo-flusher-'));
    process.env.DIES_ONCE_MARKER = join(dir, 'died');
    const durable = { seq: 0 };
    const { flusher, forgotten } = threadFlusher(url, durable, diesOnceWorker);
    const all = records(20_000, 2);
    try {
      // Fed while the first worker lives, and again while none does.
      for (const record of all.slice(0, 15_000)) flusher.enqueue(record);
      durable.seq = 15_000;
      flusher.notifyDurable();
      while (flusher.stats.failures === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(flusher.stats.isDown).toBe(true);
      await expect(flusher.flushUpTo(15_000)).rejects.toMatchObject({ code: 'flusher_failed' });
      // It died mid-flush: batches had landed, not all of them, and the journal kept the rest.
      const atDeath = await landed(url);
      expect(atDeath.audits).toBeGreaterThan(0);
      expect(atDeath.mark).toBeLessThan(15_000);
      expect(Math.max(0, ...forgotten)).toBeLessThanOrEqual(atDeath.mark);
      for (const record of all.slice(15_000)) flusher.enqueue(record);
      durable.seq = 20_000;
      flusher.notifyDurable();

      // The replacement starts after the backoff (retryMaxMs, 100 ms here).
      while (flusher.stats.isDown) await new Promise((resolve) => setTimeout(resolve, 5));
      await flusher.flushUpTo(20_000);
      expect(await landed(url)).toEqual({ mark: 20_000, audits: 40_000, distinct: 40_000 });
      expect(forgotten.at(-1)).toBe(20_000);
      expect(forgotten).toEqual([...forgotten].sort((a, b) => a - b));
      // One failure, the death: the new worker started from the database's mark.
      expect(flusher.stats).toMatchObject({ confirmedSeq: 20_000, pendingRecords: 0, failures: 1 });
    } finally {
      await flusher.stop();
      delete process.env.DIES_ONCE_MARKER;
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('lands records in journal order and lets the journal forget only confirmed seqs', async () => {
    const url = await migratedDatabase();
    const durable = { seq: 0 };
    const { flusher, forgotten } = threadFlusher(url, durable);
    try {
      for (const record of records(300, 4)) flusher.enqueue(record);
      durable.seq = 300;
      flusher.notifyDurable();
      await flusher.flushUpTo(300);

      expect(await landed(url)).toEqual({ mark: 300, audits: 1_200, distinct: 1_200 });
      expect(forgotten.at(-1)).toBe(300);
      expect(forgotten).toEqual([...forgotten].sort((a, b) => a - b));
      expect(flusher.stats).toMatchObject({ confirmedSeq: 300, pendingChanges: 0, failures: 0 });
      expect(flusher.stats.flushedRows).toBe(1_200);
    } finally {
      await flusher.stop();
    }
  }, 60_000);

  it('runs the same from the bundle the store starts it from (plain JavaScript, no tsx)', async () => {
    const entry = await flushWorkerEntry();
    expect(String(entry)).toMatch(/^data:text\/javascript;/);
    expect(await flushWorkerEntry()).toBe(entry);
    const url = await migratedDatabase();
    const durable = { seq: 0 };
    const { flusher, forgotten } = threadFlusher(url, durable, entry);
    try {
      for (const record of records(100, 3)) flusher.enqueue(record);
      durable.seq = 100;
      flusher.notifyDurable();
      await flusher.flushUpTo(100);

      expect(await landed(url)).toEqual({ mark: 100, audits: 300, distinct: 300 });
      expect(forgotten.at(-1)).toBe(100);
      expect(flusher.stats).toMatchObject({ confirmedSeq: 100, pendingChanges: 0, failures: 0 });
    } finally {
      await flusher.stop();
    }
  }, 60_000);

  it('flushes nothing the journal has not made durable', async () => {
    const url = await migratedDatabase();
    const durable = { seq: 0 };
    const { flusher } = threadFlusher(url, durable);
    try {
      for (const record of records(10, 1)) flusher.enqueue(record);
      durable.seq = 4;
      flusher.notifyDurable();
      await flusher.flushUpTo(4);
      expect(await landed(url)).toEqual({ mark: 4, audits: 4, distinct: 4 });
      expect(flusher.stats.pendingRecords).toBe(6);

      durable.seq = 10;
      flusher.notifyDurable();
      await flusher.flushUpTo(10);
      expect(await landed(url)).toEqual({ mark: 10, audits: 10, distinct: 10 });
    } finally {
      await flusher.stop();
    }
  }, 60_000);

  it('drains the batches in flight when stopped, and confirms them before the journal forgets', async () => {
    const url = await migratedDatabase();
    const durable = { seq: 0 };
    const { flusher, forgotten } = threadFlusher(url, durable);
    for (const record of records(4_000, 2)) flusher.enqueue(record);
    durable.seq = 4_000;
    flusher.notifyDurable();
    // Let a few batches go out, then stop with more in flight and queued.
    while (flusher.stats.flushedRows === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await flusher.stop();

    expect(await landed(url)).toEqual({ mark: 4_000, audits: 8_000, distinct: 8_000 });
    expect(forgotten.at(-1)).toBe(4_000);
    await expect(flusher.flushUpTo(4_001)).rejects.toMatchObject({ code: 'closed' });
  }, 60_000);

  it('keeps retrying while the database is unreachable, and stops without losing the queue', async () => {
    const url = new URL(await migratedDatabase());
    url.port = '1'; // Nothing listens there: every connection is refused.
    const durable = { seq: 0 };
    const { flusher, forgotten } = threadFlusher(url.toString(), durable);
    for (const record of records(20, 1)) flusher.enqueue(record);
    durable.seq = 20;
    flusher.notifyDurable();
    while (flusher.stats.failures < 2) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(flusher.stats).toMatchObject({ isDown: true, pendingRecords: 20, confirmedSeq: 0 });
    await flusher.stop();
    // Nothing was confirmed, so the journal forgets nothing: a restart flushes it all.
    expect(forgotten).toEqual([]);
  }, 60_000);
});
