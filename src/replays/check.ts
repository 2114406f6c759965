import { createHash } from 'node:crypto';
import { ReplayError } from './decode/index.js';

/** The first four bytes of every `.SC2Replay`: the MPQ user-data block, `MPQ\x1B`. */
export const replayMagic = Uint8Array.of(0x4d, 0x50, 0x51, 0x1b);

/** The largest replay the ladder accepts. @defaultValue `10_000_000` bytes */
export const defaultMaxReplayBytes = 10_000_000;

/**
 * Cheap checks done before any parse or store: size, then magic. Throws `too_large` or
 * `not_a_replay`; decoding the rest is the decoder's work, in a worker.
 */
export function checkReplayBytes(bytes: Uint8Array, maxBytes = defaultMaxReplayBytes): void {
  if (bytes.byteLength > maxBytes) {
    throw new ReplayError(
      'too_large',
      `the file has ${bytes.byteLength} bytes; replays over ${maxBytes} bytes are refused`,
    );
  }

  const hasMagic = replayMagic.every((byte, index) => bytes[index] === byte);
  if (!hasMagic) {
    throw new ReplayError('not_a_replay', 'the file does not start with MPQ\\x1B', {
      offset: 0,
    });
  }
}

/** Keeps a `ReplayError`; anything else is a decoder defect, reported as `corrupt`. */
export function asReplayError(error: unknown): ReplayError {
  if (error instanceof ReplayError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ReplayError('corrupt', `the replay could not be read (${detail})`, { cause: error });
}

/** The SHA-256 of `bytes` as 64 lower-case hex digits: a replay's identity in storage. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when `value` is 64 lower-case hex digits, the only key storage accepts. */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
