import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeReplay, readArchiveFiles } from '../src/replays/decode/index.js';

// Corpus loading and per-file timing for `ladder bench replays`.

/** `../shared/replays/` from the project root, read in place. */
export const corpusDir = fileURLToPath(new URL('../../shared/replays/', import.meta.url));

/** One corpus replay, held in memory for the whole run. */
export interface CorpusReplay {
  name: string;
  bytes: Uint8Array;
  baseBuild: number;
  gameType: string;
  /** The inner files a ladder summary decompresses: the floor under the summary. */
  summaryFiles: string[];
}

/** Milliseconds per file for each thing measured, in corpus order. */
export interface RoundTimes {
  summary: number[];
  withStats: number[];
  floor: number[];
  floorWithStats: number[];
}

// The summary reads details and attributes always, and the lobby state of initData from the
// build where its layout is known; the floor decompresses exactly those.
const lobbyLayoutSinceBuild = 80_949;

/** Loads every corpus replay with its base build (from its expected JSON) and game type. */
export function loadCorpus(): CorpusReplay[] {
  const index = readFileSync(`${corpusDir}INDEX.tsv`, 'utf8').trimEnd().split('\n').slice(1);
  return index.map((line) => {
    const [name = '', , , gameType = ''] = line.split('\t');
    const json = readFileSync(`${corpusDir}${name.replace(/\.SC2Replay$/, '.json')}`, 'utf8');
    const { baseBuild } = JSON.parse(json) as { baseBuild: number };
    const summaryFiles = ['replay.details', 'replay.attributes.events'];
    if (baseBuild >= lobbyLayoutSinceBuild) summaryFiles.push('replay.initData');
    return { name, bytes: readFileSync(`${corpusDir}${name}`), baseBuild, gameType, summaryFiles };
  });
}

/** Whether a replay is a current 1v1 ladder game, the case the targets are set for. */
export function isCurrent1v1(replay: CorpusReplay): boolean {
  return replay.gameType === '1v1' && replay.baseBuild >= lobbyLayoutSinceBuild;
}

/** One timed round: wall-clock and process CPU milliseconds, and the files that failed. */
export interface Round {
  wall: RoundTimes;
  /** CPU time is what the decode itself cost: time the scheduler gave to others is left out. */
  cpu: RoundTimes;
  failures: string[];
}

const emptyTimes = (): RoundTimes => ({
  summary: [],
  withStats: [],
  floor: [],
  floorWithStats: [],
});

/**
 * Times each file once per mode, interleaved so that all four see the same machine state.
 * Files run in a shuffled order each round: allocation is deterministic, so in a fixed order
 * a garbage collection would land on the same file every round and survive its median.
 * Returns the failures by file too: a file the decoder refuses is timed to its refusal.
 */
export function timeRound(replays: CorpusReplay[], seed: number): Round {
  const round: Round = { wall: emptyTimes(), cpu: emptyTimes(), failures: [] };
  const time = (mode: keyof RoundTimes, index: number, work: () => unknown, name?: string) => {
    const [wallMs, cpuMs] = timed(work, () => name !== undefined && round.failures.push(name));
    round.wall[mode][index] = wallMs;
    round.cpu[mode][index] = cpuMs;
  };

  for (const index of shuffledIndexes(replays.length, seed)) {
    const replay = replays[index]!;
    const { bytes, name } = replay;
    const statsFiles = [...replay.summaryFiles, 'replay.tracker.events'];
    time('floor', index, () => readArchiveFiles(bytes, replay.summaryFiles));
    time('summary', index, () => decodeReplay(bytes, { fileName: name }), name);
    time('floorWithStats', index, () => readArchiveFiles(bytes, statsFiles));
    time('withStats', index, () => decodeReplay(bytes, { fileName: name, stats: true }));
  }

  return round;
}

// Fisher–Yates over 0…length−1 with a small linear congruential generator, so runs repeat.
function shuffledIndexes(length: number, seed: number): number[] {
  const indexes = Array.from({ length }, (_, i) => i);
  let state = seed >>> 0;
  for (let i = length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }

  return indexes;
}

// Process CPU time counts V8's helper threads too; while only this thread decodes, they add
// little beyond the garbage collection the decode itself causes.
function timed(work: () => unknown, onFailure: () => void): [wallMs: number, cpuMs: number] {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  try {
    work();
  } catch {
    onFailure();
  }

  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return [wallMs, (cpu.user + cpu.system) / 1_000];
}

/** The value at quantile `q` (0–1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
