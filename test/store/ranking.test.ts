import { describe, expect, it } from 'vitest';
import { bandSizes, type Change, type Race } from '../../src/store/index.js';
import { ReadModel } from '../../src/store/read-model.js';
import { createReader } from '../../src/store/reader.js';
import { makePlayer, makeRating, t0 } from './fixtures.js';

const day = 86_400_000;

function model(commonCountries: string[] = []) {
  const readModel = new ReadModel({
    commonCountries: new Set(commonCountries),
    rankingRebuildGapMs: 0,
  });
  let now = t0;
  const reader = createReader(readModel, () => now);
  const apply = (...changes: Change[]) => changes.forEach((change) => readModel.apply(change));
  return { reader, apply, setNow: (ms: number) => (now = ms) };
}

const entry = (player: number, race: Race, rating: number, lastGameAt = t0 - day) =>
  ({
    kind: 'rating',
    record: makeRating('s1', `p${player}`, race, rating, { lastGameAt }),
  }) as const;

describe('rank bands', () => {
  it('sizes the bands as the product table says', () => {
    expect(bandSizes(1)).toEqual([0, 0, 0, 0, 1, 0, 0]);
    expect(bandSizes(10)).toEqual([0, 0, 2, 3, 3, 2, 0]);
    expect(bandSizes(37)).toEqual([0, 2, 8, 8, 8, 8, 3]);
    expect(bandSizes(100)).toEqual([1, 7, 21, 21, 21, 21, 8]);
    expect(bandSizes(250)).toEqual([2, 17, 52, 53, 53, 53, 20]);
  });

  it('always hands out exactly N places', () => {
    for (let n = 0; n < 2_000; n += 1) {
      expect(bandSizes(n).reduce((a, b) => a + b, 0)).toBe(n);
    }
  });
});

describe('season ranking', () => {
  it('orders by rating, then latest game, then ladder name', () => {
    const { reader, apply } = model();
    apply(
      { kind: 'player', record: makePlayer(1, { ladderName: 'Zed' }) },
      { kind: 'player', record: makePlayer(2, { ladderName: 'Amy' }) },
      { kind: 'player', record: makePlayer(3, { ladderName: 'Bob' }) },
      entry(1, 'bw_zerg', 1600, t0 - 2 * day),
      entry(2, 'bw_zerg', 1600, t0 - 2 * day),
      entry(3, 'sc2_zerg', 1600, t0 - day),
      entry(3, 'bw_terran', 1700),
    );
    const page = reader.leaderboard('s1', {}, 1);
    expect(page.entries.map((e) => e.rating.id)).toEqual([
      's1/p3/bw_terran',
      's1/p3/sc2_zerg',
      's1/p2/bw_zerg',
      's1/p1/bw_zerg',
    ]);
    expect(page.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
    expect(reader.rankOf('s1', 'p1', 'bw_zerg')?.rank).toBe(4);
    expect(reader.rankOf('s1', 'p3', 'sc2_zerg')?.isBestRace).toBe(false);
  });

  it('moves an entry when its rating changes and re-sorts ties on a rename', () => {
    const { reader, apply } = model();
    apply(
      { kind: 'player', record: makePlayer(1, { ladderName: 'Bob' }) },
      { kind: 'player', record: makePlayer(2, { ladderName: 'Cat' }) },
      entry(1, 'bw_zerg', 1500),
      entry(2, 'bw_zerg', 1500),
    );
    expect(reader.rankOf('s1', 'p2', 'bw_zerg')?.rank).toBe(2);

    apply({ kind: 'player', record: makePlayer(2, { ladderName: 'Abe' }) });
    expect(reader.rankOf('s1', 'p2', 'bw_zerg')?.rank).toBe(1);

    apply(entry(1, 'bw_zerg', 1550));
    expect(reader.rankOf('s1', 'p1', 'bw_zerg')?.rank).toBe(1);
  });

  it("reads a player's entries season by season, and a rename re-sorts every season", () => {
    const { reader, apply } = model();
    const inSeason = (seasonId: string, player: number, race: Race) =>
      ({ kind: 'rating', record: makeRating(seasonId, `p${player}`, race, 1500) }) as const;
    apply(
      { kind: 'player', record: makePlayer(1, { ladderName: 'Bob' }) },
      { kind: 'player', record: makePlayer(2, { ladderName: 'Cat' }) },
      inSeason('s1', 2, 'bw_zerg'),
      inSeason('s2', 2, 'sc2_zerg'),
      inSeason('s1', 2, 'bw_terran'),
      inSeason('s1', 1, 'bw_zerg'),
      inSeason('s2', 1, 'sc2_zerg'),
    );
    const races = (seasonId: string) =>
      reader.ratingsOfPlayer(seasonId, 'p2').map((rating) => rating.race);
    expect(races('s1')).toEqual(['bw_zerg', 'bw_terran']);
    expect(races('s2')).toEqual(['sc2_zerg']);
    expect(races('s3')).toEqual([]);
    expect(reader.rankOf('s1', 'p1', 'bw_zerg')?.rank).toBe(1);
    expect(reader.rankOf('s2', 'p2', 'sc2_zerg')?.rank).toBe(2);

    apply({ kind: 'player', record: makePlayer(2, { ladderName: 'Abe' }) });
    expect(reader.rankOf('s1', 'p1', 'bw_zerg')?.rank).toBe(3);
    expect(reader.rankOf('s2', 'p2', 'sc2_zerg')?.rank).toBe(1);
  });

  it('drops entries idle for more than 14 days and entries with no games', () => {
    const { reader, apply, setNow } = model();
    apply(
      { kind: 'player', record: makePlayer(1) },
      { kind: 'player', record: makePlayer(2) },
      entry(1, 'bw_zerg', 1600, t0 - 10 * day),
      entry(2, 'bw_zerg', 1500, t0 - day),
      {
        kind: 'rating',
        record: makeRating('s1', 'p2', 'sc2_zerg', 1500, { games: 0, lastGameAt: null }),
      },
    );
    expect(reader.rankedCount('s1')).toBe(2);
    expect(reader.rankOf('s1', 'p2', 'sc2_zerg')).toBeUndefined();

    setNow(t0 + 5 * day);
    expect(reader.rankOf('s1', 'p1', 'bw_zerg')).toBeUndefined();
    expect(reader.rankOf('s1', 'p2', 'bw_zerg')?.rank).toBe(1);
  });

  it('filters by race, country (ZZ = outside the common list), letter and best race', () => {
    const { reader, apply } = model(['KR', 'DE']);
    const countries = ['KR', 'DE', 'US', 'XX'];
    for (let n = 1; n <= 40; n += 1) {
      apply({ kind: 'player', record: makePlayer(n, { country: countries[n % 4]! }) });
      apply(entry(n, 'bw_zerg', 1000 + n * 10));
      apply(entry(n, 'sc2_terran', 1000 + n * 10 - 5));
    }
    expect(reader.rankedCount('s1')).toBe(80);

    const zerg = reader.leaderboard('s1', { races: ['bw_zerg'] }, 1, 100);
    expect(zerg.total).toBe(40);
    expect(zerg.entries.every((e) => e.rating.race === 'bw_zerg')).toBe(true);

    const other = reader.leaderboard('s1', { countries: ['ZZ'] }, 1, 100);
    expect(other.total).toBe(40);
    expect(new Set(other.entries.map((e) => reader.player(e.rating.playerId)?.country))).toEqual(
      new Set(['US', 'XX']),
    );

    const best = reader.leaderboard('s1', { bestRaceOnly: true }, 1, 100);
    expect(best.total).toBe(40);
    expect(best.entries.every((e) => e.rating.race === 'bw_zerg')).toBe(true);

    // 80 ranked: S 0 (0.8), A 5, B 16, ... A sits at ranks 1–6 after the leftover rules.
    const letterA = reader.leaderboard('s1', { letter: 'A' }, 1, 100);
    expect(letterA.entries.every((e) => e.letter === 'A')).toBe(true);
    expect(letterA.total).toBeGreaterThan(0);
    expect(letterA.entries[0]?.rank).toBe(1 + (bandSizes(80)[0] ?? 0));
  });

  it('gives the last page for a page past the end, and an empty page when nothing matches', () => {
    const { reader, apply } = model();
    for (let n = 1; n <= 45; n += 1) {
      apply({ kind: 'player', record: makePlayer(n) }, entry(n, 'bw_zerg', 1500 + n));
    }
    const page = reader.leaderboard('s1', {}, 99);
    expect(page).toMatchObject({ page: 2, pages: 2, total: 45 });
    expect(page.entries).toHaveLength(5);
    expect(reader.leaderboard('s1', { races: ['sc2_protoss'] }, 1)).toMatchObject({
      total: 0,
      pages: 1,
      entries: [],
    });
    expect(reader.leaderboard('nope', {}, 1).total).toBe(0);
  });

  it('gives the same pages as filtering the whole ladder, for random filters', () => {
    const { reader, apply } = model(['KR', 'DE']);
    const countries = ['KR', 'DE', 'US', 'XX', 'ZZ', 'FR'];
    const allRaces = [
      'bw_terran',
      'bw_zerg',
      'bw_protoss',
      'sc2_terran',
      'sc2_zerg',
      'sc2_protoss',
    ] as const;
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let n = 1; n <= 533; n += 1) {
      apply({
        kind: 'player',
        record: makePlayer(n, { country: countries[n % countries.length]! }),
      });
      for (const race of allRaces) {
        if (random() < 0.4) apply(entry(n, race, Math.floor(1000 + random() * 1000)));
      }
    }
    const all = reader.leaderboard('s1', {}, 1, 100_000).entries;
    const other = (c: string | null | undefined) => c !== 'KR' && c !== 'DE';

    for (let round = 0; round < 200; round += 1) {
      const races = allRaces.filter(() => random() < 0.3);
      const picked = countries.filter(() => random() < 0.3);
      const letter =
        random() < 0.3 ? (['A', 'B', 'C', 'D', 'E', 'F'] as const)[round % 6] : undefined;
      const bestRaceOnly = random() < 0.3;
      const expected = all.filter((e) => {
        const country = reader.player(e.rating.playerId)?.country;
        return (
          (races.length === 0 || races.includes(e.rating.race)) &&
          (picked.length === 0 ||
            picked.includes(country!) ||
            (picked.includes('ZZ') && other(country))) &&
          (!letter || e.letter === letter) &&
          (!bestRaceOnly || e.isBestRace)
        );
      });
      const filter = { races, countries: picked, ...(letter ? { letter } : {}), bestRaceOnly };
      const page = 1 + Math.floor(random() * 4);
      const got = reader.leaderboard('s1', filter, page, 37);
      expect(got.total).toBe(expected.length);
      const shown = Math.min(page, Math.max(1, Math.ceil(expected.length / 37)));
      expect(got.entries.map((e) => e.rating.id)).toEqual(
        expected.slice((shown - 1) * 37, shown * 37).map((e) => e.rating.id),
      );
    }
  });
});
