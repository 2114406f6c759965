import { waveId, type Change, type Match, type QueueEntry, type Season } from '../store/index.js';
import { commit, newId, type LadderContext } from './context.js';
import { pending, type PendingEvent, type WaveReport } from './events.js';
import { startRating } from './ledger.js';
import { queueState } from './queue.js';
import {
  chooseMap, eloUnderdogChance, glicko2UnderdogChance, isBwRace, isSc2Race,
  type PlayedMap, type RegionCode, type WaveEntry, type WavePair,
} from './rules/index.js'; // prettier-ignore

// One wave (PRODUCT.md §6.2, §6.3): age the pool, drop timed-out entries, pair the rest with
// the pure rule, and create one match per pair with its map, server and stored deadline, all
// in one durable batch. The wave's figures are stored, logged and emitted ([MM-6]).
//
// NOTE: an idle wave (no season, queue closed, empty pool) stores no wave record. Its figures
// are all zero and its time is implied by the 45 s grid, so a record would only add 1,920
// rows a day to a quiet ladder; readers of the wave history treat a missing time as idle.

/** Key of the heartbeat the scheduler uses to measure an outage. */
export const aliveKey = 'ladder:alive';
/** An idle ladder refreshes its heartbeat this often. */
const heartbeatMs = 5 * 60_000;

/** Runs the wave of `waveAt`; null when the queue is closed or empty, or no season is current. */
export async function runWave(ctx: LadderContext, waveAt: number): Promise<WaveReport | null> {
  const read = ctx.store.read;
  const season = read.currentSeason();
  const now = ctx.clock.now();
  const changes: Change[] = [
    {
      kind: 'keyValue',
      record: { id: aliveKey, value: { at: now }, expiresAt: null, updatedAt: now },
    },
  ];
  if (!season || !queueState(ctx).isOpen || read.openQueueEntries().length === 0) {
    // An idle wave only refreshes the heartbeat, and only every few minutes: the outage
    // measure may run long by that much, which errs on the players' side.
    const alive = (read.keyValue(aliveKey)?.value as { at?: number } | undefined)?.at ?? 0;
    if (now - alive >= heartbeatMs) await commit(ctx, changes);
    return null;
  }

  const events: PendingEvent[] = [];
  const open = read.openQueueEntries();
  const live: QueueEntry[] = [];
  let timedOut = 0;
  for (const entry of open) {
    if (entry.joinedAt + ctx.settings.queueTimeoutMs <= waveAt) {
      const closed = { ...entry, exit: 'timeout' as const, exitAt: waveAt };
      changes.push({ kind: 'queueEntry', record: closed });
      events.push(pending('queue_left', { entry: closed, reason: 'timeout' }));
      timedOut += 1;
    } else live.push({ ...entry, wavesWaited: entry.wavesWaited + 1 });
  }

  const waveEntries = live.map((entry) => toWaveEntry(ctx, season, entry));
  const started = performance.now();
  const result = ctx.pairWave(waveEntries, season.mapPool, ctx.settings.rules.matchmaking);
  const computeMs = performance.now() - started;

  const byPlayer = new Map(live.map((entry) => [entry.playerId, entry]));
  const paired = new Set<string>();
  let number = read.lastMatchNumber();
  for (const pair of result.pairs) {
    const match = createMatch(ctx, season, pair, waveAt, (number += 1), byPlayer);
    if (!match) {
      number -= 1;
      continue;
    }
    changes.push({ kind: 'match', record: match });
    events.push(pending('match_found', { match }));
    for (const id of [match.p1Id, match.p2Id]) {
      paired.add(id);
      const entry = byPlayer.get(id) as QueueEntry;
      changes.push({
        kind: 'queueEntry',
        record: { ...entry, exit: 'matched', exitAt: waveAt, matchId: match.id },
      });
    }
  }
  for (const entry of live)
    if (!paired.has(entry.playerId)) changes.push({ kind: 'queueEntry', record: entry });

  const report: WaveReport = {
    waveAt, poolSize: live.length, timedOut, computeMs,
    bwOnly: live.filter((e) => e.bwRace && !e.sc2Race).length,
    sc2Only: live.filter((e) => !e.bwRace && e.sc2Race).length,
    bothGames: live.filter((e) => e.bwRace && e.sc2Race).length,
    allowedPairs: result.allowedEdges, pairsFormed: paired.size / 2, unpaired: live.length - paired.size,
  }; // prettier-ignore
  changes.push({
    kind: 'wave',
    record: { id: waveId(waveAt), seasonId: season.id, ...report, createdAt: now },
  });
  events.push(pending('wave_done', report));
  await commit(ctx, changes, events);
  ctx.log.info({ ...report, computeMs: Math.round(computeMs * 1000) / 1000 }, 'wave done');
  return report;
}

function toWaveEntry(ctx: LadderContext, season: Season, entry: QueueEntry): WaveEntry {
  const read = ctx.store.read;
  const ratingOf = (race: QueueEntry['bwRace'] & string) =>
    read.rating(season.id, entry.playerId, race)?.rating ??
    startRating(read, season, entry.playerId, race);
  const region = read.player(entry.playerId)?.region ?? entry.region ?? '';
  return {
    playerId: entry.playerId,
    bw:
      entry.bwRace && isBwRace(entry.bwRace)
        ? { race: entry.bwRace, rating: ratingOf(entry.bwRace) }
        : null,
    sc2:
      entry.sc2Race && isSc2Race(entry.sc2Race)
        ? { race: entry.sc2Race, rating: ratingOf(entry.sc2Race) }
        : null,
    vetoes: entry.vetoes,
    region: region as RegionCode,
    joinedAtMs: entry.joinedAt,
    wavesWaited: entry.wavesWaited,
  };
}

/**
 * Maps of a player's latest `memory` matches that reached `in_progress`, for the recent-map
 * rule. Reads newest first in growing pages, so a veteran's wave builds a few matches instead
 * of their whole history (~4 µs a match).
 */
function playedMaps(ctx: LadderContext, playerId: string, memory: number): PlayedMap[] {
  for (let limit = 8; ; limit *= 8) {
    const recent = ctx.store.read.recentMatchesOfPlayer(playerId, limit);
    const played = recent
      .filter((m) => m.p1ConfirmedAt !== null && m.p2ConfirmedAt !== null)
      .slice(0, memory);
    if (played.length >= memory || recent.length < limit) {
      return played.map((m) => ({ mapId: m.mapId, playedAtMs: m.createdAt }));
    }
  }
}

function createMatch(
  ctx: LadderContext,
  season: Season,
  pair: WavePair,
  waveAt: number,
  number: number,
  entries: ReadonlyMap<string, QueueEntry>,
): Match | null {
  const s = ctx.settings;
  const memory = s.rules.matchmaking.recentMapMemory;
  const mapId = chooseMap({
    pool: season.mapPool,
    vetoes: [pair.bw.vetoes, pair.sc2.vetoes],
    recent: [playedMaps(ctx, pair.bw.playerId, memory), playedMaps(ctx, pair.sc2.playerId, memory)],
    memory,
    random: s.random,
  });
  if (mapId === null) return null;

  const r1 = pair.bw.bw?.rating ?? season.rules.start;
  const r2 = pair.sc2.sc2?.rating ?? season.rules.start;
  const underdogChance =
    season.rules.system === 'elo'
      ? eloUnderdogChance(r1, r2, season.rules.divisor)
      : glicko2UnderdogChance(
          glickoOf(ctx, season, pair.bw.playerId, pair.bwRace, r1),
          glickoOf(ctx, season, pair.sc2.playerId, pair.sc2Race, r2),
        );
  const now = ctx.clock.now();
  const confirmBy = now + s.confirmWindowMs;
  const joined = (id: string) => entries.get(id)?.joinedAt ?? waveAt;

  return {
    id: newId('m'), number, seasonId: season.id, waveAt, stage: 'awaiting_confirmation',
    p1Id: pair.bw.playerId, p2Id: pair.sc2.playerId, p1Race: pair.bwRace, p2Race: pair.sc2Race,
    mapId, server: pair.server, p1RatingAtPairing: r1, p2RatingAtPairing: r2, underdogChance,
    p1WaitMs: waveAt - joined(pair.bw.playerId), p2WaitMs: waveAt - joined(pair.sc2.playerId),
    deadlineAt: confirmBy, confirmBy, reportBy: null, noShowBy: null, disputeBy: null,
    remindersSent: [], p1ConfirmedAt: null, p2ConfirmedAt: null, p1Report: null, p2Report: null,
    noShowClaimantId: null, noShowClaimedAt: null, outcome: null, outcomeSource: null,
    voidReason: null, abortedBy: null, missedConfirmation: [], workItemId: null,
    p1RatingBefore: null, p1RatingAfter: null, p2RatingBefore: null, p2RatingAfter: null,
    messageIds: {},
    events: [{ at: now, actor: { kind: 'system' }, event: 'found', details: {
      gap: pair.gap, cost: pair.cost, latency: [...pair.latency], waveAt } }],
    createdAt: now, updatedAt: now, endedAt: null,
  }; // prettier-ignore
}

function glickoOf(
  ctx: LadderContext,
  season: Season,
  playerId: string,
  race: Match['p1Race'],
  rating: number,
) {
  const entry = ctx.store.read.rating(season.id, playerId, race);
  const rules = season.rules.system === 'glicko2' ? season.rules : null;
  return {
    rating,
    rd: entry?.rd ?? rules?.rd ?? 350,
    volatility: entry?.volatility ?? rules?.volatility ?? 0.06,
  };
}
