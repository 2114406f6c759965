// The replays part: parsing off the main thread, and replay file storage. Other parts import
// only this file; the decoder itself lives in ./decode.

export type { ParseRequest, ReplayParser } from './parser.js';
export { InlineReplayParser, type InlineReplayParserOptions } from './inline-parser.js';
export { PooledReplayParser, type PooledReplayParserOptions } from './pool/pooled-parser.js';
export { createReplayParser, type PoolDependencies } from './pool/from-config.js';
export { checkReplayBytes, defaultMaxReplayBytes, isSha256Hex, sha256Hex } from './check.js';
export {
  ReplayError,
  type DecodedReplay,
  type LobbySettings,
  type PlayerStats,
  type ReplayErrorCode,
  type ReplayPlayer,
  type ReplaySummary,
} from './decode/index.js';
export {
  ReplayStorageError,
  type ReplayStorage,
  type ReplayStorageErrorCode,
  type StoredReplay,
} from './storage/replay-storage.js';
export { DiskReplayStorage, type DiskReplayStorageOptions } from './storage/disk-storage.js';
export { S3ReplayStorage, type S3ReplayStorageOptions } from './storage/s3-storage.js';
export { createReplayStorage } from './storage/create-storage.js';
