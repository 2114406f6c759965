import type { StoreReader } from './api.js';
import { ratingId, type Match, type Race, type Wave } from './entities.js';
import { statsOf } from './player-stats.js';
import { terminal, type ReadModel } from './read-model.js';

/** Records by id: a Map, or a compact table that builds each record on read. */
interface Lookup<T> {
  get(id: string): T | undefined;
}

/** Resolves ids to records, skipping any that vanished. */
function pick<T>(map: Lookup<T>, ids: Iterable<string>): T[] {
  const out: T[] = [];
  for (const id of ids) {
    const record = map.get(id);
    if (record !== undefined) out.push(record);
  }
  return out;
}

/** The synchronous query face over a read model; `now` is the clock for ranks and expiry. */
export function createReader(model: ReadModel, now: () => number): StoreReader {
  const { records } = model;
  const byId = <T>(map: Lookup<T>, id: string | undefined) =>
    id === undefined ? undefined : map.get(id);
  // Ledger lists hold rows of the ledger table (read-model.ts).
  const lines = (rows: readonly number[]) => rows.map((row) => records.ratingHistory.recordAt(row));

  return {
    player: (id) => records.player.get(id),
    playerByDiscordId: (discordId) => byId(records.player, model.playerByDiscordId.get(discordId)),
    playerByName: (name) => byId(records.player, model.playerByName.get(name.toLowerCase())),
    playersByAnyName: (name) => pick(records.player, model.playerByAnyName.get(name.toLowerCase())),
    playerByBattleTag: (tag) =>
      byId(records.player, model.playerByBattleTag.get(tag.toLowerCase())),
    players: () => records.player.values(),

    season: (id) => records.season.get(id),
    currentSeason: () => [...records.season.values()].find((season) => season.isCurrent),
    seasons: () => [...records.season.values()].sort((a, b) => a.startsAt - b.startsAt),

    rating: (seasonId, playerId, race) => records.rating.get(ratingId(seasonId, playerId, race)),
    ratingsOfPlayer: (seasonId, playerId) =>
      pick(records.rating, model.ratingsOfPlayer.get(playerId)).filter(
        (rating) => rating.seasonId === seasonId,
      ),
    rankOf: (seasonId, playerId, race: Race) =>
      model.rankings.get(seasonId)?.rankOf(ratingId(seasonId, playerId, race), now()),
    rankedCount: (seasonId) => model.rankings.get(seasonId)?.rankedCount(now()) ?? 0,
    leaderboard: (seasonId, filter, page, pageSize = 40) => {
      const ranking = model.rankings.get(seasonId);
      if (!ranking) return { entries: [], total: 0, page: 1, pages: 1 };
      return ranking.page(filter, page, Math.max(1, Math.floor(pageSize)), now());
    },
    ratingHistory: (seasonId, playerId, race) =>
      lines(model.linesOfEntry(seasonId, playerId, race)),
    seasonLedger: (seasonId) => lines(model.historyOfSeason.get(seasonId)),
    seasonLedgerSince: (seasonId, fromAt) => lines(model.historyOfSeason.since(seasonId, fromAt)),

    queuePreference: (playerId) => records.queuePreference.get(playerId),
    queueEntry: (id) => records.queueEntry.get(id),
    openQueueEntryOf: (playerId) => byId(records.queueEntry, model.openQueueByPlayer.get(playerId)),
    openQueueEntries: () =>
      pick(records.queueEntry, model.openQueueByPlayer.values()).sort(
        (a, b) => a.joinedAt - b.joinedAt,
      ),
    queueLog: (fromMs, toMs) => {
      if (!model.isQueueSorted) {
        const joinedAt = (id: string) => records.queueEntry.get(id)?.joinedAt ?? 0;
        model.queueByJoin.sort((a, b) => joinedAt(a) - joinedAt(b));
        model.isQueueSorted = true;
      }
      return pick(records.queueEntry, model.queueByJoin).filter(
        (entry) => entry.joinedAt >= fromMs && entry.joinedAt < toMs,
      );
    },

    match: (id) => records.match.get(id),
    matchByNumber: (number) => byId(records.match, model.matchByNumber.get(number)),
    matchesOfPlayer: (playerId) => pick(records.match, model.matchesOfPlayer.get(playerId)),
    matchCountOfPlayer: (playerId) => model.matchesOfPlayer.count(playerId),
    openMatchesOfPlayer: (playerId) =>
      pick(records.match, model.openMatchesOfPlayer.get(playerId)).sort(
        (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1),
      ),
    recentMatchesOfPlayer: (playerId, limit) => {
      const ids = model.matchesOfPlayer.get(playerId);
      const out: Match[] = [];
      for (let i = ids.length - 1; i >= 0 && out.length < limit; i -= 1) {
        const match = records.match.get(ids[i]!);
        if (match !== undefined) out.push(match);
      }
      return out;
    },
    playerStats: (playerId, seasonId) =>
      statsOf(model.matchesOfPlayer.view(playerId), model.seasonSlot(seasonId), now()),
    matchesInStage: (stage) => {
      if (!terminal.has(stage)) return pick(records.match, model.matchesInStage.get(stage) ?? []);
      const out: Match[] = [];
      for (const match of records.match.values()) if (match.stage === stage) out.push(match);
      return out;
    },
    lastMatchNumber: () => model.lastMatchNumber,

    replay: (id) => records.replay.get(id),
    replaysBySha256: (sha256) => pick(records.replay, model.replaysBySha256.get(sha256)),
    replaysOfMatch: (matchId) =>
      pick(records.replay, model.replaysOfMatch.get(matchId)).sort(
        (a, b) => a.uploadedAt - b.uploadedAt,
      ),

    toonLink: (toon) => records.toonLink.get(toon),
    toonLinksOfPlayer: (playerId) => pick(records.toonLink, model.toonsOfPlayer.get(playerId)),

    auditEntries: ({ playerId, matchId, adminId, limit = 50 }) => {
      const key =
        playerId !== undefined
          ? `p/${playerId}`
          : matchId !== undefined
            ? `m/${matchId}`
            : adminId !== undefined
              ? `a/${adminId}`
              : 'all';
      const out = [];
      const ids = model.audit.get(key);
      for (let i = ids.length - 1; i >= 0 && out.length < limit; i -= 1) {
        const entry = records.audit.get(ids[i]!);
        if (!entry) continue;
        // The index serves the first filter; the others are checked here.
        if (matchId !== undefined && entry.matchId !== matchId) continue;
        if (adminId !== undefined && entry.adminId !== adminId) continue;
        out.push(entry);
      }
      return out;
    },
    playerHistory: (playerId) => pick(records.playerHistory, model.historyOfPlayer.get(playerId)),

    workItem: (id) => records.workItem.get(id),
    openWorkItems: (kind) =>
      pick(records.workItem, model.openWork)
        .filter((item) => kind === undefined || item.kind === kind)
        .sort((a, b) => a.createdAt - b.createdAt),
    workItemByDedupeKey: (key) => byId(records.workItem, model.workByDedupeKey.get(key)),

    keyValue: (key) => {
      const entry = records.keyValue.get(key);
      return entry && (entry.expiresAt === null || entry.expiresAt > now()) ? entry : undefined;
    },

    waves: (fromMs, toMs) => {
      const ids = model.waves.get('all');
      const out: Wave[] = [];
      for (let i = firstWaveAtOrAfter(ids, fromMs); i < ids.length; i += 1) {
        const wave = records.wave.get(ids[i]!);
        if (wave === undefined) continue;
        if (wave.waveAt >= toMs) break;
        out.push(wave);
      }
      return out;
    },
    lastWave: () => {
      const ids = model.waves.get('all');
      return ids.length === 0 ? undefined : records.wave.get(ids[ids.length - 1]!);
    },
  };

  /** Index of the first wave at or after `fromMs` in the time-ordered ids. */
  function firstWaveAtOrAfter(ids: readonly string[], fromMs: number): number {
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((records.wave.get(ids[mid]!)?.waveAt ?? 0) < fromMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
