import type { Registry } from 'prom-client';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { PooledReplayParser } from './pooled-parser.js';

type PoolConfig = Pick<
  Config,
  'REPLAY_WORKERS' | 'REPLAY_DEADLINE_MS' | 'REPLAY_QUEUE_MAX' | 'REPLAY_MAX_BYTES'
>;

/** What the pool reports to: the process' metrics registry and the `pool` logger. */
export interface PoolDependencies {
  registry: Registry;
  logger?: Logger;
}

/** The bot's replay parser: a worker pool sized and bounded by the `REPLAY_*` settings. */
export function createReplayParser(config: PoolConfig, dependencies: PoolDependencies) {
  return new PooledReplayParser({
    workers: config.REPLAY_WORKERS,
    deadlineMs: config.REPLAY_DEADLINE_MS,
    queueMax: config.REPLAY_QUEUE_MAX,
    maxBytes: config.REPLAY_MAX_BYTES,
    registry: dependencies.registry,
    ...(dependencies.logger ? { logger: dependencies.logger } : {}),
  });
}
