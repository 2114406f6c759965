import {
  races,
  ratingId,
  type Change,
  type Match,
  type Player,
  type Race,
  type Rating,
  type RatingHistory,
} from '../../src/store/index.js';
import { newId } from '../../src/ladder/context.js';
import { latinName, makeMatch, makePlayer, makeSeason, t0 } from './fixtures.js';

// Generated data at benchmark scale: players, their entries and a long match history, made
// deterministically from a seed so runs compare. Record ids come from the app's own `newId`
// (not a seeded counter): where new rows land in the primary-key btrees is part of what the
// flush benchmark measures.

const day = 86_400_000;

/** How much data to make. */
export interface BulkShape {
  players: number;
  ratings: number;
  matches: number;
  /** Two ledger lines per match, as a ladder that rated them keeps. @defaultValue false */
  ledger?: boolean;
}

/** The benchmark's default shape (issue 2): 100k players, 300k ratings, 1M matches. */
export const fullShape: BulkShape = { players: 100_000, ratings: 300_000, matches: 1_000_000 };

/** A small, fast pseudo-random generator (mulberry32) so data is the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const countries = ['KR', 'DE', 'US', 'FR', 'RU', 'BR', 'PL', 'SE', 'CN', 'XX', 'ZZ', 'UA'];
const bwRaces: Race[] = ['bw_terran', 'bw_zerg', 'bw_protoss'];
const sc2Races: Race[] = ['sc2_terran', 'sc2_zerg', 'sc2_protoss'];

/** Players with varied countries; every 50th has a Korean, Cyrillic or emoji alt name. */
export function bulkPlayers(ids: readonly string[], random: () => number): Player[] {
  const alts = ['김민수', 'Дмитрий', '🐉🔥'];
  return ids.map((id, i) =>
    makePlayer(i, {
      id,
      ladderName: latinName(i),
      country: countries[Math.floor(random() * countries.length)]!,
      altNames: i % 50 === 0 ? [`${alts[i % 3]}${i}`] : [],
    }),
  );
}

/** `count` entries spread over players and races; about half played in the last 14 days. */
export function bulkRatings(
  playerIds: readonly string[],
  count: number,
  random: () => number,
): Rating[] {
  const out: Rating[] = [];
  const players = playerIds.length;
  const perPlayer = Math.ceil(count / players);
  for (let p = 0; p < players && out.length < count; p += 1) {
    const playerId = playerIds[p]!;
    const start = Math.floor(random() * races.length);
    for (let r = 0; r < perPlayer && out.length < count; r += 1) {
      const race = races[(start + r) % races.length]!;
      const games = 1 + Math.floor(random() * 60);
      out.push({
        id: ratingId('s1', playerId, race),
        seasonId: 's1',
        playerId,
        race,
        rating: Math.round(1000 + random() * 1200),
        rd: null,
        volatility: null,
        games,
        wins: Math.floor(games / 2),
        losses: games - Math.floor(games / 2),
        draws: 0,
        lastGameAt: t0 - Math.floor(random() * 28 * day),
        updatedAt: t0,
      });
    }
  }
  return out;
}

/** One finalized match with a realistic short event history. */
export function bulkMatch(n: number, playerIds: readonly string[], random: () => number): Match {
  const players = playerIds.length;
  const p1 = Math.floor(random() * players);
  const p2 = (p1 + 1 + Math.floor(random() * (players - 1))) % players;
  const p1Id = playerIds[p1]!;
  const p2Id = playerIds[p2]!;
  const createdAt = t0 - Math.floor(random() * 90 * day);
  return makeMatch(n, p1Id, p2Id, {
    id: newId('m'),
    p1Race: bwRaces[n % 3]!,
    p2Race: sc2Races[(n >> 2) % 3]!,
    mapId: `map${n % 7}`,
    createdAt,
    updatedAt: createdAt + 1_900_000,
    endedAt: createdAt + 1_900_000,
    events: [
      { at: createdAt, actor: { kind: 'system' }, event: 'created', details: null },
      {
        at: createdAt + 5_000,
        actor: { kind: 'player', playerId: p1Id },
        event: 'confirmed',
        details: null,
      },
      {
        at: createdAt + 7_000,
        actor: { kind: 'player', playerId: p2Id },
        event: 'confirmed',
        details: null,
      },
      {
        at: createdAt + 1_900_000,
        actor: { kind: 'system' },
        event: 'finalized',
        details: { source: 'replay' },
      },
    ],
  });
}

/** Every record of a bulk data set as changes, in batches of `batchSize`. */
export function* bulkChanges(
  shape: BulkShape,
  seed: number,
  batchSize: number,
): Generator<Change[]> {
  const random = seededRandom(seed);
  let batch: Change[] = [{ kind: 'season', record: makeSeason() }];
  const emit = function* (change: Change) {
    batch.push(change);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  };

  const playerIds = Array.from({ length: shape.players }, () => newId('p'));
  for (const record of bulkPlayers(playerIds, random)) yield* emit({ kind: 'player', record });
  for (const record of bulkRatings(playerIds, shape.ratings, random)) {
    yield* emit({ kind: 'rating', record });
  }
  for (let n = 1; n <= shape.matches; n += 1) {
    const match = bulkMatch(n, playerIds, random);
    yield* emit({ kind: 'match', record: match });
    if (shape.ledger) for (const record of bulkLines(match, random)) yield* emit(record);
  }
  if (batch.length > 0) yield batch;
}

/** The two ledger lines of a rated match: one per side, ±40 around 1500. */
function bulkLines(match: Match, random: () => number): Change[] {
  const delta = Math.round(random() * 40) - 20;
  const sides = [
    [match.p1Id, match.p1Race, delta],
    [match.p2Id, match.p2Race, -delta],
  ] as const;
  return sides.map(([playerId, race, d]) => {
    const before = 1300 + Math.floor(random() * 400);
    const record: RatingHistory = {
      id: `${match.id}/${playerId}/${race}#1`, seasonId: match.seasonId, playerId, race,
      kind: 'game', matchId: match.id, auditId: null, before, after: before + d, delta: d,
      rdBefore: null, rdAfter: null, volatilityBefore: null, volatilityAfter: null,
      at: match.createdAt, supersededAt: null,
    }; // prettier-ignore
    return { kind: 'ratingHistory', record };
  });
}
