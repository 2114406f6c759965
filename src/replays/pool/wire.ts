import { ReplayError, type DecodedReplay, type ReplayErrorCode } from '../decode/index.js';
import { asReplayError } from '../check.js';

// What crosses the thread boundary. Structured clone drops an error's own fields (`code`,
// `offset`), so the worker sends failures as plain data and the main thread rebuilds them.

/** One parse job as the worker receives it; `bytes` arrives transferred, not copied. */
export interface ParseTask {
  /** Pool-wide job number, echoed in the start message. */
  jobId: number;
  bytes: Uint8Array;
  fileName: string;
  stats: boolean;
  maxBytes: number;
}

/** Posted by the worker as it begins a decode, so the deadline measures only the decode. */
export interface JobStartedMessage {
  replayJobStarted: number;
}

/** Whether a worker message is a `JobStartedMessage`. */
export function isJobStartedMessage(message: unknown): message is JobStartedMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as Partial<JobStartedMessage>).replayJobStarted === 'number'
  );
}

/** A failure as plain data. */
export interface ParseFailure {
  ok: false;
  code: ReplayErrorCode;
  message: string;
  offset?: number;
}

/** What the worker answers. */
export type ParseOutcome = { ok: true; replay: DecodedReplay } | ParseFailure;

/** What the worker is started with. */
export interface PoolWorkerData {
  /** `file:` URL of the module whose `decodeReplay` the worker runs. */
  decoderUrl: string;
}

/** Turns a thrown value into a failure the main thread can rebuild. */
export function toFailure(thrown: unknown): ParseFailure {
  const error = asReplayError(thrown);
  const failure: ParseFailure = { ok: false, code: error.code, message: error.message };
  if (error.offset !== undefined) failure.offset = error.offset;
  return failure;
}

/** Rebuilds the `ReplayError` a worker reported. */
export function fromFailure(failure: ParseFailure): ReplayError {
  const options = failure.offset === undefined ? {} : { offset: failure.offset };
  return new ReplayError(failure.code, failure.message, options);
}
