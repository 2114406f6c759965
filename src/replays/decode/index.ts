import { ReplayError, type DecodeOptions, type DecodedReplay } from './types.js';

export * from './types.js';

/**
 * Decodes a whole `.SC2Replay` file. Pure and synchronous: run it in the worker pool, never on
 * the main thread of the bot. Every failure is a `ReplayError`.
 */
export function decodeReplay(bytes: Uint8Array, options: DecodeOptions = {}): DecodedReplay {
  // TODO: the decoder is being written (replay issue); remove this stub when it lands.
  void bytes;
  void options;
  throw new ReplayError('corrupt', 'the replay decoder is not built yet');
}
