import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import type { Database, Queryable, Row } from '../../src/store/database.js';
import { InlineFlusher } from '../../src/store/flusher.js';
import type { JournalRecord } from '../../src/store/journal-format.js';
import { makeAudit, makePlayer } from './fixtures.js';

// Batches in flight together run on separate connections. A database whose transactions take
// longer the earlier they started (so later ones would finish first) checks that commits and
// the mark still follow the journal, and that no row is written by two open transactions.

class SlowStartDatabase implements Database {
  readonly kind = 'postgres';
  /** Commits, in order: the mark each left. */
  readonly commits: number[] = [];
  /** Rows of every open transaction, by transaction. */
  readonly #open = new Set<Set<string>>();
  mark = 0;
  overlaps = 0;
  mostOpen = 0;
  #delayMs = 40;
  /** Fails the transaction whose mark update would move the mark to this seq, once. */
  failAt: number | undefined;

  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.transaction((tx) => tx.query(sql, params));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const rows = new Set<string>();
    this.#open.add(rows);
    this.mostOpen = Math.max(this.mostOpen, this.#open.size);
    const delayMs = Math.max(0, (this.#delayMs -= 10));
    let mark: number | undefined;
    try {
      const result = await fn({
        query: async (sql, params = []) => {
          if (sql.startsWith('INSERT INTO')) {
            await new Promise((resolve) => setTimeout(resolve, delayMs));
            const ids = (JSON.parse(String(params[0])) as { id: string }[]).map((row) => row.id);
            for (const id of ids) {
              for (const other of this.#open)
                if (other !== rows && other.has(id)) this.overlaps += 1;
              rows.add(id);
            }
          }
          if (sql.startsWith('UPDATE store_journal_mark SET seq')) {
            if (this.mark !== Number(params[2])) return [];
            if (this.failAt === Number(params[0])) {
              this.failAt = undefined;
              throw new Error('connection lost');
            }
            mark = Number(params[0]);
            return [{ seq: String(mark) }];
          }
          if (sql.startsWith('UPDATE store_journal_mark SET updated_at'))
            return [{ seq: String(this.mark) }];
          return [];
        },
      });
      if (mark !== undefined) {
        this.mark = mark;
        this.commits.push(mark);
      }
      return result;
    } finally {
      this.#open.delete(rows);
    }
  }

  async close(): Promise<void> {}
}

function flusherOn(db: Database, records: JournalRecord[]): InlineFlusher {
  const flusher = new InlineFlusher(
    db,
    { flushRows: 1, flushIntervalMs: 0, retryMaxMs: 20, confirmIntervalMs: 60_000, maxInFlight: 3 },
    silentLogger,
    0,
    () => records.length,
    async () => undefined,
  );
  for (const record of records) flusher.enqueue(record);
  return flusher;
}

const audits = (count: number): JournalRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    changes: [{ kind: 'audit', record: makeAudit(`a${i + 1}`) }],
  }));

describe('batches in flight together', () => {
  it('commit in journal order even when later ones finish their rows first', async () => {
    const db = new SlowStartDatabase();
    const flusher = flusherOn(db, audits(6));

    await flusher.flushUpTo(6);
    expect(db.mostOpen).toBe(3);
    expect(db.commits).toEqual([1, 2, 3, 4, 5, 6]);
    await flusher.stop();
  });

  it('never write one row in two open transactions: the later batch waits', async () => {
    const db = new SlowStartDatabase();
    // Records 2 and 3 rewrite the player of record 1.
    const records: JournalRecord[] = [1, 2, 3, 4].map((seq) => ({
      seq,
      changes: [{ kind: 'player', record: makePlayer(seq === 4 ? 4 : 1, { updatedAt: seq }) }],
    }));
    const flusher = flusherOn(db, records);

    await flusher.flushUpTo(4);
    expect(db.overlaps).toBe(0);
    expect(db.commits).toEqual([1, 2, 3, 4]);
    await flusher.stop();
  });

  it('puts back every batch after a failed one and lands them all in order on retry', async () => {
    const db = new SlowStartDatabase();
    db.failAt = 2;
    const flusher = flusherOn(db, audits(5));

    await flusher.flushUpTo(5);
    expect(flusher.stats.failures).toBe(1);
    expect(db.commits).toEqual([1, 2, 3, 4, 5]);
    expect(flusher.stats.pendingRecords).toBe(0);
    await flusher.stop();
  });
});
