import type { DecodedReplay } from './decode/index.js';

/** What a caller asks of one parse. */
export interface ParseRequest {
  /** The name reported in `summary.file`. @defaultValue `''` */
  fileName?: string;
  /** Also decode tracker statistics. @defaultValue `false` */
  stats?: boolean;
  /**
   * Told the job's place in the queue: 1 is next, and 0 once it runs. Called when the job is
   * queued and again each time it moves, so an upload can show "you are 3rd".
   */
  onQueuePosition?: (position: number) => void;
}

/**
 * Reads replays into summaries. Every failure rejects with a `ReplayError` whose code a player
 * can be told. `PooledReplayParser` is the bot's; `InlineReplayParser` serves the CLI and tests.
 */
export interface ReplayParser {
  /**
   * Parses one replay. The pooled parser transfers `bytes` to a worker, so the caller's view is
   * detached afterwards: store or hash the file first.
   */
  parse(bytes: Uint8Array, request?: ParseRequest): Promise<DecodedReplay>;
  /** Refuses new work, rejects queued jobs with `busy`, and waits for running ones. */
  close(): Promise<void>;
}
