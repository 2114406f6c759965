import type { pairWave } from './rules/pairing/pair-wave.js';

// The wave's pairing is a pure rule; the application takes it as a function so a simulator or
// a test can swap the policy.

/** One wave's pairing: entries, the season's map pool and the matchmaking constants. */
export type PairWave = typeof pairWave;
