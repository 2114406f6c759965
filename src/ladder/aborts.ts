import type { Player } from '../store/index.js';
import type { LadderContext } from './context.js';
import { abortsLeft, nextAbortResetUtc } from './rules/aborts.js';

// The abort budget ([M-9]) derived from match history and the latest admin reset: nothing is
// counted down, so the monthly reset needs nothing to run.

/** Aborts left for a player now, and when the budget is restored. */
export function abortBudget(ctx: LadderContext, player: Player): { left: number; resetAt: number } {
  const now = ctx.clock.now();
  const chargedAtMs: number[] = [];
  for (const m of ctx.store.read.matchesOfPlayer(player.id)) {
    if (m.endedAt === null) continue;
    if (m.stage === 'aborted' && m.abortedBy === player.id) chargedAtMs.push(m.endedAt);
    const isAccused =
      m.stage === 'voided' && m.voidReason === 'no_show' && m.noShowClaimantId !== player.id;
    if (isAccused && ctx.settings.noShowCostsAbort) chargedAtMs.push(m.endedAt);
  }

  const reset = ctx.store.read
    .auditEntries({ playerId: player.id, limit: 50 })
    .find((entry) => entry.action === 'reset_aborts');
  const value = (reset?.after as { count?: number } | null)?.count;
  const adminSet = reset && typeof value === 'number' ? { value, atMs: reset.at } : undefined;

  const left = abortsLeft({ chargedAtMs, adminSet }, now, ctx.settings.rules.abortsPerMonth);
  return { left, resetAt: nextAbortResetUtc(now) };
}
