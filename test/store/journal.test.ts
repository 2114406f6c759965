import { readdir, readFile, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Journal } from '../../src/store/journal.js';
import { decodeSegment, encodeRecord, segmentMagic } from '../../src/store/journal-format.js';
import type { JournalRecord } from '../../src/store/journal-format.js';
import { makeAudit, makePlayer, removeDir, tempDir } from './fixtures.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function freshDir(): Promise<string> {
  const dir = await tempDir('journal');
  dirs.push(dir);
  return dir;
}

function record(seq: number): JournalRecord {
  return {
    seq,
    changes: [
      { kind: 'player', record: makePlayer(seq, { discordName: `김${seq}🐉` }) },
      { kind: 'audit', record: makeAudit(`a${seq}`) },
    ],
  };
}

function flipByte(bytes: Buffer, offset: number): void {
  bytes.writeUInt8(bytes.readUInt8(offset) ^ 0xff, offset);
}

/** A small record, so cutting at every offset stays quick. */
function small(seq: number): JournalRecord {
  return {
    seq,
    changes: [
      {
        kind: 'keyValue',
        record: { id: `k${seq}`, value: '한🐉', expiresAt: null, updatedAt: seq },
      },
    ],
  };
}

/** A segment built from readable parts: the magic, then whole encoded records. */
function segmentOf(records: JournalRecord[]): Buffer {
  return Buffer.concat([segmentMagic, ...records.map(encodeRecord)]);
}

describe('journal format', () => {
  const records = [record(1), record(2), record(3)];
  const bytes = segmentOf(records);
  const ends = records.map((_, i) => segmentOf(records.slice(0, i + 1)).length);

  it('decodes the whole records before a cut at every byte offset', () => {
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const decoded = decodeSegment(bytes.subarray(0, cut));
      const whole = ends.filter((end) => end <= cut).length;
      expect(decoded.records.map((r) => r.seq)).toEqual([1, 2, 3].slice(0, whole));
      const isClean = cut === 0 || cut === segmentMagic.length || ends.includes(cut);
      expect(decoded.tornAt === null, `cut ${cut}`).toBe(isClean);
    }
  });

  it('rejects a flipped byte in the last record with bad_checksum', () => {
    const damaged = Buffer.from(bytes);
    flipByte(damaged, bytes.length - 5);
    const decoded = decodeSegment(damaged);
    expect(decoded.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(decoded.tornReason).toBe('bad_checksum');
  });

  it('rejects an absurd length field with bad_length', () => {
    const garbage = Buffer.concat([bytes, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])]);
    expect(decodeSegment(garbage).tornReason).toBe('bad_length');
  });
});

describe('journal files', () => {
  it('loads cleanly, and appends after, a last segment cut at every byte offset', async () => {
    const records = [small(1), small(2), small(3)];
    const bytes = segmentOf(records);
    const ends = records.map((_, i) => segmentOf(records.slice(0, i + 1)).length);
    const name = `journal-${'1'.padStart(16, '0')}.log`;

    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const dir = await freshDir();
      await writeFile(join(dir, name), bytes.subarray(0, cut));

      const { journal, records: loaded } = await Journal.open(dir, 1 << 20, silentLogger);
      const whole = ends.filter((end) => end <= cut).length;
      expect(
        loaded.map((r) => r.seq),
        `cut ${cut}`,
      ).toEqual([1, 2, 3].slice(0, whole));

      // New appends land after the cut-off tail and read back whole.
      await journal.start(whole + 1);
      await journal.append(small(whole + 1));
      await journal.close();
      const again = await Journal.open(dir, 1 << 20, silentLogger);
      expect(again.records.map((r) => r.seq)).toEqual([1, 2, 3, 4].slice(0, whole + 1));
      await removeDir(dir);
    }
  }, 120_000);

  it('refuses damage before the last segment with journal_corrupt', async () => {
    const dir = await freshDir();
    const first = segmentOf([record(1), record(2)]);
    flipByte(first, first.length - 3);
    await writeFile(join(dir, `journal-${'1'.padStart(16, '0')}.log`), first);
    await writeFile(join(dir, `journal-${'3'.padStart(16, '0')}.log`), segmentOf([record(3)]));

    await expect(Journal.open(dir, 1 << 20, silentLogger)).rejects.toMatchObject({
      code: 'journal_corrupt',
    });
    // Nothing was cut: the damaged file is left for a person to look at.
    expect((await readFile(join(dir, `journal-${'1'.padStart(16, '0')}.log`))).equals(first)).toBe(
      true,
    );
  });

  it('refuses a segment that is not a journal with journal_corrupt', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, `journal-${'1'.padStart(16, '0')}.log`), 'hello, I am a text file');
    await expect(Journal.open(dir, 1 << 20, silentLogger)).rejects.toMatchObject({
      code: 'journal_corrupt',
    });
  });

  it('shares one fdatasync among appends that arrive together', async () => {
    const dir = await freshDir();
    const { journal } = await Journal.open(dir, 1 << 30, silentLogger);
    await journal.start(1);
    await Promise.all(Array.from({ length: 500 }, (_, i) => journal.append(record(i + 1))));
    expect(journal.durableSeq).toBe(500);
    expect(journal.syncs).toBeLessThan(10);
    await journal.close();

    const { records } = await Journal.open(dir, 1 << 30, silentLogger);
    expect(records).toHaveLength(500);
  });

  it('rotates segments past the size limit and deletes flushed ones', async () => {
    const dir = await freshDir();
    const { journal } = await Journal.open(dir, 2_000, silentLogger);
    await journal.start(1);
    for (let seq = 1; seq <= 20; seq += 1) await journal.append(record(seq));
    const before = (await readdir(dir)).length;
    expect(before).toBeGreaterThan(2);

    await journal.markFlushed(20);
    expect(await readdir(dir)).toHaveLength(1);
    await journal.close();
  });

  it('keeps records of a segment whose tail holds garbage appended after a crash', async () => {
    const dir = await freshDir();
    const { journal } = await Journal.open(dir, 1 << 20, silentLogger);
    await journal.start(1);
    await journal.append(record(1));
    await journal.close();
    const [name] = await readdir(dir);
    await appendFile(join(dir, name!), encodeRecord(record(2)).subarray(0, 17));

    const { records } = await Journal.open(dir, 1 << 20, silentLogger);
    expect(records.map((r) => r.seq)).toEqual([1]);
  });
});
