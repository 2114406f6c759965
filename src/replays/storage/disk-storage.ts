import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkReplayBytes, defaultMaxReplayBytes, sha256Hex } from '../check.js';
import {
  assertMatchesKey,
  assertSha256Key,
  ReplayStorageError,
  type ReplayStorage,
  type StoredReplay,
} from './replay-storage.js';

/** Options of a `DiskReplayStorage`. */
export interface DiskReplayStorageOptions {
  /** The ladder's data folder; files go under `<dataDir>/replays/`. */
  dataDir: string;
  /** Refuse larger files with `too_large`. @defaultValue `10_000_000` */
  maxBytes?: number;
}

/**
 * Stores replays on local disk as `<dataDir>/replays/ab/abcd….SC2Replay`, where `abcd…` is
 * the file's SHA-256; the two-digit folder keeps directories small.
 */
export class DiskReplayStorage implements ReplayStorage {
  readonly #root: string;
  readonly #maxBytes: number;

  constructor(options: DiskReplayStorageOptions) {
    this.#root = join(options.dataDir, 'replays');
    this.#maxBytes = options.maxBytes ?? defaultMaxReplayBytes;
  }

  /** The path a replay with this hash is stored at. */
  pathOf(sha256: string): string {
    assertSha256Key(sha256);
    return join(this.#root, sha256.slice(0, 2), `${sha256}.SC2Replay`);
  }

  /** Stores `bytes` durably unless an identical file is already there. */
  async put(bytes: Uint8Array): Promise<StoredReplay> {
    checkReplayBytes(bytes, this.#maxBytes);
    const sha256 = sha256Hex(bytes);
    const path = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, byteLength: bytes.byteLength, isNew: false };

    // Write a temporary file, fsync, then rename: a crash leaves either no file or a whole one,
    // never a truncated replay under its final name.
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(join(this.#root, sha256.slice(0, 2)), { recursive: true });
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }

      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new ReplayStorageError('unavailable', `could not store replay ${sha256}`, {
        cause: error,
      });
    }

    return { sha256, byteLength: bytes.byteLength, isNew: true };
  }

  /** Reads a stored replay and checks it still hashes to its key. */
  async get(sha256: string): Promise<Uint8Array | null> {
    const path = this.pathOf(sha256);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new ReplayStorageError('unavailable', `could not read replay ${sha256}`, {
        cause: error,
      });
    }

    assertMatchesKey(sha256, bytes);
    return bytes;
  }

  /** Whether a replay with this hash is stored. */
  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new ReplayStorageError('unavailable', `could not look up replay ${sha256}`, {
        cause: error,
      });
    }
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
