import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskReplayStorage, ReplayError, ReplayStorageError } from '../../src/replays/index.js';
import { corpusFiles, expectedSummary, readReplay } from './decode/corpus.js';

const name = corpusFiles().find((n) => n.startsWith('5.0'))!;
const replay = readReplay(name);
const { sha256 } = expectedSummary(name);

let dataDir: string;
let storage: DiskReplayStorage;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ladder-disk-storage-'));
  storage = new DiskReplayStorage({ dataDir, maxBytes: 2_000_000 });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('DiskReplayStorage', () => {
  it('stores a replay under its sha256 and reads the same bytes back', async () => {
    const stored = await storage.put(replay);

    expect(stored).toEqual({ sha256, byteLength: replay.byteLength, isNew: true });
    expect(storage.pathOf(sha256)).toBe(
      join(dataDir, 'replays', sha256.slice(0, 2), `${sha256}.SC2Replay`),
    );
    expect(await storage.has(sha256)).toBe(true);
    expect(Buffer.compare(Buffer.from((await storage.get(sha256))!), Buffer.from(replay))).toBe(0);
  });

  it('keeps one copy when the same file is stored twice, even at once', async () => {
    const results = await Promise.all([storage.put(replay), storage.put(replay)]);
    const again = await storage.put(replay);

    expect(results.some((r) => r.isNew)).toBe(true);
    expect(again.isNew).toBe(false);
    expect(await filesUnder(dataDir)).toEqual([storage.pathOf(sha256)]);
  });

  it('answers null and false for a replay it does not hold', async () => {
    const absent = 'f'.repeat(64);
    expect(await storage.get(absent)).toBeNull();
    expect(await storage.has(absent)).toBe(false);
  });

  it('refuses a file over the size cap with too_large and writes nothing', async () => {
    const big = new Uint8Array(2_000_001);
    big.set(replay.subarray(0, 4));

    await expect(storage.put(big)).rejects.toMatchObject({ code: 'too_large' });
    await expect(storage.put(big)).rejects.toBeInstanceOf(ReplayError);
    expect(await filesUnder(dataDir)).toEqual([]);
  });

  it('refuses a file without the replay magic with not_a_replay and writes nothing', async () => {
    const mpqWithoutUserData = Uint8Array.of(0x4d, 0x50, 0x51, 0x1a, 0, 0, 0, 0);
    await expect(storage.put(mpqWithoutUserData)).rejects.toMatchObject({ code: 'not_a_replay' });
    await expect(storage.put(new Uint8Array())).rejects.toMatchObject({ code: 'not_a_replay' });
    expect(await filesUnder(dataDir)).toEqual([]);
  });

  it('refuses keys that are not a sha256, so no path can escape the folder', async () => {
    for (const key of ['../../etc/passwd', 'A'.repeat(64), `${sha256}/..`, '']) {
      await expect(storage.get(key)).rejects.toMatchObject({ code: 'invalid_key' });
      await expect(storage.has(key)).rejects.toBeInstanceOf(ReplayStorageError);
    }
  });

  it('reports a stored file whose content changed with integrity', async () => {
    await storage.put(replay);
    await writeFile(storage.pathOf(sha256), 'tampered');
    await expect(storage.get(sha256)).rejects.toMatchObject({ code: 'integrity' });
  });

  it('reports an unwritable data folder with unavailable', async () => {
    const blocked = new DiskReplayStorage({ dataDir: join(dataDir, 'file') });
    await writeFile(join(dataDir, 'file'), 'not a folder');
    await expect(blocked.put(replay)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
