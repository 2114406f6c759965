import type { Actor, Match } from '../store/index.js';
import type { LadderContext } from './context.js';
import { pending } from './events.js';
import {
  closeDispute, commitBatch, finalize, newBatch, putMatch, voidMatch, withEvent, type Batch,
} from './finish.js'; // prettier-ignore
import { isTerminal } from './guards.js';
import {
  acceptedReplays,
  opponentOf,
  outcomeOfReport,
  replayOutcome,
  startedAt,
} from './match-common.js';
import { requeueChanges } from './queue.js';
import { raiseLapseSignal } from './signals.js';

// What happens when a stored deadline or reminder time comes (PRODUCT.md §5.1, T5, T13, T14,
// T17–T19). The scheduler calls `processMatch`; it reads the stored match, so a restart, a
// duplicate timer or a late call all do the right thing once.

const system: Actor = { kind: 'system' };

interface Reminder {
  key: string;
  at: number;
  playerId: string | null;
}

/** Reminders of the current stage, sent or not. */
function remindersOf(ctx: LadderContext, match: Match): Reminder[] {
  const s = ctx.settings;
  if (match.stage === 'awaiting_confirmation' && match.confirmBy !== null) {
    const at = match.confirmBy - s.confirmWindowMs + s.confirmReminderMs;
    const waiting = [
      match.p1ConfirmedAt === null ? match.p1Id : null,
      match.p2ConfirmedAt === null ? match.p2Id : null,
    ];
    return waiting.flatMap((id) =>
      id ? [{ key: `confirm:${match.confirmBy}:${id}`, at, playerId: id }] : [],
    );
  }

  if (match.stage === 'in_progress') {
    const start = startedAt(match);
    const uploaders = new Set(acceptedReplays(ctx, match).map((r) => r.uploaderId));
    const silent = [
      match.p1Report === null && !uploaders.has(match.p1Id) ? match.p1Id : null,
      match.p2Report === null && !uploaders.has(match.p2Id) ? match.p2Id : null,
    ];
    return s.reportRemindersMs.flatMap((offset) =>
      silent.flatMap((id) =>
        id ? [{ key: `report:${offset}:${id}`, at: start + offset, playerId: id }] : [],
      ),
    );
  }

  if (match.stage === 'disputed' && match.disputeBy !== null) {
    const at = match.disputeBy - s.disputeWindowMs + s.disputeReminderMs;
    return [{ key: `dispute:${match.disputeBy}`, at, playerId: null }];
  }
  return [];
}

/** When the scheduler should next look at a match, or null when nothing is pending. */
export function nextWakeOf(ctx: LadderContext, match: Match): number | null {
  if (isTerminal(match)) return null;
  let wake = match.deadlineAt ?? Number.POSITIVE_INFINITY;
  for (const r of remindersOf(ctx, match)) {
    if (!match.remindersSent.includes(r.key) && r.at < wake) wake = r.at;
  }
  return Number.isFinite(wake) ? wake : null;
}

/** Applies a passed deadline, or sends the reminders that are due. */
export async function processMatch(ctx: LadderContext, matchId: string): Promise<void> {
  const match = ctx.store.read.match(matchId);
  if (!match || isTerminal(match)) return;
  const now = ctx.clock.now();

  if (match.deadlineAt !== null && now >= match.deadlineAt) {
    const batch = newBatch();
    applyDeadline(ctx, batch, match, now);
    await commitBatch(ctx, batch);
    return;
  }

  const due = remindersOf(ctx, match).filter(
    (r) => r.at <= now && !match.remindersSent.includes(r.key),
  );
  if (due.length === 0) return;
  const next = {
    ...match,
    remindersSent: [...match.remindersSent, ...due.map((r) => r.key)],
    updatedAt: now,
  };
  const batch = newBatch();
  putMatch(batch, match, next);
  for (const r of due) {
    if (next.stage === 'awaiting_confirmation' && r.playerId) {
      batch.events.push(pending('confirmation_reminder', { match: next, playerId: r.playerId }));
    } else if (next.stage === 'in_progress' && r.playerId) {
      batch.events.push(
        pending('report_reminder', { match: next, playerId: r.playerId, key: r.key }),
      );
    } else batch.events.push(pending('dispute_reminder', { match: next }));
  }
  await commitBatch(ctx, batch);
}

function applyDeadline(ctx: LadderContext, batch: Batch, match: Match, now: number): void {
  let next: Match;
  switch (match.stage) {
    case 'awaiting_confirmation': {
      // T5: nobody spends an abort; a player who had confirmed goes back into the pool.
      const missed = [
        match.p1ConfirmedAt === null ? match.p1Id : null,
        match.p2ConfirmedAt === null ? match.p2Id : null,
      ].filter((id): id is string => id !== null);
      next = withEvent({ ...match, stage: 'abandoned', missedConfirmation: missed, deadlineAt: null,
        confirmBy: null, endedAt: now }, now, system, 'abandoned', { missed }); // prettier-ignore
      for (const id of missed) raiseLapseSignal(ctx, batch, id, next, now);
      for (const id of [match.p1Id, match.p2Id]) {
        if (missed.includes(id) || !ctx.settings.requeueInnocent) continue;
        const back = requeueChanges(ctx, ctx.store.read.player(id), match, now);
        if (back) {
          batch.changes.push(back.change);
          batch.events.push(back.event);
        }
      }
      break;
    }

    case 'in_progress': {
      // T13 / T14: the one report stands; with none the match is void.
      const report = match.p1Report
        ? (['p1', match.p1Report] as const)
        : match.p2Report
          ? (['p2', match.p2Report] as const)
          : null;
      next = report
        ? finalize(match, outcomeOfReport(report[0], report[1]), 'uncontested', now, system)
        : voidMatch(match, 'no_result', now, system);
      break;
    }

    case 'no_show_claimed':
      // T17: the accused's abort is derived from this void (see aborts.ts).
      next = voidMatch(match, 'no_show', now, system);
      raiseLapseSignal(ctx, batch, opponentOf(match, match.noShowClaimantId ?? ''), next, now);
      break;

    case 'disputed': {
      // T18 / T19: exactly one outcome backed by replays settles it; otherwise void.
      const outcomes = new Set(
        acceptedReplays(ctx, match)
          .map(replayOutcome)
          .filter((o) => o !== null),
      );
      const only = outcomes.size === 1 ? [...outcomes][0] : undefined;
      next = only
        ? finalize(match, only, 'dispute_expired', now, system)
        : voidMatch(match, 'dispute_expired', now, system);
      closeDispute(ctx, batch, match, next, now);
      break;
    }

    default:
      return;
  }
  putMatch(batch, match, next);
  batch.events.push(pending('deadline_passed', { match: next, stage: match.stage }));
}
