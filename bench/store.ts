import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  openStore,
  races,
  type Change,
  type LeaderboardFilter,
  type Race,
  type Store,
  type StoreReader,
} from '../src/store/index.js';
import { silentLogger } from '../src/logger.js';
import { PostgresDatabase } from '../src/store/database.js';
import type { AnyEntity, EntityKind } from '../src/store/entities.js';
import { migrate } from '../src/store/migrate.js';
import { upsertStatement } from '../src/store/sql.js';
import { tableOf } from '../src/store/tables.js';
import { bulkChanges, fullShape, seededRandom, type BulkShape } from '../test/store/bulk-data.js';
import { createTestDatabase, makeAudit, removeDir, t0, tempDir } from '../test/store/fixtures.js';

// `ladder bench store [--json] [--scale F] [--flush-only] [--flush-rows N] [--flush-in-flight N] [--write-changes N] [--pglite-only]`: the data layer on generated data of 100,000
// players, 300,000 ratings and 1,000,000 matches (times F). Prints rows/s flushed to PostgreSQL
// (filling the database through the store), load time and RSS of a fresh process loading it,
// read latencies (median of 5 rounds), acknowledged writes/s with ack latency (median of 3
// rounds), and rows/s flushed to PGlite. Targets: ARCHITECTURE.md §7.

interface Latency {
  p50Ms: number;
  p99Ms: number;
}

interface ReadFigures {
  /** Player, entries with ranks, per-race figures, match count and the 10 latest matches. */
  profile: Latency;
  /** The same with the player's whole match list copied (matchesOfPlayer). */
  profileAllMatches: Latency;
  ratingRank: Latency;
  leaderboard: Latency;
  rankedEntries: number;
  /** First ranking build after load (later builds follow changes, at most once a second). */
  rankBuildMs: number;
}

interface FlushFigures {
  rows: number;
  seconds: number;
  /** Rows over the whole fill, from the first write to the last row committed. */
  rowsPerSecond: number;
  ackSeconds: number;
  /** Rows over the time spent inside flush transactions only. */
  busyRowsPerSecond: number;
  /** 95th percentile of the flush transactions (the last 1,024 batches). */
  batchP95Ms: number;
  /**
   * CPU seconds of the store's PostgreSQL backends over the fill (null on PGlite or without
   * /proc), and of this process: figures that other load on a shared machine disturbs less.
   */
  backendCpuSeconds: number | null;
  benchCpuSeconds: number;
  /**
   * 95th percentile of this process's event-loop delay over the fill: how long a write's
   * callbacks may wait. The PostgreSQL flusher runs in a worker thread, out of its reach.
   */
  loopDelayP95Ms: number;
}

interface LoadFigures extends ReadFigures {
  loadMs: number;
  /** RSS right after the load (after a GC): the load's garbage may not all be released yet. */
  rssMb: number;
  /**
   * RSS with the store still open, after a GC and a 3 s wait: what an operator sees once the
   * allocator has given back what the load freed.
   */
  settledRssMb: number;
  /** Highest RSS of the loading process during the load (VmHWM). */
  peakRssMb: number;
  heapMb: number;
  /** The heap's committed size, and memory outside it (buffers: the compact tables' arenas). */
  heapCommittedMb: number;
  externalMb: number;
}

interface WriteFigures {
  writesPerSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** `ladder bench store`: prints the figures (or one JSON object with --json). */
export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const flushRowsAt = args.indexOf('--flush-rows');
  const flushRows = flushRowsAt >= 0 ? Number(args[flushRowsAt + 1]) : undefined;
  const inFlightAt = args.indexOf('--flush-in-flight');
  const flushInFlight = inFlightAt >= 0 ? Number(args[inFlightAt + 1]) : undefined;
  const writeChangesAt = args.indexOf('--write-changes');
  const writeChanges = writeChangesAt >= 0 ? Number(args[writeChangesAt + 1]) : undefined;
  const shape: BulkShape = {
    players: Math.round(fullShape.players * scale),
    ratings: Math.round(fullShape.ratings * scale),
    matches: Math.round(fullShape.matches * scale),
    // Two ledger lines per match, as a ladder that rated them keeps (off by default: issue 2's
    // shape is players, ratings and matches).
    ledger: args.includes('--ledger'),
  };
  const say = (line: string) => json || process.stderr.write(`${line}\n`);

  if (args.includes('--pglite-only')) {
    // The PGlite flush rate alone (3 rounds of 100,000 rows), as in the full run.
    const rounds = [];
    for (let round = 0; round < 3; round += 1) rounds.push(await pgliteFlushRate(100_000));
    const pgliteFlush = { rowsPerSecond: median(rounds), rounds };
    process.stdout.write(
      json
        ? `${JSON.stringify({ pgliteFlush })}\n`
        : `flush to PGlite: ${pgliteFlush.rowsPerSecond} rows/s (rounds ${rounds.join(', ')})\n`,
    );
    return 0;
  }

  if (args.includes('--writes-only')) {
    // The acknowledged-write figures alone, as in the full run.
    const writes = await measureWrites(3, 50_000, 512, flushInFlight);
    process.stdout.write(json ? `${JSON.stringify({ writes })}\n` : `${writesLine(writes)}\n`);
    return 0;
  }

  const db = await createTestDatabase();
  const dataDir = await tempDir('bench-store');
  if (args.includes('--load-only')) {
    // Load and reads only, on a database filled straight by SQL (minutes faster than the store).
    try {
      say(`filling PostgreSQL by SQL: ${JSON.stringify(shape)}`);
      await fillBySql(shape, db.url);
      const load = await loadInChild(dataDir, db.url);
      process.stdout.write(
        json ? `${JSON.stringify({ shape, load })}\n` : `${loadLines(shape, load).join('\n')}\n`,
      );
      return 0;
    } finally {
      await removeDir(dataDir);
      await db.drop();
    }
  }
  try {
    say(`filling PostgreSQL through the store: ${JSON.stringify(shape)}`);
    const postgresFlush = await fillThroughStore(shape, {
      dataDir,
      databaseUrl: db.url,
      ...(flushRows ? { flushRows } : {}),
      ...(flushInFlight ? { flushInFlight } : {}),
      ...(writeChanges ? { writeChanges } : {}),
    });
    if (args.includes('--flush-only')) {
      // Quick iteration on the flush rate alone (skips load, reads, writes and PGlite).
      process.stdout.write(
        json ? `${JSON.stringify({ shape, postgresFlush })}\n` : `${flushLine(postgresFlush)}\n`,
      );
      return 0;
    }

    say('loading it in a fresh process, then reading (5 rounds)');
    const load = await loadInChild(dataDir, db.url);

    say('acknowledged writes (3 rounds of 50,000, 512 in flight)');
    const writes = await measureWrites(3, 50_000, 512, flushInFlight);

    say('flushing to PGlite (3 rounds of 100,000 rows)');
    const pgliteFlush = [];
    for (let round = 0; round < 3; round += 1) pgliteFlush.push(await pgliteFlushRate(100_000));

    const figures = {
      shape,
      postgresFlush,
      load,
      writes,
      pgliteFlush: { rowsPerSecond: median(pgliteFlush), rounds: pgliteFlush },
    };
    if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else print(figures);
    return 0;
  } finally {
    await removeDir(dataDir);
    await db.drop();
  }
}

async function fillThroughStore(
  shape: BulkShape,
  where: {
    dataDir: string;
    databaseUrl?: string;
    flushRows?: number;
    flushInFlight?: number;
    writeChanges?: number;
  },
): Promise<FlushFigures> {
  const store = await openStore({ ...where });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let rows = 0;

  // Writes of 5 changes (or --write-changes), ~4,000 changes in flight. With writes this small
  // the writes themselves are about as slow as the flush (quiet machine: all acknowledged at
  // 77.7 s of 80.8), so rows/s is a floor on the flusher's rate. Five is a ladder write's size (a match result: the match, two
  // ratings, two history rows; most writes are 1-10 changes). The 1,000 used before were an
  // artefact of the bench: no ladder write is that big, and each one held the event loop for
  // one long synchronous stretch.
  const writeChanges = where.writeChanges ?? 5;
  const maxWrites = Math.max(4, Math.round(4_000 / writeChanges));
  // A count and one waiting resolver: `Promise.race` over the writes in flight attached a
  // handler to each of ~800 of them per write, quadratic work that stalled the event loop.
  let inFlight = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const settle = () => {
    inFlight -= 1;
    wake?.();
  };
  for (const batch of bulkChanges(shape, 42, writeChanges)) {
    if (failure !== undefined) throw failure;
    rows += batch.length;
    inFlight += 1;
    store.write(batch).then(settle, (err: unknown) => {
      failure = err;
      settle();
    });
    while (inFlight >= maxWrites) await new Promise<void>((resolve) => (wake = resolve));
  }
  while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
  if (failure !== undefined) throw failure;
  const ackSeconds = (performance.now() - started) / 1_000;

  await store.flush();
  const seconds = (performance.now() - started) / 1_000;
  const cpu = process.cpuUsage(cpuStarted);
  loopDelay.disable();
  const { flushedRows, flushBusyMs, flushBatchP95Ms } = store.stats();
  // Read while the pool's connections are still open (their /proc entries go with them).
  const backendCpuSeconds = where.databaseUrl ? await backendCpu(where.databaseUrl) : null;
  await store.close();
  return {
    rows,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    ackSeconds,
    busyRowsPerSecond: Math.round(flushedRows / (flushBusyMs / 1_000)),
    batchP95Ms: flushBatchP95Ms,
    backendCpuSeconds,
    benchCpuSeconds: (cpu.user + cpu.system) / 1e6,
    loopDelayP95Ms: loopDelay.percentile(95) / 1e6,
  };
}

/** CPU seconds (user + system) used so far by the other backends connected to `url`'s database. */
async function backendCpu(url: string): Promise<number | null> {
  const db = new PostgresDatabase(url, 1, silentLogger);
  try {
    const rows = await db.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / 100; // USER_HZ is 100 on Linux.
  } catch {
    return null; // A server on another machine: no /proc to read.
  } finally {
    await db.close();
  }
}

async function fillBySql(shape: BulkShape, url: string): Promise<void> {
  const db = new PostgresDatabase(url, 1, silentLogger);
  await migrate(db);
  for (const batch of bulkChanges(shape, 42, 10_000)) {
    const byKind = new Map<string, AnyEntity[]>();
    for (const change of batch)
      byKind.set(change.kind, [...(byKind.get(change.kind) ?? []), change.record]);
    await db.transaction(async (tx) => {
      for (const [kind, records] of byKind) {
        const statement = upsertStatement(tableOf.get(kind as EntityKind)!, records);
        await tx.query(statement.sql, statement.params);
      }
    });
  }
  await db.close();
}

async function pgliteFlushRate(rows: number): Promise<number> {
  const dataDir = await tempDir('bench-pglite');
  try {
    return (await fillThroughStore({ players: rows, ratings: 0, matches: 0 }, { dataDir }))
      .rowsPerSecond;
  } finally {
    await removeDir(dataDir);
  }
}

async function measureWrites(
  rounds: number,
  writes: number,
  inFlight: number,
  flushInFlight: number | undefined,
): Promise<WriteFigures> {
  const results: WriteFigures[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const db = await createTestDatabase();
    const dataDir = await tempDir('bench-writes');
    const store = await openStore({
      dataDir,
      databaseUrl: db.url,
      ...(flushInFlight ? { flushInFlight } : {}),
    });
    try {
      results.push(await timeWrites(store, writes, inFlight, round));
    } finally {
      await store.close();
      await removeDir(dataDir);
      await db.drop();
    }
  }
  return {
    writesPerSecond: median(results.map((r) => r.writesPerSecond)),
    ackP50Ms: median(results.map((r) => r.ackP50Ms)),
    ackP99Ms: median(results.map((r) => r.ackP99Ms)),
  };
}

async function timeWrites(
  store: Store,
  writes: number,
  inFlight: number,
  round: number,
): Promise<WriteFigures> {
  const latencies = new Float64Array(writes);
  let next = 0;
  const started = performance.now();

  // Each write is one typical change: an audit-sized record, acknowledged after fsync. Audits
  // come in time order, as the ladder writes them; with one shared time and ids that do not
  // sort in write order ("w-10" < "w-9"), every insert into the per-key lists was a splice in
  // the middle, and those splices took ~45% of this benchmark's CPU.
  const writer = async () => {
    while (next < writes) {
      const i = next++;
      const id = `w${round}-${String(i).padStart(7, '0')}`;
      const change: Change = { kind: 'audit', record: makeAudit(id, { at: t0 + i }) };
      const sent = performance.now();
      await store.write([change]);
      latencies[i] = performance.now() - sent;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, writer));
  const seconds = (performance.now() - started) / 1_000;

  latencies.sort();
  return {
    writesPerSecond: Math.round(writes / seconds),
    ackP50Ms: quantile(latencies, 0.5),
    ackP99Ms: quantile(latencies, 0.99),
  };
}

/** Times `ops` calls of `read`, one by one; p50 and p99 in ms. */
function timeOps(ops: number, read: (i: number) => unknown): Latency {
  const times = new Float64Array(ops);
  let sink = 0;
  for (let i = 0; i < ops; i += 1) {
    const start = process.hrtime.bigint();
    if (read(i) !== undefined) sink += 1;
    times[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  if (sink < 0) process.stdout.write('');
  times.sort();
  return { p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) };
}

/** Profile, rating-with-rank and filtered leaderboard reads: 5 rounds, medians. */
function measureReads(read: StoreReader, seasonId: string, random: () => number): ReadFigures {
  const players = [...read.players()];
  const entries = players.flatMap((p) => read.ratingsOfPlayer(seasonId, p.id));
  const countries = ['KR', 'DE', 'US', 'FR', 'RU', 'ZZ'];
  const pickRaces = (): Race[] => races.filter(() => random() < 0.2);
  const filter = (): LeaderboardFilter => ({
    ...(random() < 0.5 ? { races: pickRaces() } : {}),
    ...(random() < 0.5 ? { countries: [countries[Math.floor(random() * countries.length)]!] } : {}),
    ...(random() < 0.25
      ? { letter: (['A', 'B', 'C', 'D'] as const)[Math.floor(random() * 4)]! }
      : {}),
    ...(random() < 0.25 ? { bestRaceOnly: true } : {}),
  });

  const built = performance.now();
  const rankedEntries = read.rankedCount(seasonId);
  const rankBuildMs = performance.now() - built;

  const rounds = Array.from({ length: 5 }, () => {
    const who = Array.from(
      { length: 20_000 },
      () => players[Math.floor(random() * players.length)]!,
    );
    const which = Array.from(
      { length: 20_000 },
      () => entries[Math.floor(random() * entries.length)]!,
    );
    const boards = Array.from({ length: 1_000 }, () => ({
      filter: filter(),
      page: 1 + Math.floor(random() * 60),
    }));
    return {
      // What /profile and the player page show: entries with ranks, the per-race figures and
      // splits (counted from match records), the match count and the 10 latest matches.
      profile: timeOps(who.length, (i) => {
        const player = profileHead(read, seasonId, who[i]!.discordId);
        const stats = read.playerStats(player.id, seasonId);
        const recent = read.recentMatchesOfPlayer(player.id, 10);
        return stats.total.games + read.matchCountOfPlayer(player.id) + recent.length;
      }),
      profileAllMatches: timeOps(who.length, (i) => {
        const player = profileHead(read, seasonId, who[(i * 7919) % who.length]!.discordId);
        return read.matchesOfPlayer(player.id).length;
      }),
      ratingRank: timeOps(which.length, (i) => {
        const { playerId, race } = which[i]!;
        return [read.rating(seasonId, playerId, race), read.rankOf(seasonId, playerId, race)];
      }),
      leaderboard: timeOps(boards.length, (i) =>
        read.leaderboard(seasonId, boards[i]!.filter, boards[i]!.page),
      ),
    };
  });

  const pick = (key: 'profile' | 'profileAllMatches' | 'ratingRank' | 'leaderboard'): Latency => ({
    p50Ms: median(rounds.map((r) => r[key].p50Ms)),
    p99Ms: median(rounds.map((r) => r[key].p99Ms)),
  });
  return {
    profile: pick('profile'),
    profileAllMatches: pick('profileAllMatches'),
    ratingRank: pick('ratingRank'),
    leaderboard: pick('leaderboard'),
    rankedEntries,
    rankBuildMs,
  };
}

/** The first part of a profile read: the player and each entry with its rank. */
function profileHead(read: StoreReader, seasonId: string, discordId: string) {
  const player = read.playerByDiscordId(discordId)!;
  for (const rating of read.ratingsOfPlayer(seasonId, player.id)) {
    read.rankOf(seasonId, player.id, rating.race);
  }
  return player;
}

/** Runs the load and the reads in a fresh process, so RSS counts only the loaded store. */
async function loadInChild(dataDir: string, databaseUrl: string): Promise<LoadFigures> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', self, '--child-load', dataDir, databaseUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load child failed (${code})`);
  return JSON.parse(out) as LoadFigures;
}

async function childLoad(dataDir: string, databaseUrl: string): Promise<void> {
  const started = performance.now();
  // The generated data is dated around t0; rank it as of then.
  const store = await openStore({ dataDir, databaseUrl, now: () => t0 });
  const loadMs = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const peakMb = peakRssMb();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  (globalThis as { gc?: () => void }).gc?.();
  const settled = process.memoryUsage();

  const reads = measureReads(store.read, 's1', seededRandom(7));
  await store.close();
  const figures: LoadFigures = {
    loadMs: Math.round(loadMs),
    rssMb: Math.round(memory.rss / 2 ** 20),
    settledRssMb: Math.round(settled.rss / 2 ** 20),
    peakRssMb: peakMb,
    heapMb: Math.round(memory.heapUsed / 2 ** 20),
    heapCommittedMb: Math.round(memory.heapTotal / 2 ** 20),
    externalMb: Math.round(memory.external / 2 ** 20),
    ...reads,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** The process's peak RSS in MB (Linux VmHWM; 0 where /proc is missing). */
function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? 0 : Math.round(Number(kb) / 1024);
  } catch {
    return 0;
  }
}

function loadLines(shape: BulkShape, load: LoadFigures): string[] {
  const ms = (value: number) => `${value.toFixed(4)} ms`;
  return [
    `data: ${shape.players} players, ${shape.ratings} ratings, ${shape.matches} matches${shape.ledger ? `, ${2 * shape.matches} ledger lines` : ''}`,
    `load into memory: ${(load.loadMs / 1_000).toFixed(1)} s, RSS ${load.settledRssMb} MB settled (3 s after, store open), ${load.rssMb} MB right after (heap ${load.heapMb} MB used of ${load.heapCommittedMb} MB committed; external ${load.externalMb} MB; peak RSS ${load.peakRssMb} MB)`,
    `read profile:            p50 ${ms(load.profile.p50Ms)}  p99 ${ms(load.profile.p99Ms)}  (figures + match count + 10 latest)`,
    `read profile, all games: p50 ${ms(load.profileAllMatches.p50Ms)}  p99 ${ms(load.profileAllMatches.p99Ms)}  (whole match list copied)`,
    `read rating with rank:   p50 ${ms(load.ratingRank.p50Ms)}  p99 ${ms(load.ratingRank.p99Ms)}`,
    `read leaderboard page:   p50 ${ms(load.leaderboard.p50Ms)}  p99 ${ms(load.leaderboard.p99Ms)}  (${load.rankedEntries} ranked entries; first ranking build ${load.rankBuildMs.toFixed(0)} ms)`,
  ];
}

function flushLine(pg: FlushFigures): string {
  return `flush to PostgreSQL: ${pg.rows} rows in ${pg.seconds.toFixed(1)} s = ${pg.rowsPerSecond} rows/s (all acknowledged after ${pg.ackSeconds.toFixed(1)} s; ${pg.busyRowsPerSecond} rows/s inside flush transactions; batch p95 ${pg.batchP95Ms.toFixed(0)} ms; CPU: backends ${pg.backendCpuSeconds?.toFixed(1) ?? '?'} s, bench ${pg.benchCpuSeconds.toFixed(1)} s; event-loop delay p95 ${pg.loopDelayP95Ms.toFixed(0)} ms)`;
}

function writesLine(writes: WriteFigures): string {
  return `acknowledged writes: ${writes.writesPerSecond}/s, ack p50 ${writes.ackP50Ms.toFixed(2)} ms, p99 ${writes.ackP99Ms.toFixed(2)} ms`;
}

function print(figures: {
  shape: BulkShape;
  postgresFlush: FlushFigures;
  load: LoadFigures;
  writes: WriteFigures;
  pgliteFlush: { rowsPerSecond: number; rounds: number[] };
}): void {
  const { shape, postgresFlush: pg, load, writes, pgliteFlush } = figures;
  const [data, ...loaded] = loadLines(shape, load);
  const lines = [
    data,
    flushLine(pg),
    ...loaded,
    writesLine(writes),
    `flush to PGlite: ${pgliteFlush.rowsPerSecond} rows/s (rounds ${pgliteFlush.rounds.join(', ')})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, dataDir, url] = process.argv.slice(2);
  if (flag === '--child-load' && dataDir && url) await childLoad(dataDir, url);
}
