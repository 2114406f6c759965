import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  races,
  type GameRecord,
  type Match,
  type MatchStage,
  type Outcome,
  type PlayerStats,
  type StoreReader,
} from '../../src/store/index.js';
import { ReadModel } from '../../src/store/read-model.js';
import { createReader } from '../../src/store/reader.js';
import { makeMatch, t0 } from './fixtures.js';

// Profile figures are kept as tags beside each player's match list and rewritten with every
// match write. Whatever the writes (bulk load, live results, corrections, voids, a changed
// creation time), they must equal a recount of the match records ([R-7]).

const day = 86_400_000;
const players = ['pa', 'pb', 'pc', 'pd'];
const stages: MatchStage[] = ['finalized', 'finalized', 'voided', 'in_progress', 'aborted'];
const outcomes: (Outcome | null)[] = ['p1_win', 'p2_win', 'draw', 'void', null];

/** The figures counted straight from the records, as PRODUCT.md §7.6 defines them. */
function recount(read: StoreReader, playerId: string, seasonId: string, now: number) {
  const empty = (): GameRecord => ({ games: 0, wins: 0, losses: 0, draws: 0, lastGameAt: null });
  const add = (record: GameRecord, result: 'win' | 'loss' | 'draw', at: number) => {
    record.games += 1;
    record[result === 'win' ? 'wins' : result === 'loss' ? 'losses' : 'draws'] += 1;
    record.lastGameAt = Math.max(record.lastGameAt ?? at, at);
  };
  const stats: PlayerStats = {
    races: races.map((race) => ({
      race,
      season: empty(),
      last14Days: empty(),
      last30Days: empty(),
      last90Days: empty(),
    })),
    total: empty(),
  };

  for (const match of read.matchesOfPlayer(playerId)) {
    if (match.stage !== 'finalized' || match.outcome === null || match.outcome === 'void') continue;
    const side = match.p1Id === playerId ? 'p1' : 'p2';
    const result =
      match.outcome === 'draw' ? 'draw' : match.outcome === `${side}_win` ? 'win' : 'loss';
    const line = stats.races[races.indexOf(side === 'p1' ? match.p1Race : match.p2Race)]!;
    const at = match.createdAt;
    add(stats.total, result, at);
    if (match.seasonId === seasonId) add(line.season, result, at);
    if (at <= now && at >= now - 14 * day) add(line.last14Days, result, at);
    if (at <= now && at >= now - 30 * day) add(line.last30Days, result, at);
    if (at <= now && at >= now - 90 * day) add(line.last90Days, result, at);
  }
  return stats;
}

const write = fc.record({
  match: fc.integer({ min: 1, max: 12 }),
  pair: fc.integer({ min: 0, max: 11 }),
  bwRace: fc.constantFrom(...races.slice(0, 3)),
  sc2Race: fc.constantFrom(...races.slice(3)),
  season: fc.constantFrom('s1', 's2'),
  stage: fc.constantFrom(...stages),
  outcome: fc.constantFrom(...outcomes),
  daysAgo: fc.integer({ min: -2, max: 120 }),
});

type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;

/** The match a write makes; a match keeps its players across rewrites, as in the app. */
function matchOf(w: Write, known: Map<number, Match>): Match {
  const first = w.pair % 4;
  const p1Id = known.get(w.match)?.p1Id ?? players[first]!;
  const p2Id = known.get(w.match)?.p2Id ?? players[(first + 1 + ((w.pair >> 2) % 3)) % 4]!;
  const match = makeMatch(w.match, p1Id, p2Id, {
    p1Race: w.bwRace,
    p2Race: w.sc2Race,
    seasonId: w.season,
    stage: w.stage,
    outcome: w.outcome,
    createdAt: t0 - w.daysAgo * day,
  });
  known.set(w.match, match);
  return match;
}

describe('playerStats', () => {
  it('equals a recount of the records after any loads, results and corrections', () => {
    fc.assert(
      fc.property(
        fc.array(write, { maxLength: 30 }),
        fc.array(write, { maxLength: 30 }),
        fc.constantFrom('s1', 's2', 's9'),
        (loaded, live, seasonId) => {
          const model = new ReadModel({ commonCountries: new Set(), rankingRebuildGapMs: 0 });
          const read = createReader(model, () => t0);
          const known = new Map<number, Match>();

          model.beginBulk();
          for (const w of loaded) model.apply({ kind: 'match', record: matchOf(w, known) });
          model.endBulk();
          for (const w of live) model.apply({ kind: 'match', record: matchOf(w, known) });

          for (const playerId of [...players, 'nobody']) {
            expect(read.playerStats(playerId, seasonId)).toEqual(
              recount(read, playerId, seasonId, t0),
            );
          }
        },
      ),
    );
  });

  it('moves a game from a win to a loss when an admin corrects the outcome', () => {
    const model = new ReadModel({ commonCountries: new Set(), rankingRebuildGapMs: 0 });
    const read = createReader(model, () => t0);
    const match = makeMatch(1, 'pa', 'pb', { createdAt: t0 - 3 * day, outcome: 'p1_win' });
    model.apply({ kind: 'match', record: match });
    const before = read.playerStats('pa', 's1');
    expect(before.total).toEqual({
      games: 1,
      wins: 1,
      losses: 0,
      draws: 0,
      lastGameAt: t0 - 3 * day,
    });

    model.apply({ kind: 'match', record: { ...match, outcome: 'p2_win' } });
    const line = read.playerStats('pa', 's1').races.find((r) => r.race === match.p1Race)!;
    expect(line.season).toMatchObject({ games: 1, wins: 0, losses: 1 });
    expect(line.last14Days).toMatchObject({ games: 1, wins: 0, losses: 1 });
    expect(read.playerStats('pb', 's1').total).toMatchObject({ games: 1, wins: 1, losses: 0 });

    model.apply({ kind: 'match', record: { ...match, stage: 'voided', outcome: 'void' } });
    expect(read.playerStats('pa', 's1').total.games).toBe(0);
  });
});
