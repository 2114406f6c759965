import {
  mkdir,
  open,
  readdir,
  readFile,
  truncate,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { StoreError } from './errors.js';
import {
  decodeSegment,
  encodeRecord,
  hasSegmentMagic,
  segmentMagic,
  type JournalRecord,
} from './journal-format.js';

/** One journal file; records `firstSeq..lastSeq` (lastSeq < firstSeq when empty). */
interface Segment {
  path: string;
  firstSeq: number;
  lastSeq: number;
  bytes: number;
}

interface PendingAppend {
  frame: Buffer;
  seq: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const segmentName = /^journal-(\d{16})\.log$/;

/** How the journal opens its files: `node:fs/promises` `open`, or a test's failing stand-in. */
export type OpenFile = (path: string, flags: string) => Promise<FileHandle>;

/**
 * The append-only journal: segments in one folder, appends made durable by group commit (one
 * write and one fdatasync for every append pending at that moment).
 */
export class Journal {
  readonly #dir: string;
  readonly #segmentBytes: number;
  readonly #log: Logger;
  readonly #segments: Segment[];
  readonly #openFile: OpenFile;
  #active: { segment: Segment; handle: FileHandle } | undefined;
  #queue: PendingAppend[] = [];
  #draining: Promise<void> | undefined;
  #failure: StoreError | undefined;
  #durableSeq = 0;
  #syncs = 0;

  private constructor(
    dir: string,
    segmentBytes: number,
    log: Logger,
    segments: Segment[],
    openFile: OpenFile,
  ) {
    this.#openFile = openFile;
    this.#dir = dir;
    this.#segmentBytes = segmentBytes;
    this.#log = log;
    this.#segments = segments;
  }

  /**
   * Reads every segment in `dir`, cuts a torn tail off the last one, and returns the intact
   * records in order. Damage before the last segment's tail is `journal_corrupt`.
   */
  static async open(
    dir: string,
    segmentBytes: number,
    log: Logger,
    openFile: OpenFile = open,
  ): Promise<{ journal: Journal; records: JournalRecord[] }> {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir)).filter((name) => segmentName.test(name)).sort();
    const segments: Segment[] = [];
    const records: JournalRecord[] = [];

    for (const [index, name] of names.entries()) {
      const path = join(dir, name);
      const bytes = await readFile(path);
      const isLast = index === names.length - 1;
      if (!hasSegmentMagic(bytes)) {
        throw new StoreError('journal_corrupt', `${path} is not a journal segment`);
      }

      const decoded = decodeSegment(bytes);
      if (decoded.tornAt !== null) {
        if (!isLast) {
          throw new StoreError(
            'journal_corrupt',
            `${path} is damaged at byte ${decoded.tornAt} (${decoded.tornReason}) before the journal's end`,
          );
        }
        // A crash mid-append: the tail was never acknowledged. Cut it so appends start clean.
        log.warn(
          {
            path,
            at: decoded.tornAt,
            dropped: bytes.length - decoded.tornAt,
            reason: decoded.tornReason,
          },
          'dropping torn journal tail',
        );
        await truncate(path, decoded.validBytes);
      }

      for (const record of decoded.records) {
        const previous = records.at(-1);
        if (previous && record.seq <= previous.seq) {
          throw new StoreError('journal_corrupt', `${path}: record ${record.seq} out of order`, {
            seq: record.seq,
          });
        }
        records.push(record);
      }

      const firstSeq = Number(segmentName.exec(name)?.[1]);
      const lastSeq = decoded.records.at(-1)?.seq ?? firstSeq - 1;
      if (decoded.records.length === 0) await unlink(path);
      else segments.push({ path, firstSeq, lastSeq, bytes: decoded.validBytes });
    }
    return { journal: new Journal(dir, segmentBytes, log, segments, openFile), records };
  }

  /** Starts a fresh segment for appends; `nextSeq` is the seq of the next record. */
  async start(nextSeq: number): Promise<void> {
    this.#durableSeq = nextSeq - 1;
    await this.#openSegment(nextSeq);
  }

  /** How many write+fdatasync rounds ran (each may carry many appends). */
  get syncs(): number {
    return this.#syncs;
  }

  /** Why appends are refused (a failed write or fsync, or close), if they are. */
  get failure(): StoreError | undefined {
    return this.#failure;
  }

  /** The seq of the last record known to be on disk. */
  get durableSeq(): number {
    return this.#durableSeq;
  }

  /** Bytes on disk across all segments. */
  get bytes(): number {
    return this.#segments.reduce((sum, segment) => sum + segment.bytes, 0);
  }

  /** Appends one record; resolves once it is fsynced. Records must come in seq order. */
  append(record: JournalRecord): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const frame = encodeRecord(record);
    return new Promise((resolve, reject) => {
      this.#queue.push({ frame, seq: record.seq, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Deletes closed segments whose records all reached the database. */
  async markFlushed(seq: number): Promise<void> {
    const done = this.#segments.filter(
      (segment) => segment !== this.#active?.segment && segment.lastSeq <= seq,
    );
    for (const segment of done) {
      await unlink(segment.path);
      this.#segments.splice(this.#segments.indexOf(segment), 1);
    }
  }

  /** Waits for pending appends, then closes the active segment. */
  async close(): Promise<void> {
    await this.#draining;
    await this.#active?.handle.close();
    this.#active = undefined;
    this.#failure ??= new StoreError('closed', 'the journal is closed');
  }

  async #drain(): Promise<void> {
    // One write + one fdatasync per round; appends arriving meanwhile wait for the next round.
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      try {
        await this.#writeBatch(batch);
      } catch (err) {
        await this.#fail(err, [...batch, ...this.#queue.splice(0)]);
        break;
      }
      for (const pending of batch) pending.resolve();
    }
    this.#draining = undefined;
  }

  async #writeBatch(batch: PendingAppend[]): Promise<void> {
    const active = this.#active;
    if (!active) throw new StoreError('closed', 'the journal is not started');
    const buffer = batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((p) => p.frame));

    let written = 0;
    while (written < buffer.length) {
      const { bytesWritten } = await active.handle.write(buffer, written);
      written += bytesWritten;
    }
    await active.handle.datasync();
    this.#durableSeq = batch.at(-1)!.seq;
    this.#syncs += 1;

    active.segment.bytes += buffer.length;
    active.segment.lastSeq = batch.at(-1)!.seq;
    if (active.segment.bytes >= this.#segmentBytes)
      await this.#openSegment(active.segment.lastSeq + 1);
  }

  async #openSegment(firstSeq: number): Promise<void> {
    const path = join(this.#dir, `journal-${String(firstSeq).padStart(16, '0')}.log`);
    const handle = await this.#openFile(path, 'ax');
    await handle.write(segmentMagic);
    await handle.datasync();
    await syncDirectory(this.#dir);

    const previous = this.#active;
    const segment = { path, firstSeq, lastSeq: firstSeq - 1, bytes: segmentMagic.length };
    this.#segments.push(segment);
    this.#active = { segment, handle };
    await previous?.handle.close();
  }

  /**
   * A failed write or fsync ends appending for good. After a failed fsync the kernel may have
   * dropped the dirty pages and a retry could report success for data that is gone (PostgreSQL
   * panics for the same reason), so the store refuses every later write, and the caller of
   * each pending append gets `journal_failed`: nothing of theirs was acknowledged. The tail
   * past the last durable record is cut (best effort: the disk may refuse that too), so a
   * restart does not bring back what was refused.
   */
  async #fail(err: unknown, pending: PendingAppend[]): Promise<void> {
    this.#failure = new StoreError(
      'journal_failed',
      `journal append failed (${describe(err)}); the store accepts no more writes: restart ` +
        'it once the disk is healthy (acknowledged writes are safe in the journal and database)',
      { cause: err },
    );
    this.#log.error({ err }, 'journal append failed; the store refuses further writes');
    const active = this.#active;
    if (active) {
      await active.handle
        .truncate(active.segment.bytes)
        .catch((truncateErr: unknown) =>
          this.#log.error({ err: truncateErr }, 'could not cut the refused journal tail'),
        );
    }
    for (const append of pending) append.reject(this.#failure);
  }
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Makes a file's creation durable: the directory entry is fsynced too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
