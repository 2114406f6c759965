import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { Database, Queryable, Row } from '../../src/store/database.js';
import { InlineFlusher } from '../../src/store/flusher.js';
import type { JournalRecord } from '../../src/store/journal-format.js';
import { makeAudit } from './fixtures.js';

// The flusher commits batches asynchronously (synchronous_commit off); the journal may forget a
// record only after a later synchronous commit confirmed the mark. A database that models what
// PostgreSQL keeps across its own crash: asynchronous commits are visible at once, but only
// a synchronous commit makes them (and everything committed before it) durable.

class CrashableDatabase implements Database {
  readonly kind = 'postgres';
  /** What commits showed, in order: "async 3" (a batch up to seq 3), "sync 3" (a confirmation). */
  readonly log: string[] = [];
  /** Runs before each confirmation transaction; a test crashes the database there. */
  beforeConfirm: (() => void) | undefined;
  /** Runs after each commit with its log line; a test crashes the database there. */
  afterCommit: ((line: string) => void) | undefined;
  #visible = { mark: 0, audits: new Set<string>() };
  #durable = { mark: 0, audits: new Set<string>() };

  get mark(): number {
    return this.#visible.mark;
  }

  get audits(): Set<string> {
    return this.#visible.audits;
  }

  /** A crash of the database server: what no synchronous commit covered is gone. */
  crash(): void {
    this.#visible = { mark: this.#durable.mark, audits: new Set(this.#durable.audits) };
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.transaction((tx) => tx.query(sql, params));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let isAsync = false;
    let isConfirm = false;
    let mark = this.#visible.mark;
    const audits: string[] = [];
    const result = await fn({
      query: async (sql, params = []) => {
        if (sql.includes('synchronous_commit = off')) isAsync = true;
        if (sql.includes('synchronous_commit = on')) {
          isConfirm = true;
          this.beforeConfirm?.();
          mark = this.#visible.mark;
        }
        if (sql.startsWith('INSERT INTO "audit_log"')) {
          const rows = JSON.parse(String(params[0])) as { id: string }[];
          for (const row of rows) audits.push(row.id);
        }
        // A batch moves the mark only from the seq it names (what the database holds now).
        if (sql.startsWith('UPDATE store_journal_mark SET seq')) {
          if (this.#visible.mark !== Number(params[2])) return [];
          mark = Number(params[0]);
          return [{ seq: String(mark) }];
        }
        if (sql.startsWith('UPDATE store_journal_mark SET updated_at')) {
          const expected = sql.includes('seq = $1') ? Number(params[0]) : mark;
          return expected === mark ? [{ seq: String(mark) }] : [];
        }
        return [];
      },
    });
    this.#visible.mark = mark;
    for (const id of audits) this.#visible.audits.add(id);
    if (!isAsync) {
      this.#durable = { mark, audits: new Set(this.#visible.audits) };
    }
    const line = `${isAsync ? 'async' : isConfirm ? 'sync' : 'other'} ${mark}`;
    this.log.push(line);
    this.afterCommit?.(line);
    return result;
  }

  async close(): Promise<void> {}
}

function records(count: number): JournalRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    changes: [{ kind: 'audit', record: makeAudit(`a${i + 1}`) }],
  }));
}

function flusherOn(
  db: CrashableDatabase,
  maxInFlight = 1,
): { flusher: InlineFlusher; forgotten: number[] } {
  const forgotten: number[] = [];
  const flusher = new InlineFlusher(
    db,
    // One record per batch; a long confirmation interval, so only idleness confirms.
    { flushRows: 1, flushIntervalMs: 0, retryMaxMs: 100, confirmIntervalMs: 60_000, maxInFlight },
    silentLogger,
    0,
    () => 3,
    async (seq) => {
      forgotten.push(seq);
      db.log.push(`forget ${seq}`);
    },
  );
  for (const record of records(3)) flusher.enqueue(record);
  return { flusher, forgotten };
}

describe('asynchronous commit with a synchronous confirmation', () => {
  it('lets the journal forget records only after a synchronous commit confirmed them', async () => {
    const db = new CrashableDatabase();
    const { flusher } = flusherOn(db);

    await flusher.flushUpTo(3);
    expect(db.log).toEqual(['async 1', 'async 2', 'async 3', 'sync 3', 'forget 3']);
    expect(flusher.stats.confirmedSeq).toBe(3);
    await flusher.stop();
  });

  it('flushes again from the journal what a database crash lost before the confirmation', async () => {
    const db = new CrashableDatabase();
    const { flusher, forgotten } = flusherOn(db);
    let crashes = 0;
    db.beforeConfirm = () => {
      if (crashes++ === 0) db.crash();
    };

    await flusher.flushUpTo(3);
    // The crash took the three batches; the mark said 0, so all three went again.
    expect(db.log).toEqual([
      'async 1',
      'async 2',
      'async 3',
      'sync 0',
      'forget 0',
      'async 1',
      'async 2',
      'async 3',
      'sync 3',
      'forget 3',
    ]);
    expect(forgotten).toEqual([0, 3]);
    expect(db.mark).toBe(3);
    expect([...db.audits].sort()).toEqual(['a1', 'a2', 'a3']);
    db.crash();
    expect([...db.audits].sort()).toEqual(['a1', 'a2', 'a3']);
    await flusher.stop();
  });

  it('never moves the mark past batches a database crash lost between two batches', async () => {
    const db = new CrashableDatabase();
    const { flusher, forgotten } = flusherOn(db);
    db.afterCommit = (line) => {
      if (line === 'async 1' && !db.log.includes('sync 0')) db.crash();
    };

    await flusher.flushUpTo(3);
    // Batch 2 found the mark at 0, not 1: it rolled back, and batch 1 went again.
    expect(db.log).toEqual([
      'async 1',
      'sync 0',
      'forget 0',
      'async 1',
      'async 2',
      'async 3',
      'sync 3',
      'forget 3',
    ]);
    expect(forgotten).toEqual([0, 3]);
    db.crash();
    expect([...db.audits].sort()).toEqual(['a1', 'a2', 'a3']);
    await flusher.stop();
  });

  it('commits batches in flight together in journal order, and confirms after the last', async () => {
    const db = new CrashableDatabase();
    const { flusher } = flusherOn(db, 3);

    await flusher.flushUpTo(3);
    expect(db.log).toEqual(['async 1', 'async 2', 'async 3', 'sync 3', 'forget 3']);
    db.crash();
    expect([...db.audits].sort()).toEqual(['a1', 'a2', 'a3']);
    await flusher.stop();
  });
});
