import type { LadderContext } from './context.js';
import { commit } from './context.js';
import { adminTarget, audit, checkReason } from './admin.js';
import { isRefusal } from './guards.js';
import { leaveChanges, queueStateKey } from './queue.js';
import { refuse, type Result } from './results.js';

// Admin operations on the pool (PRODUCT.md §9.2): remove one player, clear it, open or close
// joining. Each writes its audit entry in the same batch.

/** Removes one player from the pool. */
export async function removeFromQueue(
  ctx: LadderContext,
  adminId: string,
  playerRef: string,
  reason: string,
): Promise<Result> {
  // An admin may take themselves out of the pool: does not cover it.
  const player = adminTarget(ctx, adminId, playerRef, reason, { allowSelf: true });
  if (isRefusal(player)) return player;
  const leave = leaveChanges(ctx, player.id, 'removed', ctx.clock.now());
  if (!leave.entry) return refuse('not_in_queue');
  await commit(
    ctx,
    [
      ...leave.changes,
      audit(ctx, adminId, 'remove_queue', { playerId: player.id }, null, null, reason),
    ],
    leave.events,
  );
  return { ok: true };
}

/** Empties the pool; returns how many were removed. */
export async function clearQueue(
  ctx: LadderContext,
  adminId: string,
  reason: string,
): Promise<Result<{ removed: number }>> {
  const bad = checkReason(reason);
  if (bad) return bad;
  const now = ctx.clock.now();
  const leaves = ctx.store.read
    .openQueueEntries()
    .map((e) => leaveChanges(ctx, e.playerId, 'cleared', now));
  const changes = leaves.flatMap((l) => l.changes);
  changes.push(audit(ctx, adminId, 'clear_queue', {}, null, { removed: leaves.length }, reason));
  await commit(
    ctx,
    changes,
    leaves.flatMap((l) => l.events),
  );
  return { ok: true, removed: leaves.length };
}

/** Opens or closes joining; a closed queue keeps its entries and runs no waves. */
export async function setQueueOpen(
  ctx: LadderContext,
  adminId: string,
  open: boolean,
  reason: string,
): Promise<Result> {
  const bad = checkReason(reason);
  if (bad) return bad;
  const now = ctx.clock.now();
  await commit(ctx, [
    {
      kind: 'keyValue',
      record: {
        id: queueStateKey,
        value: { open, reason: reason.trim() },
        expiresAt: null,
        updatedAt: now,
      },
    },
    audit(ctx, adminId, open ? 'queue_open' : 'queue_close', {}, null, { open }, reason),
  ]);
  return { ok: true };
}
