import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultElo, defaultGlicko2 } from '../../../src/ladder/rules/config.js';
import {
  eloUnderdogChance,
  isEloProvisional,
  rateElo,
  type RatedOutcome,
} from '../../../src/ladder/rules/elo.js';
import {
  glicko2Idle,
  glicko2Start,
  glicko2UnderdogChance,
  isGlicko2Provisional,
  rateGlicko2,
  rateGlicko2Period,
} from '../../../src/ladder/rules/glicko2.js';

describe('Elo', () => {
  it.each([
    [1600, 1500, 15, -5, -25],
    [1500, 1500, 20, 0, -20],
    [1700, 1500, 11, -9, -29],
    [1900, 1500, 5, -15, -35],
    [2000, 1500, 4, -16, -36],
  ])('rates %i vs %i like the product table', (fav, und, win, draw, loss) => {
    expect(rateElo(fav, und, 'p1_win', defaultElo).delta).toBe(win);
    expect(rateElo(fav, und, 'draw', defaultElo).delta).toBe(draw);
    expect(rateElo(fav, und, 'p2_win', defaultElo).delta).toBe(loss);
  });

  it('reproduces the re-rating example of §7.5', () => {
    const first = rateElo(1500, 1500, 'p1_win', defaultElo);
    expect([first.p1, first.p2]).toEqual([1520, 1480]);
    expect(rateElo(1520, 1500, 'p1_win', defaultElo).delta).toBe(19);
    expect(rateElo(1480, 1500, 'p1_win', defaultElo).delta).toBe(21);
  });

  it('is exactly zero-sum with integer ratings for any game', () => {
    const outcome = fc.constantFrom<RatedOutcome>('p1_win', 'p2_win', 'draw');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        outcome,
        (a, b, o) => {
          const r = rateElo(a, b, o, defaultElo);
          expect(r.p1 + r.p2).toBe(a + b);
          expect(Number.isInteger(r.p1) && Number.isInteger(r.p2)).toBe(true);
          expect(Math.abs(r.delta)).toBeLessThanOrEqual(defaultElo.k);
        },
      ),
    );
  });

  it('gives the underdog chances of the product samples', () => {
    expect(eloUnderdogChance(1500, 1500, 500)).toBeCloseTo(0.5, 3);
    expect(eloUnderdogChance(1600, 1500, 500)).toBeCloseTo(0.387, 3);
    expect(eloUnderdogChance(1500, 1700, 500)).toBeCloseTo(0.285, 3);
    expect(eloUnderdogChance(1800, 1500, 500)).toBeCloseTo(0.201, 3);
    expect(eloUnderdogChance(1500, 1900, 500)).toBeCloseTo(0.137, 3);
  });

  it('marks entries provisional below five rated games', () => {
    expect(isEloProvisional(4, defaultElo)).toBe(true);
    expect(isEloProvisional(5, defaultElo)).toBe(false);
  });
});

describe('Glicko-2', () => {
  it("reproduces Glickman's example as one period", () => {
    const r = rateGlicko2Period(
      { rating: 1500, rd: 200, volatility: 0.06 },
      [
        { opponent: { rating: 1400, rd: 30, volatility: 0.06 }, score: 1 },
        { opponent: { rating: 1550, rd: 100, volatility: 0.06 }, score: 0 },
        { opponent: { rating: 1700, rd: 300, volatility: 0.06 }, score: 0 },
      ],
      defaultGlicko2,
    );
    expect(r.rating).toBeCloseTo(1464.06, 1);
    expect(r.rd).toBeCloseTo(151.52, 1);
    expect(r.volatility).toBeCloseTo(0.059996, 5);
  });

  it('moves two new players to about 1662 and 1338', () => {
    const start = glicko2Start(defaultGlicko2);
    const r = rateGlicko2(start, start, 1, defaultGlicko2);
    expect(Math.round(r.p1.rating)).toBe(1662);
    expect(Math.round(r.p2.rating)).toBe(1338);
    expect(r.p1.rd).toBeCloseTo(290.3, 0);
    expect(isGlicko2Provisional(r.p1, defaultGlicko2)).toBe(true);
    expect(isGlicko2Provisional({ ...r.p1, rd: 100 }, defaultGlicko2)).toBe(false);
  });

  it('widens RD 60 to about 96 after 52 idle weeks, capped at the start RD', () => {
    const idle = glicko2Idle({ rating: 1700, rd: 60, volatility: 0.06 }, 52, defaultGlicko2);
    expect(Math.round(idle.rd)).toBe(96);
    expect(glicko2Idle({ rating: 1700, rd: 340, volatility: 0.06 }, 500, defaultGlicko2).rd).toBe(
      350,
    );
  });

  it('gives the underdog half at equal ratings and less against a stronger, settled favourite', () => {
    const even = { rating: 1500, rd: 100, volatility: 0.06 };
    expect(glicko2UnderdogChance(even, even)).toBeCloseTo(0.5, 6);
    const strong = { rating: 1700, rd: 60, volatility: 0.06 };
    const chance = glicko2UnderdogChance(strong, even);
    expect(chance).toBeLessThan(0.5);
    expect(chance).toBeGreaterThan(0.2);
    // More uncertainty pulls the prediction toward a coin flip.
    expect(glicko2UnderdogChance({ ...strong, rd: 350 }, { ...even, rd: 350 })).toBeGreaterThan(
      chance,
    );
  });
});
