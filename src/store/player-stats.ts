import type { GameRecord, PlayerStats, RaceStats } from './api.js';
import { races, type Match, type Race } from './entities.js';

// A profile's figures come from finalized match records ([R-7]), never from stored counters.
// Each match id in a player's list (read-model `matchesOfPlayer`, ordered by creation) carries
// a tag saying what that match counts for the player; the tag is rewritten whenever the match
// is written (finished, corrected, voided), so the figures equal a recount of the records
// without building a single match on read.
//
//   tag = seasonSlot · 32 + race · 4 + result      result: 0 not counted, 1 win, 2 loss, 3 draw
//
// A game counts at its creation time, as the ledger orders it (ledger.ts), so a dispute
// settled days later does not move it between the 14/30/90-day splits.

const dayMs = 86_400_000;
/** The splits a profile shows, in days. */
const splitDays = [14, 30, 90] as const;
const raceIndex = new Map<Race, number>(races.map((race, i) => [race, i]));

/** What a match counts for one of its players, as a tag (0 when it counts for nothing). */
export function resultTag(match: Match, side: 1 | 2, seasonSlot: number): number {
  if (match.stage !== 'finalized') return 0;
  const { outcome } = match;
  const won = outcome === (side === 1 ? 'p1_win' : 'p2_win');
  const lost = outcome === (side === 1 ? 'p2_win' : 'p1_win');
  const result = outcome === 'draw' ? 3 : won ? 1 : lost ? 2 : 0;
  if (result === 0) return 0;

  const race = raceIndex.get(side === 1 ? match.p1Race : match.p2Race);
  // A race outside the catalogue (validated on write, so never) counts for nothing.
  return race === undefined ? 0 : seasonSlot * 32 + race * 4 + result;
}

/**
 * A player's figures from the tags and times of their match list.
 * @param seasonSlot - the slot of the season whose per-race lines are wanted (-1: none).
 * @param now - the end of the 14/30/90-day windows.
 */
export function statsOf(
  list: { readonly times: readonly number[]; readonly tags: readonly number[] },
  seasonSlot: number,
  now: number,
): PlayerStats {
  const lines = races.map((race) => ({
    race,
    season: emptyRecord(),
    splits: splitDays.map(emptyRecord),
  }));
  const total = emptyRecord();
  const starts = splitDays.map((days) => now - days * dayMs);

  const { times, tags } = list;
  for (let i = 0; i < tags.length; i += 1) {
    const tag = tags[i]!;
    const result = tag & 3;
    if (result === 0) continue;

    const at = times[i]!;
    const line = lines[(tag >> 2) & 7]!;
    count(total, result, at);
    if (tag >> 5 === seasonSlot) count(line.season, result, at);
    for (let s = 0; s < starts.length; s += 1) {
      if (at >= starts[s]! && at <= now) count(line.splits[s]!, result, at);
    }
  }

  const raceStats: RaceStats[] = lines.map(({ race, season, splits }) => ({
    race,
    season,
    last14Days: splits[0]!,
    last30Days: splits[1]!,
    last90Days: splits[2]!,
  }));
  return { races: raceStats, total };
}

function emptyRecord(): GameRecord {
  return { games: 0, wins: 0, losses: 0, draws: 0, lastGameAt: null };
}

function count(record: GameRecord, result: number, at: number): void {
  record.games += 1;
  if (result === 1) record.wins += 1;
  else if (result === 2) record.losses += 1;
  else record.draws += 1;
  if (record.lastGameAt === null || at > record.lastGameAt) record.lastGameAt = at;
}
