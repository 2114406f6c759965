// A child for the crash harness: opens the store and performs acknowledged writes as fast as it
// can until it is killed. Each write is one batch of two records (an audit entry and a key
// value with the same number), and "ack <id>" is printed only after the write resolved.
// Usage: node --import tsx test/store/crash-child.ts DATA_DIR RUN [DATABASE_URL]

import { openStore } from '../../src/store/index.js';

const [dataDir, run, databaseUrl] = process.argv.slice(2);
if (!dataDir || !run) {
  process.stderr.write('usage: crash-child DATA_DIR RUN [DATABASE_URL]\n');
  process.exit(2);
}

const concurrency = 32;
const store = await openStore({
  dataDir,
  ...(databaseUrl ? { databaseUrl } : {}),
  flushIntervalMs: 5,
  flushRows: 500,
  // Small segments, so kills also land during rotation and compaction.
  segmentBytes: 256 * 1024,
});
process.stdout.write('ready\n');

let next = 0;
async function writer(): Promise<void> {
  for (;;) {
    const id = `${run}-${next++}`;
    const at = Date.now();
    await store.write([
      {
        kind: 'audit',
        record: {
          id: `a-${id}`,
          adminId: 'crash',
          at,
          action: 'crash_test',
          targetPlayerId: null,
          matchId: null,
          before: null,
          after: { id },
          reason: 'acknowledged write',
          dmFailed: false,
        },
      },
      { kind: 'keyValue', record: { id: `k-${id}`, value: id, expiresAt: null, updatedAt: at } },
    ]);
    // Pipes are synchronous on Linux: once this returns, the parent will read the line.
    process.stdout.write(`ack ${id}\n`);
  }
}

await Promise.all(Array.from({ length: concurrency }, writer));
