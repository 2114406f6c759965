import { LadderError } from '../../errors.js';
import { isSha256Hex, sha256Hex } from '../check.js';

/** Why storage failed, apart from the replay checks (`too_large`, `not_a_replay`). */
export type ReplayStorageErrorCode = 'invalid_key' | 'unavailable' | 'integrity';

/** A storage failure; `status` is the HTTP status when a bucket answered. */
export class ReplayStorageError extends LadderError<ReplayStorageErrorCode> {
  readonly status: number | undefined;

  constructor(
    code: ReplayStorageErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.status = options.status;
  }
}

/** What `put` did. */
export interface StoredReplay {
  sha256: string;
  byteLength: number;
  /** False when a file with the same content was already stored. */
  isNew: boolean;
}

/**
 * Replay files stored by the SHA-256 of their content. `put` refuses files over the size cap
 * or without the replay magic before writing anything (`ReplayError` `too_large` or
 * `not_a_replay`); storing the same file twice keeps one copy.
 */
export interface ReplayStorage {
  /** Stores `bytes` unless already present; the bytes are read, never kept or detached. */
  put(bytes: Uint8Array): Promise<StoredReplay>;
  /** The stored file, or `null` if absent; throws `integrity` if its content no longer hashes to the key. */
  get(sha256: string): Promise<Uint8Array | null>;
  /** Whether a file with this hash is stored. */
  has(sha256: string): Promise<boolean>;
}

/** Throws `invalid_key` unless `sha256` is 64 lower-case hex digits: keys become paths. */
export function assertSha256Key(sha256: string): void {
  if (!isSha256Hex(sha256)) {
    const shown = JSON.stringify(sha256.slice(0, 80));
    throw new ReplayStorageError(
      'invalid_key',
      `a replay key must be 64 lower-case hex digits (got ${shown})`,
    );
  }
}

/** Throws `integrity` unless stored `bytes` still hash to their key: storage can rot. */
export function assertMatchesKey(sha256: string, bytes: Uint8Array): void {
  if (sha256Hex(bytes) !== sha256) {
    throw new ReplayStorageError('integrity', `stored replay ${sha256} no longer matches its hash`);
  }
}
