import {
  ratingId,
  type Change,
  type Match,
  type Race,
  type RatingHistory,
  type Season,
  type StoreReader,
} from '../store/index.js';
import type { RatedOutcome } from './rules/elo.js';
import {
  applyGame,
  entryRecord,
  lineKey,
  sameEntry,
  sameLine,
  splitEntry,
  type EntryState,
} from './ledger-math.js';
import { entryCounts } from './ledger-counts.js';

// The rating ledger of PRODUCT.md §7.5. An entry's rating is a pure function of the season's
// history: rated matches by creation time plus admin adjustments stored as deltas. Any change
// of an outcome recomputes the season and rewrites only what moved: superseded ledger lines,
// entries, and the before/after ratings of affected matches. Counts are derived, not kept.

/** What one re-rating changed. */
export interface RerateResult {
  changes: Change[];
  /** Final match records (the pending ones included, with updated before/after ratings). */
  matches: Map<string, Match>;
  /** Entries whose rating moved: before → after. */
  moved: Map<string, { playerId: string; race: Race; before: number | null; after: number }>;
  largestChange: number;
}

/** The rating a new entry starts at: start + f·(previous season's final − start). */
export function startRating(read: StoreReader, season: Season, playerId: string, race: Race) {
  const start = season.rules.start;
  if (season.carryOver === 0) return start;
  const seasons = read.seasons();
  const previous = seasons[seasons.findIndex((s) => s.id === season.id) - 1];
  const final = previous ? read.rating(previous.id, playerId, race)?.rating : undefined;
  return final === undefined ? start : Math.round(start + season.carryOver * (final - start));
}

/** A rated outcome, or null for void and unfinished matches. */
function ratedOutcome(match: Match): RatedOutcome | null {
  if (match.stage !== 'finalized') return null;
  return match.outcome === 'void' ? null : match.outcome;
}

/** An entry's state just before the replay point, from its first line after it. */
interface Resume {
  rating: number;
  rd: number | null;
  volatility: number | null;
  at: number;
  kind: string;
}

/**
 * Re-rates `season` with `pending` match records standing in for the stored ones, and returns
 * the changes that bring the store in line. Only the history from the earliest pending match
 * onward is replayed: every entry's state before that point is read from the ledger (rating,
 * and under Glicko-2 its deviation, volatility and last game), or from the stored entry.
 */
export function rerateSeason(
  read: StoreReader,
  season: Season,
  pending: ReadonlyMap<string, Match>,
  nowMs: number,
): RerateResult {
  const mine = [...pending.values()].filter((m) => m.seasonId === season.id);
  const glicko = season.rules.system === 'glicko2' ? season.rules : null;
  let fromAt = mine.length > 0 ? Math.min(...mine.map((m) => m.createdAt)) : -Infinity;
  let live =
    fromAt === -Infinity ? read.seasonLedger(season.id) : read.seasonLedgerSince(season.id, fromAt);
  // Glicko-2 lines written before the ledger kept volatilities cannot be resumed from: such a
  // season replays from its start once, which writes them.
  const isOld = (line: RatingHistory) =>
    line.supersededAt === null && line.volatilityBefore === null;
  if (glicko && fromAt !== -Infinity && live.some(isOld)) {
    fromAt = -Infinity;
    live = read.seasonLedger(season.id);
  }

  // The matches to replay: every rated match has its ledger lines, so the lines name them all;
  // the pending versions stand in for the stored ones.
  const matches = new Map<string, Match>();
  for (const line of live) {
    if (line.matchId === null || matches.has(line.matchId)) continue;
    const m = read.match(line.matchId);
    if (m) matches.set(m.id, m);
  }
  for (const m of mine) matches.set(m.id, m);

  type Step = { at: number; order: string; match?: Match; adjustment?: RatingHistory };
  const steps: Step[] = [];
  for (const m of matches.values()) {
    if (!ratedOutcome(m) || m.createdAt < fromAt) continue;
    steps.push({ at: m.createdAt, order: `0${String(m.number).padStart(12, '0')}`, match: m });
  }

  const liveLines = new Map<string, RatingHistory>();
  const versions = new Map<string, number>();
  const ratingBefore = new Map<string, Resume>();
  for (const line of live) {
    const key = lineKey(line.matchId ?? line.auditId ?? line.id, line.playerId, line.race);
    versions.set(key, (versions.get(key) ?? 0) + 1);
    if (line.supersededAt !== null) continue;
    liveLines.set(key, line);
    if (line.at < fromAt) continue;
    // The first live line from the replay point on holds the entry's rating before it.
    const entry = ratingId(season.id, line.playerId, line.race);
    const seen = ratingBefore.get(entry);
    const isEarlier =
      !seen || (seen.at === line.at && seen.kind === 'adjustment' && line.kind === 'game');
    if (isEarlier)
      ratingBefore.set(entry, {
        rating: line.before,
        rd: line.rdBefore,
        volatility: line.volatilityBefore,
        at: line.at,
        kind: line.kind,
      });
    if (line.kind === 'adjustment')
      steps.push({ at: line.at, order: `1${line.id}`, adjustment: line });
  }
  // At the same instant a game goes before an adjustment: the admin saw the game's result.
  steps.sort((a, b) => a.at - b.at || (a.order < b.order ? -1 : 1));

  const states = new Map<string, EntryState>();
  const stateOf = (playerId: string, race: Race): EntryState => {
    const id = ratingId(season.id, playerId, race);
    let state = states.get(id);
    if (!state) {
      state = resumeState(read, season, playerId, race, fromAt, ratingBefore.get(id));
      states.set(id, state);
    }
    return state;
  };

  const changes: Change[] = [];
  const wanted = new Map<string, Omit<RatingHistory, 'id' | 'supersededAt'>>();
  const outMatches = new Map(pending);

  for (const step of steps) {
    if (step.adjustment) {
      const line = step.adjustment;
      const state = stateOf(line.playerId, line.race);
      const before = state.rating;
      state.rating = before + line.delta;
      wanted.set(lineKey(line.auditId ?? line.id, line.playerId, line.race), {
        ...line, before, after: state.rating, rdBefore: state.rd, rdAfter: state.rd,
        volatilityBefore: state.volatility, volatilityAfter: state.volatility,
      }); // prettier-ignore
      continue;
    }

    const m = step.match as Match;
    const outcome = ratedOutcome(m) as RatedOutcome;
    const s1 = stateOf(m.p1Id, m.p1Race);
    const s2 = stateOf(m.p2Id, m.p2Race);
    const b1 = { ...s1 };
    const b2 = { ...s2 };
    applyGame(season, s1, s2, outcome, m.createdAt);

    for (const [side, state, before] of [
      ['p1', s1, b1],
      ['p2', s2, b2],
    ] as const) {
      const playerId = side === 'p1' ? m.p1Id : m.p2Id;
      const race = side === 'p1' ? m.p1Race : m.p2Race;
      wanted.set(lineKey(m.id, playerId, race), {
        seasonId: season.id, playerId, race, kind: 'game', matchId: m.id, auditId: null,
        before: before.rating, after: state.rating, delta: state.rating - before.rating,
        rdBefore: before.rd, rdAfter: state.rd, volatilityBefore: before.volatility,
        volatilityAfter: state.volatility, at: m.createdAt,
      }); // prettier-ignore
    }

    const current = outMatches.get(m.id) ?? m;
    if (
      current.p1RatingBefore !== b1.rating || current.p1RatingAfter !== s1.rating ||
      current.p2RatingBefore !== b2.rating || current.p2RatingAfter !== s2.rating
    ) {
      outMatches.set(m.id, {
        ...current,
        p1RatingBefore: b1.rating, p1RatingAfter: s1.rating,
        p2RatingBefore: b2.rating, p2RatingAfter: s2.rating,
      });
    } // prettier-ignore
  }

  // Pending matches that lost their rating (voided after a result) drop their before/after.
  for (const m of pending.values()) {
    const current = outMatches.get(m.id) ?? m;
    if (!ratedOutcome(current) && current.p1RatingAfter !== null) {
      outMatches.set(m.id, { ...current, p1RatingBefore: null, p1RatingAfter: null,
        p2RatingBefore: null, p2RatingAfter: null }); // prettier-ignore
    }
  }

  // Ledger: supersede lines from the replay point on that changed or vanished; add new ones.
  const touched = new Set(states.keys());
  for (const [key, line] of liveLines) {
    if (line.at < fromAt) continue;
    touched.add(ratingId(season.id, line.playerId, line.race));
    const want = wanted.get(key);
    if (want && sameLine(line, want)) continue;
    changes.push({ kind: 'ratingHistory', record: { ...line, supersededAt: nowMs } });
  }
  for (const [key, want] of wanted) {
    const line = liveLines.get(key);
    if (line && sameLine(line, want)) continue;
    const version = (versions.get(key) ?? 0) + 1;
    changes.push({
      kind: 'ratingHistory',
      record: { ...want, id: `${key}#${version}`, supersededAt: null },
    });
  }

  // Entries: every entry the replay touched, with its derived counts.
  const moved: RerateResult['moved'] = new Map();
  let largestChange = 0;
  for (const id of touched) {
    const [playerId, race] = splitEntry(id, season.id);
    const stored = read.rating(season.id, playerId, race);
    const counts = entryCounts(read, season, playerId, race, pending);
    const state = { ...stateOf(playerId, race), ...counts };
    const next = entryRecord(id, season.id, playerId, race, state, nowMs);
    if (stored && sameEntry(stored, next)) continue;
    changes.push({ kind: 'rating', record: next });
    if (!stored || stored.rating !== next.rating) {
      moved.set(id, { playerId, race, before: stored?.rating ?? null, after: next.rating });
      largestChange = Math.max(
        largestChange,
        Math.abs(next.rating - (stored?.rating ?? next.rating)),
      );
    }
  }

  for (const m of outMatches.values()) changes.push({ kind: 'match', record: m });
  return { changes, matches: outMatches, moved, largestChange };
}

/**
 * An entry's state where the replay starts: its first line at or after the replay point
 * (`resume`), or, with no line there, the stored entry, which then holds its latest state;
 * from scratch (its start rating, read only then) for a whole-season replay or a new entry.
 * Under Glicko-2 the last game before that point matters too: idle periods count from it.
 */
function resumeState(
  read: StoreReader,
  season: Season,
  playerId: string,
  race: Race,
  fromAt: number,
  resume: Resume | undefined,
): EntryState {
  const glicko = season.rules.system === 'glicko2' ? season.rules : null;
  const stored = fromAt === -Infinity ? undefined : read.rating(season.id, playerId, race);
  const from = fromAt === -Infinity ? undefined : (resume ?? stored);
  const counts = { games: 0, wins: 0, losses: 0, draws: 0 };
  if (!from) {
    return {
      rating: startRating(read, season, playerId, race),
      rd: glicko ? glicko.rd : null,
      volatility: glicko ? glicko.volatility : null,
      ...counts,
      lastGameAt: null,
    };
  }

  let lastGameAt = resume ? null : (stored?.lastGameAt ?? null);
  if (glicko && resume) {
    // The latest live game line before the resumed one (the ledger is in time order).
    const lines = read.ratingHistory(season.id, playerId, race);
    for (let i = lines.length - 1; i >= 0 && lastGameAt === null; i -= 1) {
      const line = lines[i]!;
      if (line.kind === 'game' && line.supersededAt === null && line.at < resume.at) {
        lastGameAt = line.at;
      }
    }
  }
  return {
    rating: from.rating,
    rd: glicko ? (from.rd ?? glicko.rd) : null,
    volatility: glicko ? (from.volatility ?? glicko.volatility) : null,
    ...counts,
    lastGameAt: glicko ? lastGameAt : null,
  };
}
