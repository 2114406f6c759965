import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.js';
import { PgliteDatabase, PostgresDatabase, type Database } from '../../src/store/database.js';
import { silentLogger } from '../../src/logger.js';
import { join } from 'node:path';

const childPath = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** One crash run: how many kills, where, and how long a child lives before its kill. */
export interface CrashPlan {
  dataDir: string;
  databaseUrl?: string;
  kills: number;
  /** A child is killed this long after it reports ready: uniform in [min, max]. */
  minLifeMs: number;
  maxLifeMs: number;
}

/** What a crash run found. */
export interface CrashReport {
  kills: number;
  acknowledged: number;
  /** Acknowledged writes missing after restart (must be 0). */
  lost: number;
  /** Batches present by one record but not the other (must be 0). */
  halfApplied: number;
  /** Writes present but never acknowledged (allowed: in flight at the kill). */
  unacknowledgedPresent: number;
  /** Rows in the database for the run, and distinct ids in memory (must be equal). */
  databaseRows: number;
  memoryRecords: number;
  /** Median child life from spawn to kill, for the report. */
  restartMs: number[];
}

/** Runs the child `kills` times, SIGKILLs each at a random moment, then audits the data. */
export async function runCrashes(plan: CrashPlan): Promise<CrashReport> {
  const acknowledged = new Set<string>();
  const restartMs: number[] = [];

  for (let run = 0; run < plan.kills; run += 1) {
    const started = performance.now();
    const args = ['--import', 'tsx', childPath, plan.dataDir, `r${run}`];
    if (plan.databaseUrl) args.push(plan.databaseUrl);
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': 'exit' can come before the last "ack" lines are read from the pipe,
    // and an ack read too late would count as present but unacknowledged.
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );

    const ready = new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (line === 'ready') resolve();
        else if (line.startsWith('ack ')) acknowledged.add(line.slice(4));
      });
      void exited.then((code) =>
        reject(new Error(`child exited (${code}) before ready: ${stderr}`)),
      );
    });
    await ready;
    restartMs.push(performance.now() - started);

    const lifeMs = plan.minLifeMs + Math.random() * (plan.maxLifeMs - plan.minLifeMs);
    await new Promise((resolve) => setTimeout(resolve, lifeMs));
    child.kill('SIGKILL');
    await exited;
  }

  return audit(plan, acknowledged, restartMs);
}

async function audit(
  plan: CrashPlan,
  acknowledged: Set<string>,
  restartMs: number[],
): Promise<CrashReport> {
  const store = await openStore({
    dataDir: plan.dataDir,
    ...(plan.databaseUrl ? { databaseUrl: plan.databaseUrl } : {}),
  });
  const ids = new Set<string>();
  let halfApplied = 0;
  for (const entry of store.read.auditEntries({
    adminId: 'crash',
    limit: Number.MAX_SAFE_INTEGER,
  })) {
    const id = entry.id.slice(2);
    ids.add(id);
    if (!store.read.keyValue(`k-${id}`)) halfApplied += 1;
  }

  let lost = 0;
  for (const id of acknowledged) if (!ids.has(id)) lost += 1;
  await store.flush();
  await store.close();

  // The database must now hold each record exactly once: as many rows as distinct ids.
  const db: Database = plan.databaseUrl
    ? new PostgresDatabase(plan.databaseUrl, 1, silentLogger)
    : await PgliteDatabase.open(join(plan.dataDir, 'pg'));
  const [audits] = await db.query(`SELECT count(*) AS n FROM audit_log WHERE admin_id = 'crash'`);
  const [values] = await db.query(`SELECT count(*) AS n FROM key_values WHERE id LIKE 'k-%'`);
  await db.close();
  const databaseRows = Number(audits?.n);
  if (Number(values?.n) !== databaseRows) halfApplied += Math.abs(Number(values?.n) - databaseRows);

  return {
    kills: plan.kills,
    acknowledged: acknowledged.size,
    lost,
    halfApplied,
    unacknowledgedPresent: [...ids].filter((id) => !acknowledged.has(id)).length,
    databaseRows,
    memoryRecords: ids.size,
    restartMs,
  };
}
