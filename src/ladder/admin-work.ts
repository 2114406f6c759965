import type { Json, Match, WorkItem } from '../store/index.js';
import { audit, checkReason } from './admin.js';
import { commit, type LadderContext } from './context.js';
import { commitBatch, newBatch, putMatch, withEvent } from './finish.js';
import { findMatch, isRefusal } from './guards.js';
import { refuse, type Refusal, type Result } from './results.js';

// The work queue's buttons (PRODUCT.md §9.3): claim a card, dismiss a review or signal, and undo
// a resolution within its window, which restores the match as it was and re-rates.

/** How long a resolution can be undone. @defaultValue 10 min */
export const undoWindowMs = 10 * 60_000;

/** An open work item, or `unknown_work_item`; disputes only where the button exists. */
function openItem(ctx: LadderContext, itemId: string, allowDispute: boolean): WorkItem | Refusal {
  const item = ctx.store.read.workItem(itemId);
  const isOpen = item !== undefined && item.status === 'open';
  if (!isOpen || (item.kind === 'dispute' && !allowDispute)) return refuse('unknown_work_item');
  return item;
}

/** What an audit entry about a card points at: its first player and match. */
function targetOf(item: WorkItem): { playerId: string | null; matchId: string | null } {
  return { playerId: item.playerIds[0] ?? null, matchId: item.matchIds[0] ?? null };
}

/** Marks a card with the admin's name; others can still act on it ([A-11]). */
export async function claimWorkItem(
  ctx: LadderContext,
  adminId: string,
  itemId: string,
): Promise<Result<{ item: WorkItem }>> {
  const item = openItem(ctx, itemId, true);
  if (isRefusal(item)) return item;
  const next = { ...item, claimedBy: adminId };
  const target = targetOf(item);
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
  const item = openItem(ctx, itemId, false);
  if (isRefusal(item)) return item;
  const now = ctx.clock.now();
  const target = targetOf(item);
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
  const match = findMatch(ctx, matchRef);
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
