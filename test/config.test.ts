import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const noDotenv = '/nonexistent/.env';

describe('loadConfig', () => {
  it('applies defaults when the environment is empty', () => {
    const config = loadConfig({ env: {}, dotenvPath: noDotenv });
    expect(config.DATABASE_POOL_SIZE).toBe(10);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REPLAY_WORKERS).toBeGreaterThanOrEqual(1);
  });

  it('reports every problem at once, naming the variable, the rule and the value', () => {
    const env = { JOURNAL_FLUSH_INTERVAL_MS: 'abc', DATABASE_URL: 'mysql://x', WEB_PORT: '70000' };
    let caught: unknown;
    try {
      loadConfig({ env, dotenvPath: noDotenv });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toContain('JOURNAL_FLUSH_INTERVAL_MS must be a positive integer (got "abc")');
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toContain('"mysql://x"');
    expect(problems.find((p) => p.startsWith('WEB_PORT'))).toContain('65535');
  });

  it('never prints a password from a rejected connection URL', () => {
    const env = { DATABASE_URL: 'mysql://ladder:hunter2@db/ladder' };
    expect(() => loadConfig({ env, dotenvPath: noDotenv })).toThrow(
      'DATABASE_URL must be a URL starting with postgres:// or postgresql:// ' +
        '(got "mysql://ladder:[secret]@db/ladder")',
    );
  });

  it('reads a .env file, and the environment wins over it', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'ladder-config-'));
    const path = join(dir, '.env');
    await writeFile(path, 'WEB_PORT=9000\nDATABASE_POOL_SIZE=4\n');
    const config = loadConfig({ env: { WEB_PORT: '9100' }, dotenvPath: path });
    await rm(dir, { recursive: true });
    expect(config.WEB_PORT).toBe(9100);
    expect(config.DATABASE_POOL_SIZE).toBe(4);
  });
});
