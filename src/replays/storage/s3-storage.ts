import { checkReplayBytes, defaultMaxReplayBytes, sha256Hex } from '../check.js';
import {
  assertMatchesKey,
  assertSha256Key,
  type ReplayStorage,
  type StoredReplay,
} from './replay-storage.js';
import { S3Client, type S3ClientOptions } from './s3-client.js';

/** Options of an `S3ReplayStorage`. */
export interface S3ReplayStorageOptions extends S3ClientOptions {
  /** Key prefix inside the bucket. @defaultValue `'replays/'` */
  prefix?: string;
  /** Refuse larger files with `too_large`. @defaultValue `10_000_000` */
  maxBytes?: number;
}

/** Stores replays in an S3-compatible bucket as `<prefix>ab/abcd….SC2Replay`. */
export class S3ReplayStorage implements ReplayStorage {
  readonly #client: S3Client;
  readonly #prefix: string;
  readonly #maxBytes: number;

  constructor(options: S3ReplayStorageOptions) {
    this.#client = new S3Client(options);
    this.#prefix = options.prefix ?? 'replays/';
    this.#maxBytes = options.maxBytes ?? defaultMaxReplayBytes;
  }

  /** The object key of a replay with this hash. */
  keyOf(sha256: string): string {
    assertSha256Key(sha256);
    return `${this.#prefix}${sha256.slice(0, 2)}/${sha256}.SC2Replay`;
  }

  /** Uploads `bytes` unless the bucket already holds the same content. */
  async put(bytes: Uint8Array): Promise<StoredReplay> {
    checkReplayBytes(bytes, this.#maxBytes);
    const sha256 = sha256Hex(bytes);
    const key = this.keyOf(sha256);

    // A HEAD first saves re-uploading a file two players both sent; a race between two
    // uploads of one file writes the same bytes twice, which is harmless.
    if (await this.#client.headObject(key)) {
      return { sha256, byteLength: bytes.byteLength, isNew: false };
    }

    // The content hash is the SigV4 payload hash too, so the body is hashed once.
    await this.#client.putObject(key, bytes, sha256);
    return { sha256, byteLength: bytes.byteLength, isNew: true };
  }

  /** Downloads a stored replay and checks it still hashes to its key. */
  async get(sha256: string): Promise<Uint8Array | null> {
    // Nothing over the cap was ever stored, so a larger object is not ours to load.
    const bytes = await this.#client.getObject(this.keyOf(sha256), this.#maxBytes);
    if (bytes !== null) assertMatchesKey(sha256, bytes);
    return bytes;
  }

  /** Whether the bucket holds a replay with this hash. */
  async has(sha256: string): Promise<boolean> {
    return this.#client.headObject(this.keyOf(sha256));
  }
}
