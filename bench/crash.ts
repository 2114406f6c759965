import { runCrashes, type CrashReport } from '../test/store/crash-harness.js';
import { createTestDatabase, removeDir, tempDir } from '../test/store/fixtures.js';

// `ladder bench crash [--kills N] [--pglite] [--json]`: the crash harness of the store tests,
// run N times (default 100): a child writes as fast as it can and is SIGKILLed at a random
// moment 50–600 ms after it is ready; then every acknowledged write must be there exactly once.
// Target (ARCHITECTURE.md §7): 0 acknowledged writes lost in 100 kills.

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

/** `ladder bench crash`: prints the crash figures. */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const killsAt = args.indexOf('--kills');
  const kills = killsAt >= 0 ? Number(args[killsAt + 1]) : 100;
  const usePglite = args.includes('--pglite');

  const db = usePglite ? undefined : await createTestDatabase();
  const dataDir = await tempDir('bench-crash');
  const started = performance.now();
  let report: CrashReport;
  try {
    report = await runCrashes({
      dataDir,
      ...(db ? { databaseUrl: db.url } : {}),
      kills,
      minLifeMs: 50,
      maxLifeMs: 600,
    });
  } finally {
    await removeDir(dataDir);
    await db?.drop();
  }

  const seconds = (performance.now() - started) / 1_000;
  const { restartMs, ...figures } = report;
  const summary = {
    database: usePglite ? 'pglite' : 'postgres',
    ...figures,
    startToReadyMsP50: Math.round(median(restartMs)),
    seconds: Math.round(seconds),
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(
      [
        `database: ${summary.database}, kills: ${summary.kills} (SIGKILL 50–600 ms after ready)`,
        `acknowledged writes: ${summary.acknowledged}`,
        `lost acknowledged writes: ${summary.lost}`,
        `half-applied batches: ${summary.halfApplied}`,
        `present but never acknowledged (in flight at a kill): ${summary.unacknowledgedPresent}`,
        `database rows ${summary.databaseRows} = records in memory ${summary.memoryRecords}: ${summary.databaseRows === summary.memoryRecords}`,
        `child start to ready p50: ${summary.startToReadyMsP50} ms; total ${summary.seconds} s`,
      ].join('\n') + '\n',
    );
  }
  return summary.lost === 0 && summary.halfApplied === 0 ? 0 : 1;
}
