import { decodeReplay, ReplayError, type DecodedReplay } from './decode/index.js';
import { asReplayError, checkReplayBytes, defaultMaxReplayBytes } from './check.js';
import type { ParseRequest, ReplayParser } from './parser.js';

/** The decoder's signature, so tests can give their own. */
export type DecodeFunction = typeof decodeReplay;

/** Options of an `InlineReplayParser`. */
export interface InlineReplayParserOptions {
  /** Refuse larger files with `too_large`. @defaultValue `10_000_000` */
  maxBytes?: number;
  /** The decoder to run. @defaultValue the real `decodeReplay` */
  decode?: DecodeFunction;
}

/**
 * Parses on the calling thread. For the command line and tests only: the bot never parses on
 * its main thread, where one slow file would stall every Discord interaction.
 */
export class InlineReplayParser implements ReplayParser {
  readonly #maxBytes: number;
  readonly #decode: DecodeFunction;
  #isClosed = false;

  constructor(options: InlineReplayParserOptions = {}) {
    this.#maxBytes = options.maxBytes ?? defaultMaxReplayBytes;
    this.#decode = options.decode ?? decodeReplay;
  }

  /** Parses `bytes` now; the caller's bytes are left untouched. */
  async parse(bytes: Uint8Array, request: ParseRequest = {}): Promise<DecodedReplay> {
    if (this.#isClosed) throw new ReplayError('busy', 'the replay parser is closed');
    checkReplayBytes(bytes, this.#maxBytes);
    request.onQueuePosition?.(0);

    try {
      return this.#decode(bytes, {
        fileName: request.fileName ?? '',
        stats: request.stats ?? false,
        maxBytes: this.#maxBytes,
      });
    } catch (error) {
      throw asReplayError(error);
    }
  }

  /** Refuses further parses. */
  async close(): Promise<void> {
    this.#isClosed = true;
  }
}
