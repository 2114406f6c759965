import { inflateSync } from 'node:zlib';

import { decodeBzip2 } from './bzip2.js';
import { ReplayError } from './types.js';

// Compression mask bytes of MPQ sectors (REPLAY_FORMAT.md §5.6). Replays use only these two.
const maskBzip2 = 0x10;
const maskZlib = 0x02;

/**
 * Decompresses one MPQ unit: `data[0]` is the compression mask, the rest the stream. The result
 * must be exactly `size` bytes; anything else is `corrupt`, other codecs are
 * `unsupported_compression`.
 */
export function decompressUnit(data: Uint8Array, size: number, name: string): Uint8Array {
  const mask = data[0];
  const stream = data.subarray(1);
  let out: Uint8Array;
  try {
    if (mask === maskBzip2) {
      // Our own decoder: it writes into exactly `size` bytes and reuses its work buffer.
      out = decodeBzip2(stream, size);
    } else if (mask === maskZlib) {
      out = inflateSync(stream, { maxOutputLength: Math.max(size, 1) });
    } else {
      throw new ReplayError(
        'unsupported_compression',
        `${name}: compression 0x${(mask ?? 0).toString(16)} is not supported`,
      );
    }
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    throw new ReplayError('corrupt', `${name}: compressed data is damaged`, { cause: err });
  }

  if (out.length !== size) {
    throw new ReplayError('corrupt', `${name}: decompressed to ${out.length} bytes, not ${size}`);
  }

  return out;
}
