import type { BwRace, Sc2Race } from '../rules/races.js';
import { racesBySide } from '../rules/races.js';
import type { WaveEntry } from '../rules/pairing/wave-types.js';
import type { RegionCode } from '../rules/regions.js';
import { SeededRandom } from './random.js';

// A synthetic community: players with a rating per race, a choice of games, a region and
// vetoes, and the times they join the queue over the simulated hours.

/** One simulated player. */
export interface SimPlayer {
  id: string;
  games: 'bw' | 'sc2' | 'both';
  bwRace: BwRace;
  sc2Race: Sc2Race;
  /** Ladder ratings, updated through the real Elo rule as games finish. */
  rating: { bw: number; sc2: number };
  /** Hidden strength that decides simulated games. */
  skill: { bw: number; sc2: number };
  region: RegionCode;
  vetoes: string[];
  /** How long the player waits before leaving the queue, in ms. */
  patienceMs: number;
}

/** A join of the queue at a time, ms from the start of the run. */
export interface SimJoin {
  atMs: number;
  playerId: string;
}

/** Shape of the community. */
export interface CommunityOptions {
  players: number;
  hours: number;
  /** Average joins per player per day. @defaultValue 4 */
  joinsPerDay?: number;
  mapPool: readonly string[];
}

// Where the alpha's players came from, roughly: Europe and Korea first, then the Americas.
const regionWeights: readonly (readonly [RegionCode, number])[] = [
  ['EUW', 22], ['EUE', 10], ['NAE', 12], ['NAC', 6], ['NAW', 8], ['SAM', 4], ['CAM', 2],
  ['KRJ', 16], ['CHN', 6], ['SEA', 5], ['THM', 2], ['OCE', 4], ['USB', 1], ['FER', 1],
  ['MEA', 1], ['AFR', 0.5],
]; // prettier-ignore

/** Builds the community and its queue joins, sorted by time. */
export function buildCommunity(
  rng: SeededRandom,
  options: CommunityOptions,
): { players: SimPlayer[]; joins: SimJoin[] } {
  const players: SimPlayer[] = [];
  const joins: SimJoin[] = [];
  const durationMs = options.hours * 3_600_000;
  const perDay = options.joinsPerDay ?? 4;

  for (let i = 0; i < options.players; i += 1) {
    const base = rng.normal(1500, 220);
    const skill = { bw: base + rng.normal(0, 90), sc2: base + rng.normal(0, 90) };
    const player: SimPlayer = {
      id: `sim${i}`,
      games: rng.weighted([
        ['bw', 40],
        ['sc2', 40],
        ['both', 20],
      ] as const),
      bwRace: rng.sample(racesBySide.bw, 1)[0] as BwRace,
      sc2Race: rng.sample(racesBySide.sc2, 1)[0] as Sc2Race,
      rating: {
        bw: Math.round(skill.bw + rng.normal(0, 60)),
        sc2: Math.round(skill.sc2 + rng.normal(0, 60)),
      },
      skill,
      region: rng.weighted(regionWeights),
      vetoes: rng.sample(options.mapPool, rng.int(0, 4)),
      patienceMs: rng.int(5, 40) * 60_000,
    };
    players.push(player);

    // Joins follow a daily cycle peaking in the player's evening (rejection sampling of a
    // uniform time against a sine of the hour), with the same mean count at any run length.
    const count = rng.poisson((perDay * options.hours) / 24);
    const peakHour = rng.int(17, 23);
    for (let k = 0; k < count; k += 1) {
      let atMs = rng.next() * durationMs;
      for (let tries = 0; tries < 20; tries += 1) {
        const hour = (atMs / 3_600_000) % 24;
        const weight = 0.55 + 0.45 * Math.cos(((hour - peakHour) / 24) * 2 * Math.PI);
        if (rng.next() < weight) break;
        atMs = rng.next() * durationMs;
      }
      joins.push({ atMs: Math.floor(atMs), playerId: player.id });
    }
  }

  joins.sort((a, b) => a.atMs - b.atMs || (a.playerId < b.playerId ? -1 : 1));
  return { players, joins };
}

/** A simulated player's queue entry: their chosen games, region and vetoes. */
export function waveEntryOf(p: SimPlayer, joinedAtMs: number, wavesWaited: number): WaveEntry {
  return {
    playerId: p.id,
    bw: p.games === 'sc2' ? null : { race: p.bwRace, rating: p.rating.bw },
    sc2: p.games === 'bw' ? null : { race: p.sc2Race, rating: p.rating.sc2 },
    vetoes: p.vetoes,
    region: p.region,
    joinedAtMs,
    wavesWaited,
  };
}

/**
 * One wave's pool of `players` from the community (for benchmarks and tests): joined 100 ms
 * apart, waves waited spread over 1–6, or all `waited` as after a burst of joins.
 */
export function communityPool(
  players: number,
  seed: number,
  mapPool: readonly string[],
  waited: number | null = null,
): WaveEntry[] {
  const community = buildCommunity(new SeededRandom(seed), { players, hours: 1, mapPool });
  return community.players.map((p, i) => waveEntryOf(p, i * 100, waited ?? 1 + (i % 6)));
}
