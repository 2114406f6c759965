// The ladder application's whole face: the `Ladder` class, its clock, settings, events and
// result types. Adapters (Discord, web) import only this file.

export { Ladder, type LadderOptions } from './ladder.js';
export { FakeClock, systemClock, type Clock, type TimerHandle } from './clock.js';
export { defaultLadderSettings, ladderSettings, type LadderSettings } from './settings.js';
export {
  LadderEvents,
  type LadderEventMap,
  type LadderEventName,
  type WaveReport,
} from './events.js';
export { refuse, type Reason, type Refusal, type Result } from './results.js';
export type { SetupInput } from './players.js';
export type { QueueChoices } from './queue.js';
export type { OwnProfile, ProfileRace, ProfileRecord, ProfileView } from './profile.js';
export type { ReplayUpload, ReplayResult } from './replays.js';
export type { ReplayVerifier, VerifyInput } from './verify.js';
export type { PairWave } from './pairing.js';
export type { MatchmakingMetrics } from './metrics.js';
