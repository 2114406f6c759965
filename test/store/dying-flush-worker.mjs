// A flush worker that dies on its first message (thread-flusher.test.ts).
import { parentPort } from 'node:worker_threads';

parentPort?.once('message', () => process.exit(3));
