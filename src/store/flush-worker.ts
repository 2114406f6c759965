import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { PostgresDatabase } from './database.js';
import type { FlushStats } from './flush-api.js';
import { confirmMark, InlineFlusher } from './flusher.js';
import type { FlushWorkerData, FromFlushWorker, ToFlushWorker } from './thread-flusher.js';

// The flush worker thread (started by ThreadFlusher): its own PostgreSQL pool and an
// InlineFlusher, fed with records and the journal's durable seq by the main thread.

const data = workerData as FlushWorkerData;
const port = parentPort!;
const post = (message: FromFlushWorker) => port.postMessage(message);

// Log lines go to the main thread, which writes them through the store's logger.
const log = pino(
  { level: data.logLevel, base: null },
  { write: (line: string) => post({ type: 'log', line }) },
);
const db = new PostgresDatabase(data.databaseUrl, data.poolSize, log);

// A worker that replaces a dead one starts from the mark the database holds: its predecessor
// may have committed batches it never confirmed, and those are not written again. (Messages
// wait in the port until the listener below is attached.)
const startSeq = await confirmMark(db, data.flushedSeq).then(
  (mark) => Math.max(mark, data.flushedSeq),
  (err: unknown) => {
    log.warn({ err }, 'reading the journal mark at start failed; flushing will find it');
    return data.flushedSeq;
  },
);
let durableSeq = startSeq;
const flusher = new InlineFlusher(
  db,
  data.options,
  log,
  startSeq,
  () => durableSeq,
  async (seq) => post({ type: 'confirmed', seq, stats: snapshot() }),
);

const snapshot = (): FlushStats => ({ ...flusher.stats });
if (startSeq > data.flushedSeq) post({ type: 'confirmed', seq: startSeq, stats: snapshot() });

// Figures between confirmations, for the store's stats; sent only when they changed.
const statsIntervalMs = 100;
let lastSent = '';
const statsTimer = setInterval(() => {
  const stats = snapshot();
  const json = JSON.stringify(stats);
  if (json !== lastSent) post({ type: 'stats', stats });
  lastSent = json;
}, statsIntervalMs);

port.on('message', (message: ToFlushWorker) => {
  if (message.type === 'records') {
    for (const record of message.records) {
      if (record.seq <= startSeq) continue;
      const { ids } = record;
      flusher.enqueue({
        seq: record.seq,
        changes: record.kinds.map((kind, i) => ({ kind, record: { id: ids[i]! } })),
        encoded: record.encoded,
      });
    }
    durableSeq = Math.max(durableSeq, message.durableSeq);
    flusher.notifyDurable();
  } else if (message.type === 'flushUpTo') {
    const { id, seq } = message;
    void flusher.flushUpTo(seq).then(() => post({ type: 'flushedUpTo', id, stats: snapshot() }));
  } else {
    void stop();
  }
});

// The main thread terminates this thread once it heard 'stopped'.
async function stop(): Promise<void> {
  clearInterval(statsTimer);
  await flusher.stop();
  await db.close().catch((err: unknown) => log.warn({ err }, 'closing the flush pool failed'));
  post({ type: 'stopped', stats: snapshot() });
}
