import type { Actor, Match, MatchStage } from '../store/index.js';
import { abortBudget } from './aborts.js';
import type { LadderContext } from './context.js';
import { processMatch } from './deadlines.js';
import { pending } from './events.js';
import { commitBatch, newBatch, openWorkItem, putMatch, withEvent } from './finish.js';
import { acceptedReplays, isLate, participant, startedAt } from './match-common.js';
import { requeueChanges } from './queue.js';
import { applyReport, openDispute } from './reports.js';
import { refuse, type Refusal, type Result } from './results.js';
import { raiseAbortSpentSignal } from './signals.js';
import { isRefusal } from './guards.js';

// The player's match buttons (PRODUCT.md §5.2): confirm, abort, report, no-show claims and
// "report a problem". Each checks against the stored match, then writes one batch.

type MatchResult = Result<{ match: Match }>;

/** A checked participant of a match operation. */
type Found = Exclude<ReturnType<typeof participant>, Refusal>;

/** What an operation checks after the stage and before lateness: a refusal or null. */
type Check = (found: Found) => Refusal | null;

/**
 * The prologue every match button shares: the participant, the stage, the operation's own
 * checks, then lateness ([M-2]: a late event applies the deadline first). `run` is called in
 * the same synchronous stretch as the checks, so nothing can change the match in between.
 */
function matchOperation<T extends object>(
  ctx: LadderContext,
  request: { discordId: string; matchId: string; stage: MatchStage; allowTerminal?: boolean },
  check: Check | null,
  run: (found: Found) => Promise<Result<T>>,
): Promise<Result<T>> {
  const { discordId, matchId, stage, allowTerminal = false } = request;
  const found = participant(ctx, discordId, matchId, { allowTerminal });
  if (isRefusal(found)) return Promise.resolve(found);
  const { match } = found;
  if (match.stage !== stage) {
    return Promise.resolve(refuse('wrong_stage', { matchNumber: match.number }));
  }
  const refusal = check?.(found) ?? null;
  if (refusal) return Promise.resolve(refusal);
  if (isLate(ctx, match)) return late(ctx, match);
  return run(found);
}

/** A refusal for an event past the stage deadline: the deadline is applied first ([M-2]). */
async function late(ctx: LadderContext, match: Match): Promise<Refusal> {
  await processMatch(ctx, match.id);
  return refuse('late', { matchNumber: match.number });
}

/** Refuses a player who already confirmed. */
const unconfirmed: Check = ({ match, side }) =>
  (side === 'p1' ? match.p1ConfirmedAt : match.p2ConfirmedAt) !== null
    ? refuse('already_confirmed')
    : null;

/** T2 / T3: a player confirms a found match. */
export function confirmMatch(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const request = { discordId, matchId, stage: 'awaiting_confirmation' } as const;
  return matchOperation(ctx, request, unconfirmed, async ({ match, side, player }) => {
    const now = ctx.clock.now();
    const actor: Actor = { kind: 'player', playerId: player.id };
    let next = withEvent(
      side === 'p1' ? { ...match, p1ConfirmedAt: now } : { ...match, p2ConfirmedAt: now },
      now,
      actor,
      'confirmed',
    );
    const batch = newBatch();
    if (next.p1ConfirmedAt !== null && next.p2ConfirmedAt !== null) {
      const reportBy = now + ctx.settings.reportWindowMs;
      next = { ...next, stage: 'in_progress', confirmBy: null, reportBy, deadlineAt: reportBy };
      const notices = raceNotices(ctx, next);
      batch.events.push(pending('match_started', { match: next, notices }));
    } else {
      batch.events.push(pending('opponent_confirmed', { match: next, playerId: player.id }));
    }
    putMatch(batch, match, next);
    await commitBatch(ctx, batch);
    return { ok: true, match: next };
  });
}

/** The race notices each player of a starting match has not acknowledged yet ([M-8]). */
function raceNotices(ctx: LadderContext, match: Match): { playerId: string; keys: string[] }[] {
  const keys = [match.p1Race, match.p2Race]
    .map((race) => ctx.settings.raceNotices[race])
    .filter((key): key is string => key !== undefined);
  return [match.p1Id, match.p2Id].map((playerId) => {
    const acked = ctx.store.read.player(playerId)?.noticesAcked ?? [];
    return { playerId, keys: [...new Set(keys)].filter((key) => !acked.includes(key)) };
  });
}

/** T4: a player refuses a found match, spending one abort. */
export function abortMatch(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const request = { discordId, matchId, stage: 'awaiting_confirmation' } as const;
  const hasAbortLeft: Check = (found) =>
    unconfirmed(found) ??
    (abortBudget(ctx, found.player).left < 1 ? refuse('no_aborts_left') : null);

  return matchOperation(ctx, request, hasAbortLeft, async ({ match, side, player }) => {
    const now = ctx.clock.now();
    const actor: Actor = { kind: 'player', playerId: player.id };
    const next = withEvent({ ...match, stage: 'aborted', abortedBy: player.id, deadlineAt: null,
      confirmBy: null, endedAt: now }, now, actor, 'aborted'); // prettier-ignore
    const batch = newBatch();
    putMatch(batch, match, next);
    if (abortBudget(ctx, player).left === 1)
      raiseAbortSpentSignal(ctx, batch, player.id, next, now);

    const otherConfirmed = side === 'p1' ? match.p2ConfirmedAt : match.p1ConfirmedAt;
    if (otherConfirmed !== null && ctx.settings.requeueInnocent) {
      const other = ctx.store.read.player(side === 'p1' ? match.p2Id : match.p1Id);
      const back = requeueChanges(ctx, other, match, now);
      if (back) {
        batch.changes.push(back.change);
        batch.events.push(back.event);
      }
    }
    await commitBatch(ctx, batch);
    return { ok: true, match: next };
  });
}

/** T9–T11: a player reports win, loss or draw from their own point of view. */
export function reportResult(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
  value: string,
): Promise<MatchResult> {
  if (value !== 'win' && value !== 'loss' && value !== 'draw') {
    return Promise.resolve(refuse('invalid_report'));
  }
  const request = { discordId, matchId, stage: 'in_progress' } as const;
  const canReport: Check = ({ match, side }) => {
    if ((side === 'p1' ? match.p1Report : match.p2Report) !== null)
      return refuse('already_reported');
    const needsReplay = ctx.settings.reportsNeedReplay && acceptedReplays(ctx, match).length === 0;
    return needsReplay ? refuse('needs_replay') : null;
  };

  return matchOperation(ctx, request, canReport, async ({ match, side }) => {
    const now = ctx.clock.now();
    const batch = newBatch();
    const next = applyReport(ctx, batch, match, side, { value, at: now, source: 'button' }, now);
    await commitBatch(ctx, batch);
    return { ok: true, match: next };
  });
}

/** T12: "Opponent didn't show", from 10 min after confirmation with no evidence yet. */
export function claimNoShow(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const request = { discordId, matchId, stage: 'in_progress' } as const;
  const canClaim: Check = ({ match }) => {
    if (ctx.clock.now() < startedAt(match) + ctx.settings.noShowAfterMs) return refuse('too_early');
    const hasEvidence = acceptedReplays(ctx, match).length > 0 || match.p1Report || match.p2Report;
    return hasEvidence ? refuse('has_evidence') : null;
  };

  return matchOperation(ctx, request, canClaim, async ({ match, player }) => {
    const now = ctx.clock.now();
    const noShowBy = now + ctx.settings.noShowWindowMs;
    const next = withEvent({ ...match, stage: 'no_show_claimed', noShowClaimantId: player.id,
      noShowClaimedAt: now, noShowBy, deadlineAt: noShowBy }, now, { kind: 'player', playerId: player.id }, 'no_show_claimed'); // prettier-ignore
    const batch = newBatch();
    putMatch(batch, match, next);
    batch.events.push(pending('no_show_claimed', { match: next, claimantId: player.id }));
    await commitBatch(ctx, batch);
    return { ok: true, match: next };
  });
}

/** T16: the claimant withdraws; the match goes on with at least the minimum answer time. */
export function withdrawNoShow(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const request = { discordId, matchId, stage: 'no_show_claimed' } as const;
  const isClaimant: Check = ({ match, player }) =>
    match.noShowClaimantId === player.id ? null : refuse('not_claimant');

  return matchOperation(ctx, request, isClaimant, async ({ match, player }) => {
    const now = ctx.clock.now();
    const actor: Actor = { kind: 'player', playerId: player.id };
    const next = resumeAfterClaim(ctx, match, now, actor, 'no_show_withdrawn');
    const batch = newBatch();
    putMatch(batch, match, next);
    batch.events.push(pending('no_show_withdrawn', { match: next }));
    await commitBatch(ctx, batch);
    return { ok: true, match: next };
  });
}

/** Back to `in_progress` after a claim ends without a decision (T7, T8, T16). */
export function resumeAfterClaim(
  ctx: LadderContext,
  match: Match,
  at: number,
  actor: Actor,
  event: string,
): Match {
  const reportBy = Math.max(match.reportBy ?? at, at + ctx.settings.minAnswerMs);
  return withEvent({ ...match, stage: 'in_progress', noShowClaimantId: null, noShowBy: null,
    reportBy, deadlineAt: reportBy }, at, actor, event); // prettier-ignore
}

/** T15: the accused says they were there; admins decide. */
export function contestNoShow(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const request = { discordId, matchId, stage: 'no_show_claimed' } as const;
  const isAccused: Check = ({ match, player }) =>
    match.noShowClaimantId === player.id ? refuse('not_accused') : null;

  return matchOperation(ctx, request, isAccused, async ({ match, player }) => {
    const now = ctx.clock.now();
    const actor: Actor = { kind: 'player', playerId: player.id };
    const batch = newBatch();
    const next = openDispute(ctx, batch, match, now, actor, 'no_show_contested');
    await commitBatch(ctx, batch);
    return { ok: true, match: next };
  });
}

/** T22: "Report a problem" on a result, within 24 h; opens a review card. */
export function reportProblem(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
  text: string,
): Promise<Result> {
  const request = { discordId, matchId, stage: 'finalized', allowTerminal: true } as const;
  const isRecent: Check = ({ match }) =>
    ctx.clock.now() > (match.endedAt ?? 0) + ctx.settings.problemWindowMs
      ? refuse('problem_window_closed')
      : null;

  return matchOperation(ctx, request, isRecent, async ({ match, player }) => {
    const now = ctx.clock.now();
    const note = String(text ?? '').slice(0, 1000);
    const batch = newBatch();
    openWorkItem(ctx, batch, { kind: 'review', topic: 'problem_reported', matchIds: [match.id],
      playerIds: [player.id], evidence: { text: note } }, now); // prettier-ignore
    await commitBatch(ctx, batch);
    return { ok: true };
  });
}
