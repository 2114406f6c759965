import type { AuditEntry, Change, Json, Match, Player, Race } from '../store/index.js';
import { abortBudget } from './aborts.js';
import { commit, newId, type LadderContext } from './context.js';
import {
  closeDispute,
  commitBatch,
  finalize,
  newBatch,
  putMatch,
  voidMatch,
  type Batch,
} from './finish.js';
import { findMatch, isRefusal, isTerminal, openMatchesOf } from './guards.js';
import { startRating } from './ledger.js';
import { playerChanges } from './players.js';
import { leaveChanges, requeueChanges } from './queue.js';
import { refuse, type Refusal, type Result } from './results.js';
import { isRaceCode, monthStartUtc } from './rules/index.js';

// Admin operations (PRODUCT.md §9.2). Each checks its input, refuses an admin acting on their
// own match or account ([A-5]), and writes an audit entry in the same batch as its effect ([A-7]).

/** Finds a player by ladder id, Discord id or ladder name. */
export function findPlayer(ctx: LadderContext, ref: string): Player | undefined {
  const read = ctx.store.read;
  return read.player(ref) ?? read.playerByDiscordId(ref) ?? read.playerByName(ref);
}

/**
 * The guard every admin operation on a player shares: a valid reason, a known player, and not
 * the admin themselves ([A-5]) unless the operation allows it.
 */
export function adminTarget(
  ctx: LadderContext,
  adminId: string,
  playerRef: string,
  reason: string,
  options: { allowSelf?: boolean } = {},
): Player | Refusal {
  const bad = checkReason(reason);
  if (bad) return bad;
  const player = findPlayer(ctx, playerRef);
  if (!player) return refuse('unknown_player');
  if (!options.allowSelf && player.discordId === adminId) return refuse('self_action');
  return player;
}

/** Writes an admin's edit of a player with its history and audit entry in one batch. */
async function commitPlayerEdit(
  ctx: LadderContext,
  adminId: string,
  edit: { before: Player; after: Player; action: string; was: Json; is: Json },
  reason: string,
): Promise<void> {
  const { before, after, action, was, is } = edit;
  const actor = { kind: 'admin' as const, adminId };
  await commit(ctx, [
    ...playerChanges(before, after, actor, ctx.clock.now()),
    audit(ctx, adminId, action, { playerId: before.id }, was, is, reason),
  ]);
}

/** Refuses a reason outside 3–300 characters. */
export function checkReason(reason: string): Refusal | null {
  const length = typeof reason === 'string' ? reason.trim().length : 0;
  return length >= 3 && length <= 300 ? null : refuse('invalid_reason');
}

/** An audit entry for one admin action. */
export function audit(
  ctx: LadderContext,
  adminId: string,
  action: string,
  target: { playerId?: string | null; matchId?: string | null },
  before: Json,
  after: Json,
  reason: string,
): Change {
  const record: AuditEntry = {
    id: newId('a'), adminId, at: ctx.clock.now(), action, targetPlayerId: target.playerId ?? null,
    matchId: target.matchId ?? null, before, after, reason: reason.trim(), dmFailed: false,
  }; // prettier-ignore
  return { kind: 'audit', record };
}

const outcomes = new Set(['p1_win', 'p2_win', 'draw', 'void']);

/** T21: sets a match's outcome (or voids it); later games are re-rated (§7.5). */
export async function resolveMatch(
  ctx: LadderContext,
  adminId: string,
  matchRef: string,
  outcome: string,
  reason: string,
): Promise<Result<{ match: Match; changed: boolean; moved: number; largestChange: number }>> {
  const bad = checkReason(reason);
  if (bad) return bad;
  if (!outcomes.has(outcome)) return refuse('invalid_outcome');
  const match = findMatch(ctx, matchRef);
  if (!match) return refuse('unknown_match');
  const self = ctx.store.read.playerByDiscordId(adminId);
  if (self && (self.id === match.p1Id || self.id === match.p2Id)) return refuse('self_action');

  const before = {
    stage: match.stage,
    outcome: match.outcome,
    source: match.outcomeSource,
    voidReason: match.voidReason,
  };
  const isSame =
    outcome === 'void'
      ? match.stage === 'voided'
      : match.stage === 'finalized' && match.outcome === outcome;
  if (isSame) {
    await commit(ctx, [
      audit(ctx, adminId, 'resolve_noop', { matchId: match.id }, before, before, reason),
    ]);
    return { ok: true, match, changed: false, moved: 0, largestChange: 0 };
  }

  const now = ctx.clock.now();
  const actor = { kind: 'admin' as const, adminId };
  const next =
    outcome === 'void'
      ? voidMatch(match, 'admin', now, actor)
      : finalize(match, outcome as 'p1_win' | 'p2_win' | 'draw', 'admin', now, actor);
  const batch = newBatch();
  if (!isTerminal(match)) closeDispute(ctx, batch, match, next, now);
  putMatch(batch, match, next);
  const figures = await commitBatch(ctx, batch, (f) => [
    audit(
      ctx,
      adminId,
      'resolve',
      { matchId: match.id },
      { ...before, snapshot: match as unknown as Json },
      { stage: next.stage, outcome, moved: f.moved, largestChange: f.largestChange },
      reason,
    ),
  ]);
  return { ok: true, match: ctx.store.read.match(match.id) ?? next, changed: true, ...figures };
}

/** Stores a rating adjustment as a ledger delta for the current season ([R-6]). */
export async function adjustRating(
  ctx: LadderContext,
  adminId: string,
  playerRef: string,
  race: string,
  operation: 'set' | 'add' | 'subtract',
  value: number,
  reason: string,
): Promise<Result<{ rating: number }>> {
  const player = adminTarget(ctx, adminId, playerRef, reason);
  if (isRefusal(player)) return player;
  if (!isRaceCode(race)) return refuse('unknown_race');
  if (!Number.isInteger(value) || value < 0 || value > 5000) return refuse('out_of_range');
  const season = ctx.store.read.currentSeason();
  if (!season) return refuse('no_entry');

  const entry = ctx.store.read.rating(season.id, player.id, race);
  if (!entry && operation !== 'set') return refuse('no_entry');
  const current = entry?.rating ?? startRating(ctx.store.read, season, player.id, race);
  const target =
    operation === 'set' ? value : operation === 'add' ? current + value : current - value;
  if (target < 0 || target > 5000) return refuse('out_of_range');
  // A new Glicko-2 entry starts at the season's deviation and volatility, as a first game would.
  const glicko = season.rules.system === 'glicko2' ? season.rules : null;
  const rd = entry ? entry.rd : (glicko?.rd ?? null);
  const volatility = entry ? entry.volatility : (glicko?.volatility ?? null);

  const now = ctx.clock.now();
  const auditChange = audit(
    ctx,
    adminId,
    'adjust_rating',
    { playerId: player.id },
    { race, rating: current },
    { race, rating: target },
    reason,
  );
  const auditId = auditChange.record.id;
  const key = `${auditId}/${player.id}/${race}`;
  const changes: Change[] = [
    auditChange,
    { kind: 'ratingHistory', record: { id: `${key}#1`, seasonId: season.id, playerId: player.id,
      race: race as Race, kind: 'adjustment', matchId: null, auditId, before: current, after: target,
      delta: target - current, rdBefore: rd, rdAfter: rd, volatilityBefore: volatility,
      volatilityAfter: volatility, at: now,
      supersededAt: null } },
    { kind: 'rating', record: entry ? { ...entry, rating: target, updatedAt: now } : {
      id: `${season.id}/${player.id}/${race}`, seasonId: season.id, playerId: player.id, race: race as Race,
      rating: target, rd, volatility, games: 0, wins: 0, losses: 0, draws: 0,
      lastGameAt: null, updatedAt: now } },
  ]; // prettier-ignore
  await commit(ctx, changes);
  return { ok: true, rating: target };
}

/** Bans a player: out of the pool, and every open match voided fairly (T20). */
export async function banPlayer(
  ctx: LadderContext,
  adminId: string,
  playerRef: string,
  reason: string,
): Promise<Result<{ voided: number }>> {
  const player = adminTarget(ctx, adminId, playerRef, reason);
  if (isRefusal(player)) return player;
  if (player.bannedAt !== null) return refuse('already_banned');

  const now = ctx.clock.now();
  const actor = { kind: 'admin' as const, adminId };
  const batch: Batch = newBatch();
  const banned = { ...player, bannedAt: now, banReason: reason.trim(), updatedAt: now };
  batch.changes.push(...playerChanges(player, banned, actor, now));
  const leave = leaveChanges(ctx, player.id, 'banned', now);
  batch.changes.push(...leave.changes);
  batch.events.push(...leave.events);

  const open = openMatchesOf(ctx, player.id);
  for (const match of open) {
    const next = voidMatch(match, 'banned', now, actor);
    if (match.stage === 'disputed') closeDispute(ctx, batch, match, next, now);
    putMatch(batch, match, next);
    const otherId = match.p1Id === player.id ? match.p2Id : match.p1Id;
    const otherConfirmed = match.p1Id === player.id ? match.p2ConfirmedAt : match.p1ConfirmedAt;
    if (match.stage === 'awaiting_confirmation' && otherConfirmed !== null) {
      const back = requeueChanges(ctx, ctx.store.read.player(otherId), match, now);
      if (back) {
        batch.changes.push(back.change);
        batch.events.push(back.event);
      }
    }
  }
  batch.changes.push(
    audit(
      ctx,
      adminId,
      'ban',
      { playerId: player.id },
      { banned: false },
      { banned: true, voided: open.length },
      reason,
    ),
  );
  await commitBatch(ctx, batch);
  return { ok: true, voided: open.length };
}

/** Lifts a ban. */
export async function unbanPlayer(
  ctx: LadderContext,
  adminId: string,
  playerRef: string,
  reason: string,
): Promise<Result> {
  const player = adminTarget(ctx, adminId, playerRef, reason);
  if (isRefusal(player)) return player;
  if (player.bannedAt === null) return refuse('not_banned');

  const after = { ...player, bannedAt: null, banReason: null, updatedAt: ctx.clock.now() };
  const edit = {
    before: player,
    after,
    action: 'unban',
    was: { banned: true },
    is: { banned: false },
  };
  await commitPlayerEdit(ctx, adminId, edit, reason);
  return { ok: true };
}

/** Sets the aborts left for the current month ([M-9]). */
export async function resetAborts(
  ctx: LadderContext,
  adminId: string,
  playerRef: string,
  count: number,
  reason: string,
): Promise<Result> {
  const player = adminTarget(ctx, adminId, playerRef, reason);
  if (isRefusal(player)) return player;
  if (!Number.isInteger(count) || count < 0 || count > 99) return refuse('out_of_range');

  const now = ctx.clock.now();
  const month = new Date(monthStartUtc(now)).toISOString().slice(0, 7);
  const after = { ...player, abortOverrideMonth: month, abortOverride: count, updatedAt: now };
  const was = { count: abortBudget(ctx, player).left };
  await commitPlayerEdit(ctx, adminId, { before: player, after, action: 'reset_aborts', was,
    is: { count } }, reason); // prettier-ignore
  return { ok: true };
}
