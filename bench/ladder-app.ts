import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeClock, Ladder } from '../src/ladder/index.js';
import { rerateSeason } from '../src/ladder/ledger.js';
import { defaultGlicko2, regionCodes } from '../src/ladder/rules/index.js';
import { mulberry32 } from '../src/ladder/simulate/index.js';
import {
  openStore,
  type Change,
  type Match,
  type Race,
  type RatingRules,
} from '../src/store/index.js';
import { median } from './replay-timing.js';

// `ladder bench ladder-app [--queued 1000] [--rounds 5] [--corrections 15] [--equal-ratings]
// [--glicko] [--json]`: the application's own cost on a real store (PGlite in a temp folder):
// one wave over N queued players end to end (read the pool, pair, choose maps, create matches,
// one durable write), an admin correction that re-rates the season from a game spread over it,
// and a result of the season's newest game (what most results are). Ratings are spread
// around 1500 unless --equal-ratings (a new season: everyone at the start rating); the season
// rates with Elo unless --glicko (Glicko-2 with the product's defaults).

const bwRaces: Race[] = ['bw_terran', 'bw_zerg', 'bw_protoss'];
const sc2Races: Race[] = ['sc2_terran', 'sc2_zerg', 'sc2_protoss'];
const pool = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];

/** A small deterministic generator, so every run builds the same community. */
const seeded = mulberry32;

/** Runs the benchmark and prints its figures. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      queued: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '5' },
      corrections: { type: 'string', default: '15' },
      json: { type: 'boolean', default: false },
      'equal-ratings': { type: 'boolean', default: false },
      glicko: { type: 'boolean', default: false },
    },
  });
  const queued = Number(values.queued);
  const rounds = Number(values.rounds);
  const corrections = Number(values.corrections);
  const random = seeded(1);
  const t0 = Date.UTC(2026, 2, 1, 12);
  const clock = new FakeClock(t0);
  const dir = await mkdtemp(join(tmpdir(), 'ladder-app-bench-'));
  const store = await openStore({ dataDir: dir, now: () => clock.now() });
  const ladder = new Ladder({ store, clock, settings: { random } });

  try {
    const rules: RatingRules = values.glicko
      ? { system: 'glicko2', start: 1500, rd: defaultGlicko2.rd, volatility: defaultGlicko2.volatility,
          tau: defaultGlicko2.tau, inactivityDays: 7, provisionalRd: defaultGlicko2.provisionalRd }
      : { system: 'elo', start: 1500, k: 40, divisor: 500 }; // prettier-ignore
    await seed(store, queued, random, t0, !values['equal-ratings'], rules);
    const waves: { totalMs: number; cpuMs: number; computeMs: number; pairs: number }[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const waveAt = t0 + (round + 1) * 45_000;
      await clock.advanceTo(waveAt);
      await store.write(queueEntries(queued, random, waveAt, round));
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      const report = await ladder.runWave(waveAt);
      const cpu = process.cpuUsage(cpuStart);
      waves.push({
        totalMs: performance.now() - started,
        cpuMs: (cpu.user + cpu.system) / 1000,
        computeMs: report?.computeMs ?? 0,
        pairs: report?.pairsFormed ?? 0,
      });
    }

    const rated = await finishAll(store, random, clock.now());
    const correctionMs: number[] = [];
    const correctionCpuMs: number[] = [];
    const open = store.read.matchesInStage('finalized').sort((a, b) => b.number - a.number);
    await ladder.resolve('bench-admin', open[0]!.id, 'draw', 'warm-up correction');
    for (let i = 0; i < corrections; i += 1) {
      const match = open[(i * 7) % open.length] as Match;
      const outcome = match.outcome === 'p1_win' ? 'p2_win' : 'p1_win';
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      await ladder.resolve('bench-admin', match.id, outcome, 'benchmark correction');
      correctionMs.push(performance.now() - started);
      const cpu = process.cpuUsage(cpuStart);
      correctionCpuMs.push((cpu.user + cpu.system) / 1000);
    }

    // A result of the newest game, as most results are: the replay starts at that game.
    const latestMs: number[] = [];
    const newest = open[0]!;
    for (let i = 0; i < corrections; i += 1) {
      const outcome = i % 2 === 0 ? 'p1_win' : 'p2_win';
      const started = performance.now();
      await ladder.resolve('bench-admin', newest.id, outcome, 'benchmark latest result');
      latestMs.push(performance.now() - started);
    }

    const figures = {
      queued,
      rounds,
      waveTotalMsMedian: round3(median(waves.map((w) => w.totalMs))),
      waveTotalMsMax: round3(Math.max(...waves.map((w) => w.totalMs))),
      waveCpuMsMedian: round3(median(waves.map((w) => w.cpuMs))),
      pairingComputeMsMedian: round3(median(waves.map((w) => w.computeMs))),
      pairsPerWaveMedian: median(waves.map((w) => w.pairs)),
      ratedMatchesInSeason: rated,
      correctionMsMedian: round3(median(correctionMs)),
      correctionMsMax: round3(Math.max(...correctionMs)),
      correctionCpuMsMedian: round3(median(correctionCpuMs)),
      latestResultMsMedian: round3(median(latestMs)),
    };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(figures)}\n`
        : `${Object.entries(figures)
            .map(([k, v]) => `${k.padEnd(24)} ${v}`)
            .join('\n')}\n`,
    );
    return 0;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Players who accepted the terms and finished setup, with spread-out ratings. */
async function seed(
  store: Awaited<ReturnType<typeof openStore>>,
  n: number,
  random: () => number,
  t0: number,
  spread: boolean,
  rules: RatingRules,
) {
  const changes: Change[] = [{ kind: 'season', record: {
    id: 's1', name: 'Bench', startsAt: t0 - 86_400_000, plannedEndAt: null, endedAt: null,
    isCurrent: true, mapPool: pool, rules, carryOver: 0, overrides: {}, archive: 'none' } }]; // prettier-ignore
  for (let i = 0; i < n; i += 1) {
    changes.push({ kind: 'player', record: {
      id: `p${i}`, discordId: `d${i}`, discordName: `user${i}`, ladderName: `Bench${toLetters(i)}`,
      battleTag: `Bench${toLetters(i)}#1234`, altNames: [], country: 'DE',
      region: regionCodes[Math.floor(random() * regionCodes.length)] ?? 'EUW', language: null,
      lastLocale: null, termsVersion: '1', termsAcceptedAt: t0, termsDeclinedAt: null,
      setupCompletedAt: t0, quickstartReadAt: t0, noticesAcked: [], bannedAt: null, banReason: null,
      abortOverrideMonth: null, abortOverride: null, createdAt: t0, updatedAt: t0 } }); // prettier-ignore
  }
  await store.write(changes);
  if (!spread) return;

  // Established entries for every race, so the wave sees a spread of ratings.
  const ratings: Change[] = [];
  for (let i = 0; i < n; i += 1) {
    for (const race of [...bwRaces, ...sc2Races]) {
      const rating = Math.round(1500 + (random() + random() + random() - 1.5) * 400);
      ratings.push({ kind: 'rating', record: {
        id: `s1/p${i}/${race}`, seasonId: 's1', playerId: `p${i}`, race, rating, rd: null,
        volatility: null, games: 0, wins: 0, losses: 0, draws: 0, lastGameAt: null, updatedAt: t0 } }); // prettier-ignore
    }
  }
  await store.write(ratings);
}

function toLetters(n: number): string {
  let out = '';
  let rest = n;
  do {
    out += String.fromCharCode(97 + (rest % 26));
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return out;
}

/** One open queue entry per player: BW only, SC2 only or both, some vetoes, a few waves waited. */
function queueEntries(n: number, random: () => number, waveAt: number, round: number): Change[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const kind = random();
    const bw = kind < 0.7 ? pick(bwRaces) : null;
    const sc2 = kind >= 0.4 ? pick(sc2Races) : null;
    const rating = Math.round(1500 + (random() + random() + random() - 1.5) * 400);
    return { kind: 'queueEntry', record: {
      id: `q${round}_${i}`, playerId: `p${i}`, seasonId: 's1', bwRace: bw, sc2Race: sc2,
      vetoes: random() < 0.5 ? [pick(pool), pick(pool)].filter((m, j, a) => a.indexOf(m) === j) : [],
      region: null, ratingsAtJoin: Object.fromEntries([bw, sc2].filter((r) => r !== null).map((r) => [r, rating])),
      joinedAt: waveAt - Math.floor(random() * 270_000), wavesWaited: Math.floor(random() * 6),
      searchMessageId: null, exit: null, exitAt: null, matchId: null } } as Change; // prettier-ignore
  });
}

/** Marks every match of the waves as played, then rates them all in one re-rating. */
async function finishAll(
  store: Awaited<ReturnType<typeof openStore>>,
  random: () => number,
  now: number,
) {
  const matches = store.read.matchesInStage('awaiting_confirmation');
  const played = new Map<string, Match>();
  for (const m of matches) {
    played.set(m.id, { ...m, stage: 'finalized', outcome: random() < 0.5 ? 'p1_win' : 'p2_win',
      outcomeSource: 'replay', p1ConfirmedAt: now, p2ConfirmedAt: now, deadlineAt: null,
      confirmBy: null, endedAt: now }); // prettier-ignore
  }
  // Every rated match has its ledger lines, as the ladder writes them at each result.
  const rated = rerateSeason(store.read, store.read.season('s1')!, played, now);
  await store.write(rated.changes);
  return played.size;
}
