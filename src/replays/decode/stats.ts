import type { PlayerStats } from './types.js';

/** Statistics from `replay.tracker.events`. */
export function decodeStats(bytes: Uint8Array, baseBuild: number): PlayerStats[] {
  // TODO: build order and per-minute series; remove when the tracker statistics land.
  void bytes;
  void baseBuild;
  return [];
}
