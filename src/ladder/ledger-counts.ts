import type { Match, Race, Season, StoreReader } from '../store/index.js';
import type { EntryState } from './ledger-math.js';

// An entry's game counts and last-game time, derived from match records ([R-7]) as they will be
// once `pending` is written: the store's figures for the stored matches (tags on each player's
// match list, no match built), corrected for the pending versions. So a re-rating needs no
// scan of the season to count.

export type EntryCounts = Pick<EntryState, 'games' | 'wins' | 'losses' | 'draws' | 'lastGameAt'>;

type Result = 'win' | 'loss' | 'draw';

/** The counts of (season, player, race) once the pending match versions replace the stored. */
export function entryCounts(
  read: StoreReader,
  season: Season,
  playerId: string,
  race: Race,
  pending: ReadonlyMap<string, Match>,
): EntryCounts {
  const line = read.playerStats(playerId, season.id).races.find((r) => r.race === race);
  const counts: EntryCounts = {
    games: line?.season.games ?? 0,
    wins: line?.season.wins ?? 0,
    losses: line?.season.losses ?? 0,
    draws: line?.season.draws ?? 0,
    lastGameAt: line?.season.lastGameAt ?? null,
  };

  let lostLatest = false;
  for (const next of pending.values()) {
    const stored = read.match(next.id);
    const was = stored ? resultFor(stored, season, playerId, race) : null;
    const now = resultFor(next, season, playerId, race);
    if (was) add(counts, was, -1);
    if (now) {
      add(counts, now, 1);
      counts.lastGameAt = Math.max(counts.lastGameAt ?? next.createdAt, next.createdAt);
    } else if (was && stored && stored.createdAt >= (counts.lastGameAt ?? -Infinity)) {
      lostLatest = true;
    }
  }
  if (lostLatest) counts.lastGameAt = latestGameAt(read, season, playerId, race, pending);
  return counts;
}

/** What a match counts for (player, race) in the season: null when nothing. */
function resultFor(m: Match, season: Season, playerId: string, race: Race): Result | null {
  if (m.stage !== 'finalized' || m.seasonId !== season.id) return null;
  const side =
    m.p1Id === playerId && m.p1Race === race ? 1 : m.p2Id === playerId && m.p2Race === race ? 2 : 0;
  if (side === 0) return null;
  if (m.outcome === 'draw') return 'draw';
  if (m.outcome === 'p1_win') return side === 1 ? 'win' : 'loss';
  if (m.outcome === 'p2_win') return side === 2 ? 'win' : 'loss';
  return null;
}

function add(counts: EntryCounts, result: Result, by: 1 | -1): void {
  counts.games += by;
  if (result === 'win') counts.wins += by;
  else if (result === 'loss') counts.losses += by;
  else counts.draws += by;
}

/**
 * The creation time of the latest game that still counts, when a correction removed the latest
 * one: the player's matches newest first, in growing pages.
 */
function latestGameAt(
  read: StoreReader,
  season: Season,
  playerId: string,
  race: Race,
  pending: ReadonlyMap<string, Match>,
): number | null {
  let latest: number | null = null;
  for (const m of pending.values()) {
    if (resultFor(m, season, playerId, race)) latest = Math.max(latest ?? m.createdAt, m.createdAt);
  }
  for (let limit = 16; ; limit *= 8) {
    const recent = read.recentMatchesOfPlayer(playerId, limit);
    for (const stored of recent) {
      const m = pending.get(stored.id) ?? stored;
      if (resultFor(m, season, playerId, race)) return Math.max(latest ?? m.createdAt, m.createdAt);
    }
    if (recent.length < limit) return latest;
  }
}
