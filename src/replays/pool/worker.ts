import { parentPort, workerData } from 'node:worker_threads';
import type { DecodedReplay, DecodeOptions } from '../decode/index.js';
import {
  toFailure,
  type JobStartedMessage,
  type ParseOutcome,
  type ParseTask,
  type PoolWorkerData,
} from './wire.js';

// Runs inside a piscina worker thread, loaded through worker-entry.mjs. The decoder module is
// chosen by the pool (the real one, or a test-only one) and imported once per worker.

interface DecoderModule {
  decodeReplay(bytes: Uint8Array, options: DecodeOptions): DecodedReplay;
}

const { decoderUrl } = workerData as PoolWorkerData;
const decoder = (await import(decoderUrl)) as DecoderModule;

/** Parses one replay; never throws, so a bad file cannot take the worker down. */
export default function parseInWorker(task: ParseTask): ParseOutcome {
  // Posted before decoding: the message is queued to the main thread at once, so it arrives
  // even if the decode below never returns.
  const started: JobStartedMessage = { replayJobStarted: task.jobId };
  parentPort?.postMessage(started);

  try {
    const replay = decoder.decodeReplay(task.bytes, {
      fileName: task.fileName,
      stats: task.stats,
      maxBytes: task.maxBytes,
    });
    return { ok: true, replay };
  } catch (error) {
    return toFailure(error);
  }
}
