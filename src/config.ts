import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.js';

// The one reader of the environment. Every setting is listed here with its rule and default;
// `loadConfig` reports every problem at once, naming the variable, the rule and the value.

const positiveInt = (rule = 'must be a positive integer') =>
  z
    .string()
    .regex(/^\d+$/, rule)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n > 0, rule);

const nonNegativeInt = (rule = 'must be a non-negative integer') =>
  z.string().regex(/^\d+$/, rule).transform(Number);

const url = (protocols: readonly string[]) =>
  z
    .string()
    .refine(
      (value) => URL.canParse(value) && protocols.includes(new URL(value).protocol),
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const defaultWorkers = Math.max(1, availableParallelism() - 1);

const schema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], 'must be development, test or production')
    .default('development'),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'must be a pino level')
    .default('info'),
  LADDER_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  LADDER_CONFIG_FILE: z.string().min(1, 'must not be empty').optional(),

  DISCORD_TOKEN: z.string().min(1, 'must not be empty').optional(),
  DISCORD_API_URL: url(['http:', 'https:']).optional(),

  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_SIZE: positiveInt().default(10),

  // Unset: the store picks by database (PostgreSQL 250, PGlite 2,000).
  JOURNAL_FLUSH_ROWS: positiveInt().optional(),
  JOURNAL_FLUSH_INTERVAL_MS: positiveInt().default(250),
  JOURNAL_RETRY_MAX_MS: positiveInt().default(30_000),

  REPLAY_WORKERS: positiveInt().default(defaultWorkers),
  REPLAY_DEADLINE_MS: positiveInt().default(5_000),
  REPLAY_QUEUE_MAX: positiveInt().default(256),
  REPLAY_MAX_BYTES: positiveInt().default(10_000_000),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_BUCKET: z.string().min(1, 'must not be empty').optional(),
  S3_REGION: z.string().min(1, 'must not be empty').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1, 'must not be empty').optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1, 'must not be empty').optional(),

  REDIS_URL: url(['redis:', 'rediss:']).optional(),

  WEB_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  WEB_PORT: nonNegativeInt('must be a port number (0–65535)')
    .refine((n) => n <= 65_535, 'must be a port number (0–65535)')
    .default(8080),
  METRICS_ENABLED: bool.default(true),
});

/** The validated settings of one process. */
export type Config = z.infer<typeof schema>;

/** Where to read settings from; tests pass their own. */
export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Path of an optional `.env` file; its values never override the environment. */
  dotenvPath?: string;
}

/**
 * Reads and validates every setting. Throws one `ConfigError` listing all problems.
 * @param sources - environment and `.env` path.
 * @defaultValue sources `{ env: process.env, dotenvPath: '.env' }`
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const dotenvPath = resolve(sources.dotenvPath ?? '.env');
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};

  // Empty strings count as unset, as shells often export `VAR=` to clear a setting.
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromFile, ...env })) {
    if (key in schema.shape && value !== undefined && value !== '') merged[key] = value;
  }

  const result = schema.safeParse(merged);
  if (result.success) return result.data;

  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '?');
    const value = merged[key];
    const got = value === undefined ? 'missing' : `got ${JSON.stringify(redact(key, value))}`;
    return `${key} ${issue.message} (${got})`;
  });
  throw new ConfigError(problems);
}

function redact(key: string, value: string): string {
  if (/TOKEN|SECRET|PASSWORD/.test(key)) return '[secret]';
  // A connection URL may carry a password: keep its shape, hide the secret.
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1[secret]@');
}
