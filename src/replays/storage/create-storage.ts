import type { Config } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { DiskReplayStorage } from './disk-storage.js';
import type { ReplayStorage } from './replay-storage.js';
import { S3ReplayStorage } from './s3-storage.js';

type StorageConfig = Pick<
  Config,
  | 'LADDER_DATA_DIR'
  | 'REPLAY_MAX_BYTES'
  | 'S3_ENDPOINT'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
>;

/**
 * The replay storage the configuration asks for: a bucket when `S3_BUCKET` is set, otherwise
 * the data folder. A bucket without endpoint or keys is a configuration error.
 */
export function createReplayStorage(config: StorageConfig): ReplayStorage {
  const maxBytes = config.REPLAY_MAX_BYTES;
  if (config.S3_BUCKET === undefined) {
    return new DiskReplayStorage({ dataDir: config.LADDER_DATA_DIR, maxBytes });
  }

  const { S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = config;
  if (!S3_ENDPOINT || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY) {
    const missing = Object.entries({ S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY })
      .filter(([, value]) => !value)
      .map(([name]) => `${name} must be set when S3_BUCKET is (missing)`);
    throw new ConfigError(missing);
  }

  return new S3ReplayStorage({
    endpoint: S3_ENDPOINT,
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY },
    maxBytes,
  });
}
