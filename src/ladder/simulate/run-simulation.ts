import { performance } from 'node:perf_hooks';
import { defaultRulesConfig, type RulesConfig } from '../rules/config.js';
import { eloExpected, eloUnderdogChance, rateElo } from '../rules/elo.js';
import { chooseMap, type PlayedMap } from '../rules/pairing/map-choice.js';
import { greedyWave } from '../rules/pairing/greedy-wave.js';
import { pairWave } from '../rules/pairing/pair-wave.js';
import type { WaveEntry, WaveResult } from '../rules/pairing/wave-types.js';
import { buildCommunity, waveEntryOf, type SimPlayer } from './community.js';
import { SeededRandom } from './random.js';
import { summarize, type SimulationReport, type SimulationSamples } from './report.js';

// Replays a synthetic community through the real rules, one wave every interval: joins,
// patience and timeouts, the wave policy, map choice, a simulated game and the Elo update.

/** A wave policy: the ladder's global matching or the predecessor's greedy wave. */
export type Policy = 'optimal' | 'greedy';

/** What one simulation run needs. */
export interface SimulationOptions {
  players: number;
  hours: number;
  seed: number;
  policy: Policy;
  rules?: RulesConfig;
  /** @defaultValue the nine maps of the alpha pool */
  mapPool?: readonly string[];
  /** @defaultValue 45_000 */
  waveIntervalMs?: number;
  /** @defaultValue 150 min */
  queueTimeoutMs?: number;
}

/** The alpha season's nine maps, as ids. */
export const alphaPool = [
  'celestial_enclave', 'mothership', 'ruby_rock', 'keres_passage', 'khione',
  'holy_world', 'radeon', 'sylphid', 'vermeer',
]; // prettier-ignore

interface Queued {
  player: SimPlayer;
  joinedAtMs: number;
  waves: number;
}

/** Runs one simulation and returns its figures. The same options give the same figures. */
export function runSimulation(options: SimulationOptions): SimulationReport {
  const rules = options.rules ?? defaultRulesConfig;
  const pool = options.mapPool ?? alphaPool;
  const interval = options.waveIntervalMs ?? 45_000;
  const timeout = options.queueTimeoutMs ?? 150 * 60_000;
  const rng = new SeededRandom(options.seed);
  const { players, joins } = buildCommunity(rng, {
    players: options.players,
    hours: options.hours,
    mapPool: pool,
  });

  // Game results use their own stream, so both policies face the same community and joins.
  const games = new SeededRandom(options.seed * 7 + 1);
  const byId = new Map(players.map((p) => [p.id, p]));
  const busyUntil = new Map<string, number>();
  const recent = new Map<string, PlayedMap[]>();
  const queue = new Map<string, Queued>();
  const samples: SimulationSamples = {
    waits: [],
    gaps: [],
    chances: [],
    class2: 0,
    entries: 0,
    lateOrUnmatched: 0,
    waveMs: [],
    waveCpuMs: [],
    poolSizes: [],
  };
  const wave = options.policy === 'optimal' ? pairWave : greedyWave;
  const end = options.hours * 3_600_000;
  let next = 0;

  for (let t = interval; t <= end; t += interval) {
    for (; next < joins.length && (joins[next]?.atMs as number) <= t; next += 1) {
      const join = joins[next] as { atMs: number; playerId: string };
      const player = byId.get(join.playerId) as SimPlayer;
      // A player in a game or already queued skips this join, as a real player would.
      if (queue.has(player.id) || (busyUntil.get(player.id) ?? 0) > join.atMs) continue;
      queue.set(player.id, { player, joinedAtMs: join.atMs, waves: 0 });
      samples.entries += 1;
    }

    for (const [id, q] of queue) {
      const waited = t - q.joinedAtMs;
      if (waited > Math.min(q.player.patienceMs, timeout)) {
        queue.delete(id);
        if (waited > 300_000) samples.lateOrUnmatched += 1;
      }
    }

    const entries = [...queue.values()].map((q) => toEntry(q));
    samples.poolSizes.push(entries.length);
    // Wall time includes waiting for a core on a busy machine; CPU time is the work itself.
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const result: WaveResult = wave(entries, pool, rules.matchmaking);
    samples.waveMs.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStart);
    samples.waveCpuMs.push((cpu.user + cpu.system) / 1000);

    for (const pair of result.pairs) {
      const p1 = byId.get(pair.bw.playerId) as SimPlayer;
      const p2 = byId.get(pair.sc2.playerId) as SimPlayer;
      for (const e of [pair.bw, pair.sc2]) {
        const wait = t - e.joinedAtMs;
        samples.waits.push(wait / 1000);
        if (wait > 300_000) samples.lateOrUnmatched += 1;
        queue.delete(e.playerId);
      }
      samples.gaps.push(pair.gap);
      samples.chances.push(eloUnderdogChance(p1.rating.bw, p2.rating.sc2, 500));
      if (pair.latency[0] === 2 || pair.latency[1] === 2) samples.class2 += 1;
      playGame(p1, p2, t);
    }
  }

  // Entries still waiting at the end count when they have waited past five minutes.
  for (const q of queue.values()) if (end - q.joinedAtMs > 300_000) samples.lateOrUnmatched += 1;
  return summarize(options, samples);

  function toEntry(q: Queued): WaveEntry {
    q.waves += 1;
    return waveEntryOf(q.player, q.joinedAtMs, q.waves);
  }

  function playGame(p1: SimPlayer, p2: SimPlayer, t: number): void {
    const map = chooseMap({
      pool,
      vetoes: [p1.vetoes, p2.vetoes],
      recent: [recent.get(p1.id) ?? [], recent.get(p2.id) ?? []],
      memory: rules.matchmaking.recentMapMemory,
      random: () => games.next(),
    });
    const lengthMs = Math.max(120_000, games.normal(15, 5) * 60_000);
    const p1Wins = games.next() < eloExpected(p1.skill.bw, p2.skill.sc2, 400);
    const elo = rules.rating.kind === 'elo' ? rules.rating : defaultRulesConfig.rating;
    if (elo.kind === 'elo') {
      const rated = rateElo(p1.rating.bw, p2.rating.sc2, p1Wins ? 'p1_win' : 'p2_win', elo);
      p1.rating.bw = rated.p1;
      p2.rating.sc2 = rated.p2;
    }

    for (const p of [p1, p2]) {
      busyUntil.set(p.id, t + 60_000 + lengthMs);
      if (map !== null)
        recent.set(p.id, [{ mapId: map, playedAtMs: t }, ...(recent.get(p.id) ?? [])].slice(0, 4));
    }
  }
}
