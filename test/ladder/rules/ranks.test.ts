import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abortsLeft, nextAbortResetUtc } from '../../../src/ladder/rules/aborts.js';
import { defaultRulesConfig } from '../../../src/ladder/rules/config.js';
import { bandCounts, rankEntries, type RankInput } from '../../../src/ladder/rules/ranks.js';

const settings = defaultRulesConfig.ranks;
const day = 86_400_000;
const now = Date.UTC(2026, 5, 15, 12);

describe('rank bands', () => {
  it.each([
    [1, [0, 0, 0, 0, 1, 0, 0]],
    [10, [0, 0, 2, 3, 3, 2, 0]],
    [37, [0, 2, 8, 8, 8, 8, 3]],
    [100, [1, 7, 21, 21, 21, 21, 8]],
    [250, [2, 17, 52, 53, 53, 53, 20]],
  ])('splits %i ranked entries like the product table', (n, expected) => {
    expect(Object.values(bandCounts(n, settings))).toEqual(expected);
  });

  it('gives every ranked entry one band, within one place of floor(N × share) plus leftovers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (n) => {
        const counts = bandCounts(n, settings);
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        expect(total).toBe(n);
        for (const [letter, share] of Object.entries(settings.shares)) {
          const count = counts[letter as keyof typeof counts];
          expect(count).toBeGreaterThanOrEqual(Math.floor((n * share) / 100));
          expect(count).toBeLessThanOrEqual(Math.floor((n * share) / 100) + 1);
        }
      }),
    );
  });

  it('returns empty bands for zero or nonsense counts', () => {
    expect(Object.values(bandCounts(0, settings))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Object.values(bandCounts(Number.NaN, settings))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('fills bands from the top of the order and leaves idle entries unranked', () => {
    const entries: RankInput[] = Array.from({ length: 100 }, (_, i) => ({
      key: `p${i}`,
      rating: 1000 + i * 10,
      ladderName: `N${i}`,
      ratedGames: 3,
      lastGameAtMs: now - day,
    }));
    entries.push({
      key: 'idle',
      rating: 9999,
      ladderName: 'Idle',
      ratedGames: 9,
      lastGameAtMs: now - 15 * day,
    });
    entries.push({
      key: 'new',
      rating: 1500,
      ladderName: 'New',
      ratedGames: 0,
      lastGameAtMs: null,
    });

    const ranked = rankEntries(entries, now, settings);
    expect(ranked[0]).toEqual({ key: 'p99', letter: 'S', position: 1 });
    expect(ranked[1]).toEqual({ key: 'p98', letter: 'A', position: 2 });
    expect(ranked[99]).toEqual({ key: 'p0', letter: 'F', position: 100 });
    expect(ranked.find((r) => r.key === 'idle')?.letter).toBe('U');
    expect(ranked.find((r) => r.key === 'new')?.position).toBeNull();
    const letters = ranked
      .slice(0, 100)
      .map((r) => r.letter)
      .join('');
    expect(letters).toBe(
      'SAAAAAAA' + 'B'.repeat(21) + 'C'.repeat(21) + 'D'.repeat(21) + 'E'.repeat(21) + 'FFFFFFFF',
    );
  });

  it('breaks rating ties by latest game, then ladder name', () => {
    const base = { rating: 1500, ratedGames: 1 };
    const ranked = rankEntries(
      [
        { ...base, key: 'b', ladderName: 'Bob', lastGameAtMs: now - day },
        { ...base, key: 'a', ladderName: 'Amy', lastGameAtMs: now - day },
        { ...base, key: 'c', ladderName: 'Cid', lastGameAtMs: now },
      ],
      now,
      settings,
    );
    expect(ranked.map((r) => r.key)).toEqual(['c', 'a', 'b']);
  });
});

describe('abort budget', () => {
  it('counts only this calendar month in UTC and restores on the 1st', () => {
    const lastMonth = Date.UTC(2026, 4, 31, 23, 59);
    const thisMonth = Date.UTC(2026, 5, 1, 0, 0);
    const history = { chargedAtMs: [lastMonth, thisMonth, now - day] };
    expect(abortsLeft(history, now, 3)).toBe(1);
    expect(abortsLeft(history, Date.UTC(2026, 6, 1), 3)).toBe(3);
    expect(nextAbortResetUtc(now)).toBe(Date.UTC(2026, 6, 1));
    expect(nextAbortResetUtc(Date.UTC(2026, 11, 31, 23))).toBe(Date.UTC(2027, 0, 1));
  });

  it('uses an admin value set this month minus charges since, and never goes below zero', () => {
    const history = {
      chargedAtMs: [now - 3 * day, now - day, now - 1000],
      adminSet: { value: 5, atMs: now - 2 * day },
    };
    expect(abortsLeft(history, now, 3)).toBe(3);
    expect(abortsLeft({ ...history, adminSet: { value: 1, atMs: now - 2 * day } }, now, 3)).toBe(0);
    // An admin value from last month no longer applies.
    const old = { chargedAtMs: [], adminSet: { value: 0, atMs: Date.UTC(2026, 4, 20) } };
    expect(abortsLeft(old, now, 3)).toBe(3);
  });
});
