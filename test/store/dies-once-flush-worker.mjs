/* global URL */
// A flush worker that runs the real one, but the first of its kind dies as soon as it has
// landed a batch: mid-flush, with batches committed and perhaps not confirmed
// (thread-flusher.test.ts). The marker file named by DIES_ONCE_MARKER tells later workers that
// one already died.
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const marker = process.env.DIES_ONCE_MARKER;
if (parentPort && marker && !existsSync(marker)) {
  writeFileSync(marker, 'died');
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (message) => {
    if ((message?.stats?.flushedRows ?? 0) > 0) process.exit(3);
    post(message);
  };
}
await import(new URL('../../src/store/flush-worker-entry.mjs', import.meta.url).href);
