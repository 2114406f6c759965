export { DiscordEmulator, type EmulatorOptions } from './emulator.js';
export { Actor, type InteractionHandle } from './actors.js';
export { EmulatorError, ApiError } from './errors.js';
export type { ActorFile, OptionValue } from './interaction-payloads.js';
export type { ModalValue } from './modal-submit.js';
export type { RecorderSummary } from './recorder.js';
export type { BucketRule, RateLimitOptions } from './rate-limits.js';
