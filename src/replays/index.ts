// The replays part: parsing off the main thread, and replay file storage. Other parts import
// only this file; the decoder itself lives in ./decode.

export type { ParseRequest, ReplayParser } from './parser.js';
export { InlineReplayParser, type InlineReplayParserOptions } from './inline-parser.js';
export { PooledReplayParser, type PooledReplayParserOptions } from './pool/pooled-parser.js';
export { checkReplayBytes, sha256Hex, defaultMaxReplayBytes } from './check.js';
export { ReplayError, type DecodedReplay, type ReplaySummary } from './decode/index.js';
