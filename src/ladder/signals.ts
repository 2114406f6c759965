import type { Match } from '../store/index.js';
import type { LadderContext } from './context.js';
import { openWorkItem, type Batch } from './finish.js';

// Abuse signals the match flow raises on its own (PRODUCT.md §9.5). A signal only opens a
// work-queue card; it never changes a result. The dedupe key names the evidence, so the same
// evidence never raises the same signal twice.

const dayMs = 86_400_000;

/** Lapses: 3 or more missed confirmations or upheld no-shows within 7 days. */
export function raiseLapseSignal(
  ctx: LadderContext,
  batch: Batch,
  playerId: string,
  current: Match,
  now: number,
): void {
  const since = now - 7 * dayMs;
  const lapsed = ctx.store.read.matchesOfPlayer(playerId).filter((m) => {
    if (m.id === current.id || m.endedAt === null || m.endedAt < since) return false;
    if (m.stage === 'abandoned') return m.missedConfirmation.includes(playerId);
    return m.stage === 'voided' && m.voidReason === 'no_show' && m.noShowClaimantId !== playerId;
  });
  const matchIds = [...lapsed.map((m) => m.id), current.id];
  if (matchIds.length < 3) return;

  openWorkItem(
    ctx,
    batch,
    {
      kind: 'signal', topic: 'lapses', matchIds, playerIds: [playerId],
      evidence: { count: matchIds.length }, dedupeKey: `lapses:${playerId}:${current.id}`,
    }, // prettier-ignore
    now,
  );
}

/** Abort budget spent: the player used their last abort of the month. */
export function raiseAbortSpentSignal(
  ctx: LadderContext,
  batch: Batch,
  playerId: string,
  match: Match,
  now: number,
): void {
  const month = new Date(now).toISOString().slice(0, 7);
  openWorkItem(
    ctx,
    batch,
    {
      kind: 'signal', topic: 'abort_budget_spent', matchIds: [match.id], playerIds: [playerId],
      evidence: { month }, dedupeKey: `abort_budget_spent:${playerId}:${month}`,
    }, // prettier-ignore
    now,
  );
}
