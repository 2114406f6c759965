import { afterAll, describe, expect, it } from 'vitest';
import { runCrashes } from './crash-harness.js';
import { createTestDatabase, removeDir, tempDir } from './fixtures.js';

// SIGKILL at random moments while a child writes as fast as it can; 22 kills in all.

const dirs: string[] = [];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
  for (const drop of drops) await drop();
});

describe('crash safety', () => {
  it('keeps every acknowledged write exactly once across 14 kills on PostgreSQL', async () => {
    const { url, drop } = await createTestDatabase();
    drops.push(drop);
    const dataDir = await tempDir('crash-pg');
    dirs.push(dataDir);

    const report = await runCrashes({
      dataDir,
      databaseUrl: url,
      kills: 14,
      minLifeMs: 50,
      maxLifeMs: 600,
    });
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.halfApplied).toBe(0);
    expect(report.databaseRows).toBe(report.memoryRecords);
    expect(report.unacknowledgedPresent).toBeLessThanOrEqual(14 * 32);
  }, 180_000);

  it('keeps every acknowledged write exactly once across 8 kills on PGlite', async () => {
    const dataDir = await tempDir('crash-pglite');
    dirs.push(dataDir);

    const report = await runCrashes({ dataDir, kills: 8, minLifeMs: 50, maxLifeMs: 800 });
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.halfApplied).toBe(0);
    expect(report.databaseRows).toBe(report.memoryRecords);
  }, 240_000);
});
