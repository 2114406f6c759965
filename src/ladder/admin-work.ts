import type { Json, Match, WorkItem } from '../store/index.js';
import { audit, checkReason } from './admin.js';
import { commit, type LadderContext } from './context.js';
import { commitBatch, newBatch, putMatch, withEvent } from './finish.js';
import { refuse, type Result } from './results.js';

// The work queue's buttons (PRODUCT.md §9.3): claim a card, dismiss a review or signal, and undo
// a resolution within its window, which restores the match as it was and re-rates.

/** How long a resolution can be undone. @defaultValue 10 min */
export const undoWindowMs = 10 * 60_000;

/** Marks a card with the admin's name; others can still act on it ([A-11]). */
export async function claimWorkItem(
  ctx: LadderContext,
  adminId: string,
  itemId: string,
): Promise<Result<{ item: WorkItem }>> {
  const item = ctx.store.read.workItem(itemId);
  if (!item || item.status !== 'open') return refuse('unknown_work_item');
  const next = { ...item, claimedBy: adminId };
  const target = { playerId: item.playerIds[0] ?? null, matchId: item.matchIds[0] ?? null };
  await commit(ctx, [
    { kind: 'workItem', record: next },
    audit(
      ctx,
      adminId,
      'claim',
      target,
      { claimedBy: item.claimedBy },
      { claimedBy: adminId },
      'claimed',
    ),
  ]);
  return { ok: true, item: next };
}

/** Dismisses a review item or a signal; disputes are resolved, never dismissed. */
export async function dismissWorkItem(
  ctx: LadderContext,
  adminId: string,
  itemId: string,
  reason: string,
): Promise<Result> {
  const bad = checkReason(reason);
  if (bad) return bad;
  const item = ctx.store.read.workItem(itemId);
  if (!item || item.status !== 'open' || item.kind === 'dispute')
    return refuse('unknown_work_item');
  const now = ctx.clock.now();
  const target = { playerId: item.playerIds[0] ?? null, matchId: item.matchIds[0] ?? null };
  await commit(ctx, [
    { kind: 'workItem', record: { ...item, status: 'dismissed', closedAt: now } },
    audit(ctx, adminId, 'dismiss', target, { status: 'open' }, { status: 'dismissed' }, reason),
  ]);
  return { ok: true };
}

/**
 * Undoes the latest resolution of a match within 10 minutes ([A-10]): the match returns to the
 * state stored in the resolution's audit entry, its dispute card reopens, and ratings follow.
 */
export async function undoResolution(
  ctx: LadderContext,
  adminId: string,
  matchRef: string,
): Promise<Result<{ match: Match }>> {
  const read = ctx.store.read;
  const match = read.match(matchRef) ?? read.matchByNumber(Number(matchRef));
  if (!match) return refuse('unknown_match');
  const last = read
    .auditEntries({ matchId: match.id, limit: 10 })
    .find((e) => e.action === 'resolve' || e.action === 'undo_resolve');
  const snapshot = (last?.before as { snapshot?: Json } | null)?.snapshot as Match | undefined;
  const now = ctx.clock.now();
  if (!last || last.action !== 'resolve' || !snapshot) return refuse('nothing_to_undo');
  if (now - last.at > undoWindowMs) return refuse('undo_expired');

  const restored = withEvent(
    { ...snapshot, events: match.events, remindersSent: match.remindersSent },
    now, { kind: 'admin', adminId }, 'resolution_undone', { auditId: last.id },
  ); // prettier-ignore
  const batch = newBatch();
  putMatch(batch, match, restored);
  const item = snapshot.workItemId ? read.workItem(snapshot.workItemId) : undefined;
  if (item && item.status === 'resolved' && snapshot.stage === 'disputed') {
    batch.changes.push({ kind: 'workItem', record: { ...item, status: 'open', closedAt: null } });
  }
  await commitBatch(ctx, batch, (f) => [
    audit(ctx, adminId, 'undo_resolve', { matchId: match.id },
      { stage: match.stage, outcome: match.outcome },
      { stage: snapshot.stage, outcome: snapshot.outcome, moved: f.moved }, 'undo from the work queue'),
  ]); // prettier-ignore
  return { ok: true, match: read.match(match.id) ?? restored };
}
