import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../../src/ladder/rules/config.js';
import { pairWave, waveBound } from '../../../../src/ladder/rules/pairing/pair-wave.js';
import type { WaveEntry } from '../../../../src/ladder/rules/pairing/wave-types.js';
import { alphaPool } from '../../../../src/ladder/simulate/index.js';
import { buildCommunity } from '../../../../src/ladder/simulate/community.js';
import { SeededRandom } from '../../../../src/ladder/simulate/random.js';

// Waves past the exact pool size: placement guided by the fractional matching must never be
// worse than the unguided one, and no wave may beat the fractional bound.

const s = defaultRulesConfig.matchmaking;

function communityPool(players: number, seed: number): WaveEntry[] {
  const { players: list } = buildCommunity(new SeededRandom(seed), {
    players,
    hours: 1,
    mapPool: alphaPool,
  });
  return list.map((p, i) => ({
    playerId: p.id,
    bw: p.games === 'sc2' ? null : { race: p.bwRace, rating: p.rating.bw },
    sc2: p.games === 'bw' ? null : { race: p.sc2Race, rating: p.rating.sc2 },
    vetoes: p.vetoes,
    region: p.region,
    joinedAtMs: i * 100,
    wavesWaited: 1 + (i % 6),
  }));
}

const total = (r: ReturnType<typeof pairWave>) => r.pairs.reduce((sum, p) => sum + p.cost, 0);

describe('guided waves', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`is no worse than unguided and within the bound (200 players, seed ${seed})`, () => {
      const pool = communityPool(200, seed);
      const guided = pairWave(pool, alphaPool, s);
      const plain = pairWave(pool, alphaPool, s, { guided: false });
      const bound = waveBound(pool, alphaPool, s);

      expect(guided.pairs.length).toBeGreaterThanOrEqual(plain.pairs.length);
      if (guided.pairs.length === plain.pairs.length) {
        expect(total(guided)).toBeLessThanOrEqual(total(plain) + 1e-6);
      }
      expect(guided.pairs.length).toBeLessThanOrEqual(Math.floor(bound.pairs));
      if (guided.pairs.length === bound.pairs) {
        expect(total(guided)).toBeGreaterThanOrEqual(bound.cost - 1e-6);
      }
      expect(guided.pairs.length * 2 + guided.unpaired.length).toBe(pool.length);
    });
  }
});
