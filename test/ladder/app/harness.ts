import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  FakeClock,
  Ladder,
  type LadderEventMap,
  type LadderSettings,
  type ReplayVerifier,
} from '../../../src/ladder/index.js';
import type { ReplayUpload } from '../../../src/ladder/replays.js';
import type { ReplaySummary } from '../../../src/replays/decode/types.js';
import { openStore, type Match, type Season, type Store } from '../../../src/store/index.js';

// A real store on PGlite in a temp folder, a fake clock, and a ladder with test settings: a
// small mod fingerprint and map titles so built summaries pass verification.

/** 2026-03-01T12:00:00Z, a multiple of 45 s. */
export const t0 = Date.UTC(2026, 2, 1, 12);
export const minute = 60_000;

const hex = (c: string) => c.repeat(64);
export const modHash = hex('a');
export const maps = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];

export const testSettings: Partial<LadderSettings> = {
  mod: {
    regions: {
      americas: { main: [{ hash: modHash }], art: [] },
      europe: { main: [{ hash: hex('b') }], art: [] },
      asia: { main: [{ hash: hex('c') }], art: [] },
    },
    allowedExtras: [],
  },
  mapTitles: Object.fromEntries(maps.map((m) => [m, [`Map ${m}`]])),
  random: () => 0,
};

/** One open ladder with what it emitted. */
export interface Harness {
  dir: string;
  store: Store;
  clock: FakeClock;
  ladder: Ladder;
  seen: { name: keyof LadderEventMap; event: unknown }[];
}

/** Every event the ladder emits. */
export const eventNames: (keyof LadderEventMap)[] = [
  'match_found', 'confirmation_renewed', 'confirmation_reminder', 'opponent_confirmed',
  'match_started', 'report_reminder', 'deadline_passed', 'opponent_reported', 'no_show_claimed',
  'no_show_withdrawn', 'replay_verified', 'result_final', 'match_ended', 'dispute_opened',
  'dispute_resolved', 'dispute_reminder', 'work_item_opened', 'rank_changed', 'queue_left',
  'requeued', 'wave_done',
]; // prettier-ignore

// Creating a PGlite database takes seconds; each test copies a fresh folder from one template
// made once per test file (with the season in it).
let template: Promise<string> | null = null;

async function makeTemplate(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ladder-template-'));
  const store = await openStore({ dataDir: dir });
  await store.write([{ kind: 'season', record: season() }]);
  await store.close();
  return dir;
}

/** Creates the template ahead of the tests (its database init is slow on a busy machine). */
export async function prepareTemplate(): Promise<void> {
  template ??= makeTemplate();
  await template;
}

/** Removes the template folder; call once after a file's tests. */
export async function removeTemplate(): Promise<void> {
  if (template) await rm(await template, { recursive: true, force: true });
  template = null;
}

/** The ladders of one test file, opened through it and disposed by its hooks. */
export interface Ladders {
  /** A fresh ladder (started unless `start: false`), disposed after the test. */
  setup(options?: { start?: boolean; verifier?: ReplayVerifier }): Promise<Harness>;
  /** `setup` plus the usual pair, Alpha (BW Zerg) and Bravo (SC2 Terran), by Discord id. */
  setupAlphaBravo(): Promise<[Harness, string, string]>;
  /** A fresh ladder kept for the whole file (for `beforeAll`), disposed after it. */
  setupShared(options?: { start?: boolean }): Promise<Harness>;
  /** Stops and closes `h`, lets `downMs` pass while down, reopens the folder and starts. */
  restart(h: Harness, downMs?: number): Promise<Harness>;
}

/**
 * Registers a test file's hooks (the template made once before, every ladder disposed after its
 * test, the template removed at the end) and returns the way to open ladders.
 */
export function useLadders(defaults: { start?: boolean } = {}): Ladders {
  const perTest: Harness[] = [];
  const perFile: Harness[] = [];
  beforeAll(prepareTemplate, 120_000);
  afterEach(async () => {
    for (const h of perTest.splice(0)) await disposeLadder(h);
  });
  afterAll(async () => {
    for (const h of perFile.splice(0)) await disposeLadder(h);
    await removeTemplate();
  });

  async function open(list: Harness[], start: boolean, verifier?: ReplayVerifier) {
    const h = await openLadder(undefined, new FakeClock(t0), verifier ? { verifier } : {});
    list.push(h);
    if (start) await h.ladder.start();
    return h;
  }

  const setup: Ladders['setup'] = (options = {}) =>
    open(perTest, options.start ?? defaults.start ?? true, options.verifier);

  return {
    setup,
    async setupAlphaBravo() {
      const h = await setup();
      const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
      return [h, a, await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' })];
    },
    setupShared: (options = {}) => open(perFile, options.start ?? defaults.start ?? true),
    async restart(h, downMs = 0) {
      await closeLadder(h);
      await h.clock.advance(downMs);
      const next = await openLadder(h.dir, h.clock);
      const list = perFile.includes(h) ? perFile : perTest;
      list.splice(list.indexOf(h), 1, next);
      await next.ladder.start();
      return next;
    },
  };
}

/** The payloads of every event `name` a ladder emitted, oldest first. */
export function emitted<K extends keyof LadderEventMap>(h: Harness, name: K): LadderEventMap[K][] {
  return h.seen.filter((e) => e.name === name).map((e) => e.event as LadderEventMap[K]);
}

/** Opens (or reopens) a ladder on `dir`; a fresh copy of the template when none is given. */
export async function openLadder(
  dir?: string,
  clock = new FakeClock(t0),
  options: { verifier?: ReplayVerifier } = {},
): Promise<Harness> {
  let dataDir = dir;
  if (dataDir === undefined) {
    template ??= makeTemplate();
    dataDir = await mkdtemp(join(tmpdir(), 'ladder-app-'));
    await cp(await template, dataDir, { recursive: true });
  }
  const store = await openStore({
    dataDir,
    now: () => clock.now(),
    rankingRebuildGapMs: 0,
    flushIntervalMs: 20,
  });
  const ladder = new Ladder({ store, clock, settings: testSettings, ...options });
  const seen: Harness['seen'] = [];
  for (const name of eventNames) ladder.events.on(name, (event) => seen.push({ name, event }));
  return { dir: dataDir, store, clock, ladder, seen };
}

/** Stops the ladder and closes the store (the folder stays for a reopen). */
export async function closeLadder(h: Harness): Promise<void> {
  await h.ladder.stop();
  await h.store.close();
}

/** Closes and removes the folder. */
export async function disposeLadder(h: Harness): Promise<void> {
  await closeLadder(h).catch(() => undefined);
  await rm(h.dir, { recursive: true, force: true });
}

function season(): Season {
  return {
    id: 's1', name: 'Season 1', startsAt: t0 - 86_400_000, plannedEndAt: null, endedAt: null,
    isCurrent: true, mapPool: maps, rules: { system: 'elo', start: 1500, k: 40, divisor: 500 },
    carryOver: 0, overrides: {}, archive: 'none',
  }; // prettier-ignore
}

/** Registers a player ready to queue; returns their Discord id. */
export async function addPlayer(
  h: Harness,
  name: string,
  races: { bw?: string; sc2?: string },
  region = 'EUW',
): Promise<string> {
  const discordId = `d-${name}`;
  await h.ladder.touchPlayer(discordId, name.toLowerCase());
  await h.ladder.acceptTerms(discordId);
  const setup = await h.ladder.saveSetup(discordId, {
    ladderName: name, battleTag: `${name}#1234`, altNames: [], country: 'DE', region, language: null,
  }); // prettier-ignore
  if (!setup.ok) throw new Error(`setup failed: ${JSON.stringify(setup)}`);
  await h.ladder.ackQuickstart(discordId);
  await h.ladder.saveQueueChoices(discordId, {
    bwRace: races.bw ?? null,
    sc2Race: races.sc2 ?? null,
    vetoes: [],
  });
  return discordId;
}

/** Two BW players (Alpha bw_zerg, Bravo bw_terran) and two SC2 players (Charlie sc2_zerg, Delta sc2_protoss). */
export async function fourPlayers(h: Harness): Promise<{ bw: string[]; sc2: string[] }> {
  const bw = [
    await addPlayer(h, 'Alpha', { bw: 'bw_zerg' }),
    await addPlayer(h, 'Bravo', { bw: 'bw_terran' }),
  ];
  const sc2 = [
    await addPlayer(h, 'Charlie', { sc2: 'sc2_zerg' }),
    await addPlayer(h, 'Delta', { sc2: 'sc2_protoss' }),
  ];
  return { bw, sc2 };
}

/** The next wave time after now. */
export function nextWave(h: Harness): number {
  return (Math.floor(h.clock.now() / 45_000) + 1) * 45_000;
}

/** Queues two players and runs a wave at the next wave time; returns their match. */
export async function pairUp(h: Harness, bw: string, sc2: string): Promise<Match> {
  for (const id of [bw, sc2]) {
    const joined = await h.ladder.joinQueue(id);
    if (!joined.ok) throw new Error(`join failed: ${joined.reason}`);
  }
  const waveAt = nextWave(h);
  await h.clock.advanceTo(waveAt);
  if (h.store.read.openQueueEntries().length > 0) await h.ladder.runWave(waveAt);
  const match = h.ladder.lockedMatch(bw);
  if (!match) throw new Error('no match formed');
  return match;
}

/** Both players confirm. */
export async function confirmBoth(h: Harness, match: Match): Promise<Match> {
  for (const id of [match.p1Id, match.p2Id]) {
    const player = h.store.read.player(id);
    const result = await h.ladder.confirm(player?.discordId ?? '', match.id);
    if (!result.ok) throw new Error(`confirm failed: ${result.reason}`);
  }
  return h.store.read.match(match.id) as Match;
}

const raceNames: Record<string, string> = {
  bw_terran: 'BW Terran', bw_zerg: 'BW Zerg', bw_protoss: 'BW Protoss',
  sc2_terran: 'Terran', sc2_zerg: 'Zerg', sc2_protoss: 'Protoss',
}; // prettier-ignore

/** A decoded summary of a game of `match` that `winner` won (null: undecided). */
export function summaryOf(
  h: Harness,
  match: Match,
  winner: 'p1' | 'p2' | 'tie' | null,
  overrides: Partial<ReplaySummary> = {},
): ReplaySummary {
  const name = (id: string) => h.store.read.player(id)?.ladderName ?? '?';
  const result = (side: 'p1' | 'p2') =>
    winner === null ? 'undecided' : winner === 'tie' ? 'tie' : winner === side ? 'win' : 'loss';
  return {
    file: 'game.SC2Replay', sha256: '', build: 95_299, baseBuild: 95_299, version: '5.0.14.95299',
    gameLoops: 13_440, durationSeconds: 600, startTime: new Date(match.createdAt + 2 * minute).toISOString(),
    map: `Map ${match.mapId}`, gameSpeed: 'Faster',
    players: [
      { name: name(match.p1Id), clanTag: null, toon: `2-S2-1-${match.p1Id}`, race: raceNames[match.p1Race] ?? '', result: result('p1'), teamId: 0, isComputer: false },
      { name: name(match.p2Id), clanTag: null, toon: `2-S2-1-${match.p2Id}`, race: raceNames[match.p2Race] ?? '', result: result('p2'), teamId: 1, isComputer: false },
    ],
    observers: [],
    cacheHandles: [`s2ma:US:${modHash}`, `s2ma:US:${hex('f')}`],
    ...overrides,
  }; // prettier-ignore
}

let shaCounter = 0;

/** An upload of a summary with a fresh sha256. */
export function upload(discordId: string, summary: ReplaySummary, sha?: string): ReplayUpload {
  shaCounter += 1;
  const sha256 = sha ?? shaCounter.toString(16).padStart(64, '0');
  return {
    discordId,
    summary: { ...summary, sha256 },
    sha256,
    sizeBytes: 50_000,
    storageKey: sha256,
  };
}

/**
 * Everything the store answers about the ladder, as one comparable value: every player with
 * their matches, ratings, queue entry, choices, history and toons, plus the queue log, work
 * items, audit log, ledger, waves and the durable keys. Two equal snapshots mean no change.
 */
export function storeSnapshot(h: Harness): unknown {
  const read = h.store.read;
  const players = [...read.players()].map((p) => ({
    player: p,
    matches: read.matchesOfPlayer(p.id),
    ratings: read.ratingsOfPlayer('s1', p.id),
    queued: read.openQueueEntryOf(p.id) ?? null,
    choices: read.queuePreference(p.id) ?? null,
    history: read.playerHistory(p.id),
    toons: read.toonLinksOfPlayer(p.id),
  }));
  return structuredClone({
    players,
    queueLog: read.queueLog(0, Number.MAX_SAFE_INTEGER),
    work: read.openWorkItems(),
    audit: read.auditEntries({ limit: 10_000 }),
    ledger: read.seasonLedger('s1'),
    waves: read.waves(0, Number.MAX_SAFE_INTEGER),
    keys: ['queue:state', 'ladder:alive'].map((key) => read.keyValue(key) ?? null),
    lastMatchNumber: read.lastMatchNumber(),
    lastSeq: h.store.stats().lastSeq,
  });
}

/** The Discord id of a ladder player id. */
export function discordOf(h: Harness, playerId: string): string {
  return h.store.read.player(playerId)?.discordId ?? '';
}
