import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { StoreOptions } from './api.js';

/** Store options from the validated configuration (LADDER_DATA_DIR, DATABASE_*, JOURNAL_*). */
export function storeOptionsFromConfig(config: Config, logger: Logger): StoreOptions {
  return {
    dataDir: config.LADDER_DATA_DIR,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    poolSize: config.DATABASE_POOL_SIZE,
    ...(config.JOURNAL_FLUSH_ROWS ? { flushRows: config.JOURNAL_FLUSH_ROWS } : {}),
    flushIntervalMs: config.JOURNAL_FLUSH_INTERVAL_MS,
    retryMaxMs: config.JOURNAL_RETRY_MAX_MS,
    logger,
  };
}
