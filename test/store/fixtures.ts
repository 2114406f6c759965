import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  ratingId,
  type AuditEntry,
  type Match,
  type Player,
  type Race,
  type Rating,
  type Replay,
  type Season,
} from '../../src/store/index.js';

// Record factories for store tests and benchmarks: complete, valid records built from a few
// readable parts.

/** A fixed clock for tests: 2026-03-01T12:00:00Z. */
export const t0 = Date.UTC(2026, 2, 1, 12);

/** A player numbered `n`, with a Latin ladder name derived from `n`. */
export function makePlayer(n: number, overrides: Partial<Player> = {}): Player {
  return {
    id: `p${n}`,
    discordId: String(100_000_000_000_000_000n + BigInt(n)),
    discordName: `user${n}`,
    ladderName: latinName(n),
    battleTag: `${latinName(n)}#${1000 + (n % 9000)}`,
    altNames: [],
    country: ['KR', 'DE', 'US', 'FR', 'RU', 'BR'][n % 6]!,
    region: 'eu',
    language: null,
    lastLocale: 'en-US',
    termsVersion: '1',
    termsAcceptedAt: t0,
    termsDeclinedAt: null,
    setupCompletedAt: t0,
    quickstartReadAt: null,
    noticesAcked: [],
    bannedAt: null,
    banReason: null,
    abortOverrideMonth: null,
    abortOverride: null,
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  };
}

/** A 3–12 letter Latin name unique per `n`. */
export function latinName(n: number): string {
  let name = '';
  let rest = n;
  do {
    name += String.fromCharCode(97 + (rest % 26));
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return `Pl${name}`;
}

/** A current Elo season. */
export function makeSeason(id = 's1', overrides: Partial<Season> = {}): Season {
  return {
    id,
    name: `Season ${id}`,
    startsAt: t0 - 30 * 86_400_000,
    plannedEndAt: null,
    endedAt: null,
    isCurrent: true,
    mapPool: ['map1', 'map2', 'map3'],
    rules: { system: 'elo', start: 1500, k: 40, divisor: 500 },
    carryOver: 0,
    overrides: {},
    archive: 'none',
    ...overrides,
  };
}

/** An entry with games. */
export function makeRating(
  seasonId: string,
  playerId: string,
  race: Race,
  rating: number,
  overrides: Partial<Rating> = {},
): Rating {
  return {
    id: ratingId(seasonId, playerId, race),
    seasonId,
    playerId,
    race,
    rating,
    rd: null,
    volatility: null,
    games: 3,
    wins: 2,
    losses: 1,
    draws: 0,
    lastGameAt: t0 - 86_400_000,
    updatedAt: t0,
    ...overrides,
  };
}

/** A finalized match numbered `n` between two players. */
export function makeMatch(
  n: number,
  p1Id: string,
  p2Id: string,
  overrides: Partial<Match> = {},
): Match {
  return {
    id: `m${n}`,
    number: n,
    seasonId: 's1',
    waveAt: t0,
    stage: 'finalized',
    p1Id,
    p2Id,
    p1Race: 'bw_zerg',
    p2Race: 'sc2_terran',
    mapId: 'map1',
    server: 'eu',
    p1RatingAtPairing: 1500,
    p2RatingAtPairing: 1520,
    underdogChance: 0.47,
    p1WaitMs: 45_000,
    p2WaitMs: 90_000,
    deadlineAt: null,
    confirmBy: t0 + 60_000,
    reportBy: t0 + 5_460_000,
    noShowBy: null,
    disputeBy: null,
    remindersSent: [],
    p1ConfirmedAt: t0 + 5_000,
    p2ConfirmedAt: t0 + 7_000,
    p1Report: { value: 'win', at: t0 + 1_800_000, source: 'button' },
    p2Report: null,
    noShowClaimantId: null,
    noShowClaimedAt: null,
    outcome: 'p1_win',
    outcomeSource: 'replay',
    voidReason: null,
    abortedBy: null,
    missedConfirmation: [],
    workItemId: null,
    p1RatingBefore: 1500,
    p1RatingAfter: 1521,
    p2RatingBefore: 1520,
    p2RatingAfter: 1499,
    messageIds: { p1Found: '1', p2Found: '2' },
    events: [{ at: t0, actor: { kind: 'system' }, event: 'created', details: null }],
    createdAt: t0 + n,
    updatedAt: t0 + n,
    endedAt: t0 + 1_900_000,
    ...overrides,
  };
}

/** A verified replay of a match. */
export function makeReplay(id: string, matchId: string, sha256: string): Replay {
  return {
    id,
    sha256,
    matchId,
    uploaderId: 'p1',
    uploadedAt: t0,
    sizeBytes: 123_456,
    summary: { map: 'Fighting Spirit', players: ['a', 'b'] },
    verification: [{ check: 'readable', result: 'pass' }],
    status: 'verified',
    storageKey: `replays/${sha256}.SC2Replay`,
    deletedAt: null,
  };
}

/** An admin audit entry. */
export function makeAudit(id: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    adminId: 'admin1',
    at: t0,
    action: 'ban',
    targetPlayerId: 'p1',
    matchId: null,
    before: { banned: false },
    after: { banned: true },
    reason: 'testing',
    dmFailed: false,
    ...overrides,
  };
}

/** A fresh empty folder; remove it with `rm`. */
export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `ladder-${label}-`));
}

/** Removes a folder made by `tempDir`. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates a uniquely named database on the local PostgreSQL; returns its URL and a dropper. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ladder_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
