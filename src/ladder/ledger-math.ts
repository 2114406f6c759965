import type { Race, Rating, RatingHistory, Season } from '../store/index.js';
import { defaultGlicko2 } from './rules/config.js';
import { rateElo, type RatedOutcome } from './rules/elo.js';
import { glicko2Idle, rateGlicko2, type Glicko2Rating } from './rules/glicko2.js';

// The per-game arithmetic and record helpers of the ledger (ledger.ts does the ordering).

const dayMs = 86_400_000;

/** One entry's running state while the ledger is replayed. */
export interface EntryState {
  rating: number;
  rd: number | null;
  volatility: number | null;
  games: number;
  wins: number;
  losses: number;
  draws: number;
  lastGameAt: number | null;
}

/** Applies one rated game to both entries' states. */
export function applyGame(
  season: Season,
  s1: EntryState,
  s2: EntryState,
  outcome: RatedOutcome,
  at: number,
) {
  if (season.rules.system === 'elo') {
    const r = rateElo(s1.rating, s2.rating, outcome, {
      ...season.rules,
      kind: 'elo',
      provisionalGames: 5,
    });
    s1.rating = r.p1;
    s2.rating = r.p2;
  } else {
    const settings = { ...defaultGlicko2, ...season.rules, kind: 'glicko2' as const,
      inactivityPeriodDays: season.rules.inactivityDays }; // prettier-ignore
    const idle = (s: EntryState): Glicko2Rating => {
      const g = {
        rating: s.rating,
        rd: s.rd ?? settings.rd,
        volatility: s.volatility ?? settings.volatility,
      };
      const periods =
        s.lastGameAt === null
          ? 0
          : Math.floor((at - s.lastGameAt) / (settings.inactivityPeriodDays * dayMs));
      return glicko2Idle(g, periods, settings);
    };
    const score = outcome === 'p1_win' ? 1 : outcome === 'draw' ? 0.5 : 0;
    const r = rateGlicko2(idle(s1), idle(s2), score, settings);
    Object.assign(s1, {
      rating: Math.round(r.p1.rating),
      rd: r.p1.rd,
      volatility: r.p1.volatility,
    });
    Object.assign(s2, {
      rating: Math.round(r.p2.rating),
      rd: r.p2.rd,
      volatility: r.p2.volatility,
    });
  }

  for (const [s, won] of [
    [s1, outcome === 'p1_win'],
    [s2, outcome === 'p2_win'],
  ] as const) {
    s.games += 1;
    if (outcome === 'draw') s.draws += 1;
    else if (won) s.wins += 1;
    else s.losses += 1;
    s.lastGameAt = Math.max(s.lastGameAt ?? at, at);
  }
}

/** The key of a ledger line: its source (match or audit entry), player and race. */
export function lineKey(source: string, playerId: string, race: Race): string {
  return `${source}/${playerId}/${race}`;
}

/** The player and race of an entry id of `seasonId`. */
export function splitEntry(id: string, seasonId: string): [string, Race] {
  const rest = id.slice(seasonId.length + 1);
  const cut = rest.lastIndexOf('/');
  return [rest.slice(0, cut), rest.slice(cut + 1) as Race];
}

/** Whether a stored line already says what the replay computed. */
export function sameLine(a: RatingHistory, b: Omit<RatingHistory, 'id' | 'supersededAt'>): boolean {
  return (
    a.before === b.before && a.after === b.after && a.rdBefore === b.rdBefore &&
    a.rdAfter === b.rdAfter && a.volatilityBefore === b.volatilityBefore &&
    a.volatilityAfter === b.volatilityAfter && a.at === b.at
  ); // prettier-ignore
}

/** The entry record for a replayed state. */
export function entryRecord(
  id: string,
  seasonId: string,
  playerId: string,
  race: Race,
  s: EntryState,
  now: number,
): Rating {
  return {
    id, seasonId, playerId, race, rating: s.rating, rd: s.rd, volatility: s.volatility,
    games: s.games, wins: s.wins, losses: s.losses, draws: s.draws, lastGameAt: s.lastGameAt,
    updatedAt: now,
  }; // prettier-ignore
}

/** Whether a stored entry already equals the replayed one. */
export function sameEntry(a: Rating, b: Rating): boolean {
  return (
    a.rating === b.rating && a.rd === b.rd && a.games === b.games && a.wins === b.wins &&
    a.losses === b.losses && a.draws === b.draws && a.lastGameAt === b.lastGameAt
  ); // prettier-ignore
}
