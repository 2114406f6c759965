import type { Change, Match, Player, QueueEntry, QueueExit, Race } from '../store/index.js';
import { commit, newId, type LadderContext } from './context.js';
import { pending, type PendingEvent } from './events.js';
import { guard, isRefusal, lockedMatchOf, playerOf } from './guards.js';
import { startRating } from './ledger.js';
import { refuse, type Result } from './results.js';
import { isBwRace, isRaceCode, isSc2Race } from './rules/races.js';

// The matchmaking pool (PRODUCT.md §4.6, §6.1): saved choices, joining, leaving, and putting an
// innocent player back with their original wait (T4, T5, T20).

/** Key of the queue open/closed setting. */
export const queueStateKey = 'queue:state';

/** What the queue panel saves. */
export interface QueueChoices {
  bwRace: string | null;
  sc2Race: string | null;
  vetoes: readonly string[];
}

/** Whether joining is open, and why not. */
export function queueState(ctx: LadderContext): { isOpen: boolean; reason: string | null } {
  const value = ctx.store.read.keyValue(queueStateKey)?.value as
    { open?: boolean; reason?: string } | undefined;
  return { isOpen: value?.open !== false, reason: value?.reason ?? null };
}

/** Saves the panel's choices; a race of the wrong game or an unknown map is refused. */
export async function saveChoices(
  ctx: LadderContext,
  discordId: string,
  choices: QueueChoices,
): Promise<Result> {
  const player = playerOf(ctx, discordId);
  if (isRefusal(player)) return player;
  const refused = guard(ctx, player, false);
  if (refused) return refused;

  const { bwRace, sc2Race } = choices;
  if ((bwRace !== null && !isRaceCode(bwRace)) || (sc2Race !== null && !isRaceCode(sc2Race))) {
    return refuse('unknown_race');
  }
  if ((bwRace !== null && !isBwRace(bwRace)) || (sc2Race !== null && !isSc2Race(sc2Race))) {
    return refuse('wrong_side');
  }
  const vetoes = Array.isArray(choices.vetoes) ? [...new Set(choices.vetoes)] : [];
  if (vetoes.length > ctx.settings.maxVetoes) return refuse('too_many_vetoes');
  const pool = ctx.store.read.currentSeason()?.mapPool ?? [];
  if (vetoes.some((map) => !pool.includes(map))) return refuse('unknown_map');

  const now = ctx.clock.now();
  await commit(ctx, [{ kind: 'queuePreference', record: {
    id: player.id, playerId: player.id, bwRace, sc2Race, vetoes, updatedAt: now,
  } }]); // prettier-ignore
  return { ok: true };
}

/** Marks the quick-start guide as read. */
export async function ackQuickstart(ctx: LadderContext, discordId: string): Promise<Result> {
  const player = playerOf(ctx, discordId);
  if (isRefusal(player)) return player;
  if (player.quickstartReadAt !== null) return { ok: true };
  const now = ctx.clock.now();
  await commit(ctx, [
    { kind: 'player', record: { ...player, quickstartReadAt: now, updatedAt: now } },
  ]);
  return { ok: true };
}

/** Joins the pool with the saved choices (§4.6 pre-checks and Join checks, in order). */
export async function joinQueue(
  ctx: LadderContext,
  discordId: string,
): Promise<Result<{ entry: QueueEntry }>> {
  const player = playerOf(ctx, discordId);
  if (isRefusal(player)) return player;
  const refused = guard(ctx, player, true);
  if (refused) return refused;
  if (ctx.store.read.openQueueEntryOf(player.id)) return refuse('already_queued');
  const locked = lockedMatchOf(ctx, player.id);
  if (locked) return refuse('in_match', { matchNumber: locked.number });
  if (!queueState(ctx).isOpen) return refuse('queue_closed');
  if (player.quickstartReadAt === null) return refuse('quickstart_not_read');

  const season = ctx.store.read.currentSeason();
  const prefs = ctx.store.read.queuePreference(player.id);
  if (!season || !prefs || (prefs.bwRace === null && prefs.sc2Race === null))
    return refuse('no_race');

  const now = ctx.clock.now();
  const ratingsAtJoin: Partial<Record<Race, number>> = {};
  for (const race of [prefs.bwRace, prefs.sc2Race]) {
    if (race === null) continue;
    ratingsAtJoin[race] =
      ctx.store.read.rating(season.id, player.id, race)?.rating ??
      startRating(ctx.store.read, season, player.id, race);
  }
  const entry: QueueEntry = {
    id: newId('q'), playerId: player.id, seasonId: season.id, bwRace: prefs.bwRace,
    sc2Race: prefs.sc2Race, vetoes: prefs.vetoes.filter((m) => season.mapPool.includes(m)),
    region: player.region, ratingsAtJoin, joinedAt: now, wavesWaited: 0, searchMessageId: null,
    exit: null, exitAt: null, matchId: null,
  }; // prettier-ignore
  await commit(ctx, [{ kind: 'queueEntry', record: entry }]);
  return { ok: true, entry };
}

/** The changes and events that take a player out of the pool, if queued. */
export function leaveChanges(ctx: LadderContext, playerId: string, reason: QueueExit, at: number) {
  const entry = ctx.store.read.openQueueEntryOf(playerId);
  if (!entry) return { changes: [] as Change[], events: [] as PendingEvent[], entry: null };
  const closed = { ...entry, exit: reason, exitAt: at };
  return {
    changes: [{ kind: 'queueEntry', record: closed }] as Change[],
    events: [pending('queue_left', { entry: closed, reason })],
    entry: closed,
  };
}

/** Leaves the pool (the player's own Leave button). */
export async function leaveQueue(ctx: LadderContext, discordId: string): Promise<Result> {
  const player = playerOf(ctx, discordId);
  if (isRefusal(player)) return player;
  const leave = leaveChanges(ctx, player.id, 'left', ctx.clock.now());
  if (!leave.entry) return refuse('not_in_queue');
  await commit(ctx, leave.changes, leave.events);
  return { ok: true };
}

/**
 * Puts an innocent player back into the pool with the join time and waves waited of the entry
 * the match closed (T4, T5, T20). Returns nothing when they cannot go back.
 */
export function requeueChanges(
  ctx: LadderContext,
  player: Player | undefined,
  match: Match,
  at: number,
) {
  if (!player || player.bannedAt !== null || ctx.store.read.openQueueEntryOf(player.id))
    return null;
  const source = findMatchedEntry(ctx, player.id, match.id)[0];
  if (!source) return null;

  const entry: QueueEntry = { ...source, id: newId('q'), exit: null, exitAt: null, matchId: null,
    searchMessageId: null }; // prettier-ignore
  return {
    change: { kind: 'queueEntry', record: entry } as Change,
    event: pending('requeued', { entry, matchId: match.id }),
    at,
  };
}

function findMatchedEntry(ctx: LadderContext, playerId: string, matchId: string): QueueEntry[] {
  const match = ctx.store.read.match(matchId);
  if (!match) return [];
  const log = ctx.store.read.queueLog(
    match.waveAt - ctx.settings.queueTimeoutMs - 1,
    match.waveAt + 1,
  );
  return log.filter((e) => e.playerId === playerId && e.matchId === matchId);
}
