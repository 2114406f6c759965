// The ladder's pure rules: ratings, ranks, pairing, map and server choice, replay verification
// and the abort budget. No I/O, no clock, no logger: every input, including the time, is a
// parameter, and every constant comes from a `RulesConfig` (defaults in `defaultRulesConfig`).

export {
  defaultElo,
  defaultGlicko2,
  defaultRulesConfig,
  type EloSettings,
  type Glicko2Settings,
  type MatchmakingSettings,
  type RankLetter,
  type RankSettings,
  type RatingSettings,
  type RulesConfig,
  type VerificationSettings,
} from './config.js';
export * from './races.js';
export * from './regions.js';
export * from './elo.js';
export * from './glicko2.js';
export * from './ranks.js';
export * from './aborts.js';
export { pairWave } from './pairing/pair-wave.js';
export { greedyWave } from './pairing/greedy-wave.js';
export { solveAssignment, type Assignment, type SparseGraph } from './pairing/assignment.js';
export { chooseMap, type MapChoiceInput, type PlayedMap } from './pairing/map-choice.js';
export {
  windowFor,
  type WaveEntry,
  type WavePair,
  type WaveRejectReason,
  type WaveResult,
} from './pairing/wave-types.js';
export * from './verify/verify-replay.js';
export { checkLobby, checkMap } from './verify/map-lobby-checks.js';
export * from './verify/identity.js';
export * from './verify/mod-fingerprint.js';
export { defaultEvoModFingerprints } from './verify/evo-mod.js';
export { precheckUpload, type UploadFacts, type UploadRefusal } from './verify/upload-precheck.js';
