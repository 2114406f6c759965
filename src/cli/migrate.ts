import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { createLogger, partLogger } from '../logger.js';
import { migrateStore, StoreError } from '../store/index.js';

/** `ladder migrate`: applies the numbered SQL migrations to the configured database. */
export async function run(_args: string[]): Promise<number> {
  try {
    const config = loadConfig();
    const logger = partLogger(createLogger(config.LOG_LEVEL), 'store');
    const result = await migrateStore({
      dataDir: config.LADDER_DATA_DIR,
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
      logger,
    });
    const where = config.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${config.LADDER_DATA_DIR}/pg`;
    const applied =
      result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'nothing to apply';
    process.stdout.write(`${where}: schema at version ${result.version} (${applied})\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreError) {
      process.stderr.write(`ladder migrate: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
