import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import {
  createReplayParser,
  createReplayStorage,
  DiskReplayStorage,
  S3ReplayStorage,
} from '../../src/replays/index.js';

const configOf = (env: Record<string, string>) =>
  loadConfig({
    env: { LADDER_DATA_DIR: '/tmp/ladder-config-test', ...env },
    dotenvPath: '/nonexistent/.env',
  });

describe('createReplayStorage', () => {
  it('stores in the data folder when no bucket is configured', () => {
    const storage = createReplayStorage(configOf({}));
    expect(storage).toBeInstanceOf(DiskReplayStorage);
    expect((storage as DiskReplayStorage).pathOf('ab'.repeat(32))).toMatch(
      /^\/tmp\/ladder-config-test\/replays\/ab\/(ab){32}\.SC2Replay$/,
    );
  });

  it('stores in the bucket when one is configured with its endpoint and keys', () => {
    const storage = createReplayStorage(
      configOf({
        S3_BUCKET: 'b',
        S3_ENDPOINT: 'http://127.0.0.1:4568',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
    );
    expect(storage).toBeInstanceOf(S3ReplayStorage);
  });

  it('names every missing setting when a bucket lacks endpoint or keys', () => {
    const error = (() => {
      try {
        createReplayStorage(configOf({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id' }));
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'S3_ENDPOINT must be set when S3_BUCKET is (missing)',
      'S3_SECRET_ACCESS_KEY must be set when S3_BUCKET is (missing)',
    ]);
  });
});

describe('createReplayParser', () => {
  it('sizes the pool from REPLAY_WORKERS and registers its metrics', async () => {
    const registry = new Registry();
    const parser = createReplayParser(configOf({ REPLAY_WORKERS: '2', REPLAY_QUEUE_MAX: '3' }), {
      registry,
    });

    try {
      const workers = await registry.getSingleMetric('ladder_replay_pool_workers')?.get();
      expect(workers?.values[0]?.value).toBe(2);
      expect(parser.queueLength).toBe(0);
    } finally {
      await parser.close();
    }
  });
});
