import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  openStore,
  waveId,
  type Change,
  type Store,
  type StoreOptions,
} from '../../src/store/index.js';
import {
  createTestDatabase,
  makeAudit,
  makeMatch,
  makePlayer,
  makeRating,
  makeReplay,
  makeSeason,
  removeDir,
  t0,
  tempDir,
} from './fixtures.js';

// PGlite starts slowly on a busy two-core machine (initdb in WebAssembly): allow for it.
vi.setConfig({ testTimeout: 120_000 });

// The same behaviour against both databases: PGlite in the data folder and the local
// PostgreSQL (a fresh database per run, dropped after).

const backends = ['pglite', 'postgres'] as const;

describe.each(backends)('store on %s', (backend) => {
  // Each data folder gets its own database, so tests never see each other's records.
  const urls = new Map<string, string>();
  const drops: (() => Promise<void>)[] = [];
  const dirs: string[] = [];
  const open: Store[] = [];

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });

  afterAll(async () => {
    for (const dir of dirs) await removeDir(dir);
    for (const drop of drops) await drop();
  });

  async function start(
    dir?: string,
    options: Partial<StoreOptions> = {},
  ): Promise<[Store, string]> {
    const dataDir = dir ?? (await tempDir(backend));
    if (!dir) dirs.push(dataDir);
    if (backend === 'postgres' && !urls.has(dataDir)) {
      const db = await createTestDatabase();
      urls.set(dataDir, db.url);
      drops.push(db.drop);
    }
    const databaseUrl = urls.get(dataDir);
    const store = await openStore({
      dataDir,
      ...(databaseUrl ? { databaseUrl } : {}),
      poolSize: 4,
      flushIntervalMs: 20,
      rankingRebuildGapMs: 0,
      now: () => t0,
      ...options,
    });
    open.push(store);
    return [store, dataDir];
  }

  async function reopen(store: Store, dir: string): Promise<Store> {
    await store.close();
    open.splice(open.indexOf(store), 1);
    return (await start(dir))[0];
  }

  it('round-trips Korean, Cyrillic and emoji names through the database unchanged', async () => {
    const [store, dir] = await start();
    const names = [
      makePlayer(1, {
        discordName: '김민수',
        altNames: ['김민수', '박지성'],
        battleTag: '민수#1234',
      }),
      makePlayer(2, { discordName: 'Дмитрий', altNames: ['Дмитрий'], battleTag: 'Дима#55555' }),
      makePlayer(3, { discordName: '🐉 dragon 🔥', altNames: ['🐉🐉🐉'], battleTag: '🐲#1234' }),
    ];
    await store.write(names.map((record) => ({ kind: 'player', record })));
    await store.flush();

    const again = await reopen(store, dir);
    for (const player of names) expect(again.read.player(player.id)).toEqual(player);
    expect(again.read.playersByAnyName('박지성').map((p) => p.id)).toEqual(['p1']);
    expect(again.read.playersByAnyName('дмитрий').map((p) => p.id)).toEqual(['p2']);
    expect(again.read.playerByBattleTag('🐲#1234')?.id).toBe('p3');
  });

  it('round-trips quotes, backslashes, braces, commas, "NULL" and empty strings', async () => {
    const [store, dir] = await start();
    const nasty = ['a"b', 'c\\d', '{x,y}', 'NULL', '', ' sp ', "it's", 'tab\there', '\\"{}'];
    const players = nasty.map((text, i) =>
      makePlayer(10 + i, { discordName: text, banReason: text, altNames: [text, `${text}2`] }),
    );
    await store.write(players.map((record) => ({ kind: 'player', record })));
    await store.flush();

    const again = await reopen(store, dir);
    for (const player of players) expect(again.read.player(player.id)).toEqual(player);
  });

  it('stores every kind of record and loads it back equal', async () => {
    const [store, dir] = await start();
    const changes: Change[] = [
      { kind: 'season', record: makeSeason() },
      { kind: 'player', record: makePlayer(1) },
      { kind: 'player', record: makePlayer(2) },
      { kind: 'rating', record: makeRating('s1', 'p1', 'bw_zerg', 1521.5) },
      { kind: 'match', record: makeMatch(1, 'p1', 'p2') },
      { kind: 'replay', record: makeReplay('r1', 'm1', 'ab'.repeat(32)) },
      { kind: 'audit', record: makeAudit('a1') },
      {
        kind: 'ratingHistory',
        record: {
          id: 'h1',
          seasonId: 's1',
          playerId: 'p1',
          race: 'bw_zerg',
          kind: 'game',
          matchId: 'm1',
          auditId: null,
          before: 1500,
          after: 1521.5,
          delta: 21.5,
          rdBefore: null,
          rdAfter: null,
          volatilityBefore: null,
          volatilityAfter: null,
          at: t0,
          supersededAt: null,
        },
      },
      {
        kind: 'queuePreference',
        record: {
          id: 'p1',
          playerId: 'p1',
          bwRace: 'bw_zerg',
          sc2Race: null,
          vetoes: ['map2'],
          updatedAt: t0,
        },
      },
      {
        kind: 'queueEntry',
        record: {
          id: 'q1',
          playerId: 'p2',
          seasonId: 's1',
          bwRace: null,
          sc2Race: 'sc2_zerg',
          vetoes: [],
          region: 'eu',
          ratingsAtJoin: { sc2_zerg: 1500 },
          joinedAt: t0,
          wavesWaited: 2,
          searchMessageId: '99',
          exit: null,
          exitAt: null,
          matchId: null,
        },
      },
      {
        kind: 'toonLink',
        record: { id: '2-S2-1-123', playerId: 'p1', names: ['민수'], linkedAt: t0, matchId: 'm1' },
      },
      {
        kind: 'playerHistory',
        record: {
          id: 'ph1',
          playerId: 'p1',
          field: 'country',
          oldValue: null,
          newValue: 'KR',
          at: t0,
          actor: { kind: 'system' },
        },
      },
      {
        kind: 'workItem',
        record: {
          id: 'w1',
          kind: 'signal',
          topic: 'shared_toon',
          matchIds: ['m1'],
          playerIds: ['p1', 'p2'],
          evidence: { toon: '2-S2-1-123' },
          dedupeKey: 'shared_toon/2-S2-1-123',
          status: 'open',
          claimedBy: null,
          messageId: null,
          createdAt: t0,
          closedAt: null,
        },
      },
      {
        kind: 'keyValue',
        record: { id: 'queue', value: { open: true }, expiresAt: null, updatedAt: t0 },
      },
      {
        kind: 'commandLog',
        record: { id: 'c1', discordId: '1', command: 'profile', at: t0, where: 'dm', details: {} },
      },
      {
        kind: 'wave',
        record: {
          id: waveId(t0), waveAt: t0, seasonId: 's1', poolSize: 5, bwOnly: 2, sc2Only: 2, bothGames: 1,
          allowedPairs: 6, pairsFormed: 2, unpaired: 1, timedOut: 0, computeMs: 0.125, createdAt: t0,
        }, // prettier-ignore
      },
    ];
    await store.write(changes);
    await store.flush();
    expect(store.stats().pendingChanges).toBe(0);

    const again = await reopen(store, dir);
    for (const change of changes) {
      if (change.kind === 'commandLog') continue;
      const map = {
        season: again.read.season(change.record.id),
        player: again.read.player(change.record.id),
        rating: again.read.ratingsOfPlayer('s1', 'p1')[0],
        match: again.read.match(change.record.id),
        replay: again.read.replay(change.record.id),
        audit: again.read.auditEntries({})[0],
        ratingHistory: again.read.ratingHistory('s1', 'p1', 'bw_zerg')[0],
        queuePreference: again.read.queuePreference('p1'),
        queueEntry: again.read.openQueueEntryOf('p2'),
        toonLink: again.read.toonLink(change.record.id),
        playerHistory: again.read.playerHistory('p1')[0],
        workItem: again.read.workItemByDedupeKey('shared_toon/2-S2-1-123'),
        keyValue: again.read.keyValue('queue'),
        wave: again.read.lastWave(),
      }[change.kind];
      expect(map, change.kind).toEqual(change.record);
    }
  });

  it('answers the indexed reads from memory', async () => {
    const [store] = await start();
    await store.write([
      { kind: 'season', record: makeSeason() },
      { kind: 'player', record: makePlayer(1, { ladderName: 'Alpha' }) },
      { kind: 'player', record: makePlayer(2, { ladderName: 'Beta', altNames: ['alphaalt'] }) },
      { kind: 'match', record: makeMatch(1, 'p1', 'p2') },
      { kind: 'match', record: makeMatch(2, 'p2', 'p1', { stage: 'in_progress' }) },
      { kind: 'replay', record: makeReplay('r1', 'm1', 'cd'.repeat(32)) },
      { kind: 'replay', record: makeReplay('r2', 'm2', 'cd'.repeat(32)) },
    ]);

    expect(store.read.playerByName('ALPHA')?.id).toBe('p1');
    expect(store.read.playerByDiscordId(makePlayer(2).discordId)?.id).toBe('p2');
    expect(store.read.playersByAnyName('AlphaAlt').map((p) => p.id)).toEqual(['p2']);
    expect(store.read.matchesOfPlayer('p1').map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(store.read.matchesInStage('in_progress').map((m) => m.id)).toEqual(['m2']);
    expect(store.read.openMatchesOfPlayer('p1').map((m) => m.id)).toEqual(['m2']);
    expect(store.read.matchByNumber(2)?.id).toBe('m2');
    expect(store.read.lastMatchNumber()).toBe(2);
    expect(
      store.read
        .replaysBySha256('cd'.repeat(32))
        .map((r) => r.id)
        .sort(),
    ).toEqual(['r1', 'r2']);

    // A stage change moves the match between stage indexes.
    await store.write([
      { kind: 'match', record: makeMatch(2, 'p2', 'p1', { stage: 'finalized' }) },
    ]);
    expect(store.read.matchesInStage('in_progress')).toEqual([]);
    expect(store.read.openMatchesOfPlayer('p1')).toEqual([]);
    expect(store.read.openMatchesOfPlayer('p2')).toEqual([]);
    // Terminal stages are read by a scan of the table, not an index: the same answer.
    expect(
      store.read
        .matchesInStage('finalized')
        .map((m) => m.id)
        .sort(),
    ).toEqual(['m1', 'm2']);
    expect(store.read.matchesInStage('voided')).toEqual([]);

    // A rename frees the old name and takes the new one.
    await store.write([{ kind: 'player', record: makePlayer(1, { ladderName: 'Gamma' }) }]);
    expect(store.read.playerByName('alpha')).toBeUndefined();
    expect(store.read.playerByName('gamma')?.id).toBe('p1');
  });

  it('refuses conflicting writes with conflict and applies nothing of the batch', async () => {
    const [store] = await start();
    await store.write([{ kind: 'player', record: makePlayer(1, { ladderName: 'Taken' }) }]);
    await store.write([{ kind: 'audit', record: makeAudit('a1') }]);

    const cases: Change[][] = [
      [{ kind: 'player', record: makePlayer(2, { discordId: makePlayer(1).discordId }) }],
      [{ kind: 'player', record: makePlayer(3, { ladderName: 'TAKEN' }) }],
      [{ kind: 'audit', record: makeAudit('a1', { reason: 'rewritten' }) }],
      [
        { kind: 'match', record: makeMatch(5, 'p1', 'p2') },
        { kind: 'match', record: makeMatch(5, 'p1', 'p2', { id: 'other' }) },
      ],
    ];
    for (const changes of cases) {
      await expect(store.write(changes)).rejects.toMatchObject({ code: 'conflict' });
    }
    expect(store.read.player('p2')).toBeUndefined();
    expect(store.read.match('m5')).toBeUndefined();
    expect(store.read.auditEntries({})[0]?.reason).toBe('testing');
  });

  it('compacts the journal once flushed: old segments are deleted', async () => {
    const [store, dir] = await start(undefined, { segmentBytes: 4_096 });
    for (let i = 0; i < 60; i += 1) {
      await store.write([
        { kind: 'audit', record: makeAudit(`c${i}`, { reason: 'x'.repeat(200) }) },
      ]);
    }
    await store.flush();
    // Deletion follows the flush; give the cleanup its turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.stats().journalBytes).toBeLessThan(8_192);
    expect((await readdir(join(dir, 'journal'))).length).toBeLessThanOrEqual(2);

    const again = await reopen(store, dir);
    expect(again.read.auditEntries({ limit: 100 })).toHaveLength(60);
  }, 120_000);

  it('hands a name from one player to another inside one batch', async () => {
    const [store] = await start();
    await store.write([{ kind: 'player', record: makePlayer(1, { ladderName: 'Swap' }) }]);
    await store.write([
      { kind: 'player', record: makePlayer(1, { ladderName: 'Other' }) },
      { kind: 'player', record: makePlayer(2, { ladderName: 'Swap' }) },
    ]);
    expect(store.read.playerByName('swap')?.id).toBe('p2');
  });
});
