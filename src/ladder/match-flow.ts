import type { Actor, Match } from '../store/index.js';
import { abortBudget } from './aborts.js';
import type { LadderContext } from './context.js';
import { processMatch } from './deadlines.js';
import { pending } from './events.js';
import { commitBatch, newBatch, openWorkItem, putMatch, withEvent } from './finish.js';
import { acceptedReplays, isLate, participant, startedAt } from './match-common.js';
import { requeueChanges } from './queue.js';
import { applyReport, openDispute } from './reports.js';
import { refuse, type Result } from './results.js';
import { raiseAbortSpentSignal } from './signals.js';
import { isRefusal } from './guards.js';

// The player's match buttons (PRODUCT.md §5.2): confirm, abort, report, no-show claims and
// "report a problem". Each checks against the stored match, then writes one batch.

type MatchResult = Result<{ match: Match }>;

/** A refusal for an event past the stage deadline: the deadline is applied first ([M-2]). */
async function late(ctx: LadderContext, match: Match): Promise<MatchResult> {
  await processMatch(ctx, match.id);
  return refuse('late', { matchNumber: match.number });
}

/** T2 / T3: a player confirms a found match. */
export async function confirmMatch(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const found = participant(ctx, discordId, matchId);
  if (isRefusal(found)) return found;
  const { match, side, player } = found;
  if (match.stage !== 'awaiting_confirmation')
    return refuse('wrong_stage', { matchNumber: match.number });
  if ((side === 'p1' ? match.p1ConfirmedAt : match.p2ConfirmedAt) !== null)
    return refuse('already_confirmed');
  if (isLate(ctx, match)) return late(ctx, match);

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
    batch.events.push(pending('match_started', { match: next, notices: raceNotices(ctx, next) }));
  } else {
    batch.events.push(pending('opponent_confirmed', { match: next, playerId: player.id }));
  }
  putMatch(batch, match, next);
  await commitBatch(ctx, batch);
  return { ok: true, match: next };
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
export async function abortMatch(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const found = participant(ctx, discordId, matchId);
  if (isRefusal(found)) return found;
  const { match, side, player } = found;
  if (match.stage !== 'awaiting_confirmation')
    return refuse('wrong_stage', { matchNumber: match.number });
  if ((side === 'p1' ? match.p1ConfirmedAt : match.p2ConfirmedAt) !== null)
    return refuse('already_confirmed');
  const budget = abortBudget(ctx, player).left;
  if (budget < 1) return refuse('no_aborts_left');
  if (isLate(ctx, match)) return late(ctx, match);

  const now = ctx.clock.now();
  const actor: Actor = { kind: 'player', playerId: player.id };
  const next = withEvent({ ...match, stage: 'aborted', abortedBy: player.id, deadlineAt: null,
    confirmBy: null, endedAt: now }, now, actor, 'aborted'); // prettier-ignore
  const batch = newBatch();
  putMatch(batch, match, next);
  if (budget === 1) raiseAbortSpentSignal(ctx, batch, player.id, next, now);

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
}

/** T9–T11: a player reports win, loss or draw from their own point of view. */
export async function reportResult(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
  value: string,
): Promise<MatchResult> {
  if (value !== 'win' && value !== 'loss' && value !== 'draw') return refuse('invalid_report');
  const found = participant(ctx, discordId, matchId);
  if (isRefusal(found)) return found;
  const { match, side } = found;
  if (match.stage !== 'in_progress') return refuse('wrong_stage', { matchNumber: match.number });
  if ((side === 'p1' ? match.p1Report : match.p2Report) !== null) return refuse('already_reported');
  if (ctx.settings.reportsNeedReplay && acceptedReplays(ctx, match).length === 0)
    return refuse('needs_replay');
  if (isLate(ctx, match)) return late(ctx, match);

  const now = ctx.clock.now();
  const batch = newBatch();
  const next = applyReport(ctx, batch, match, side, { value, at: now, source: 'button' }, now);
  await commitBatch(ctx, batch);
  return { ok: true, match: next };
}

/** T12: "Opponent didn't show", from 10 min after confirmation with no evidence yet. */
export async function claimNoShow(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const found = participant(ctx, discordId, matchId);
  if (isRefusal(found)) return found;
  const { match, player } = found;
  if (match.stage !== 'in_progress') return refuse('wrong_stage', { matchNumber: match.number });
  const now = ctx.clock.now();
  if (now < startedAt(match) + ctx.settings.noShowAfterMs) return refuse('too_early');
  if (acceptedReplays(ctx, match).length > 0 || match.p1Report || match.p2Report)
    return refuse('has_evidence');
  if (isLate(ctx, match)) return late(ctx, match);

  const noShowBy = now + ctx.settings.noShowWindowMs;
  const next = withEvent({ ...match, stage: 'no_show_claimed', noShowClaimantId: player.id,
    noShowClaimedAt: now, noShowBy, deadlineAt: noShowBy }, now, { kind: 'player', playerId: player.id }, 'no_show_claimed'); // prettier-ignore
  const batch = newBatch();
  putMatch(batch, match, next);
  batch.events.push(pending('no_show_claimed', { match: next, claimantId: player.id }));
  await commitBatch(ctx, batch);
  return { ok: true, match: next };
}

/** T16: the claimant withdraws; the match goes on with at least the minimum answer time. */
export async function withdrawNoShow(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const found = participant(ctx, discordId, matchId);
  if (isRefusal(found)) return found;
  const { match, player } = found;
  if (match.stage !== 'no_show_claimed')
    return refuse('wrong_stage', { matchNumber: match.number });
  if (match.noShowClaimantId !== player.id) return refuse('not_claimant');
  if (isLate(ctx, match)) return late(ctx, match);

  const now = ctx.clock.now();
  const batch = newBatch();
  const next = resumeAfterClaim(
    ctx,
    match,
    now,
    { kind: 'player', playerId: player.id },
    'no_show_withdrawn',
  );
  putMatch(batch, match, next);
  batch.events.push(pending('no_show_withdrawn', { match: next }));
  await commitBatch(ctx, batch);
  return { ok: true, match: next };
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
export async function contestNoShow(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
): Promise<MatchResult> {
  const found = participant(ctx, discordId, matchId);
  if (isRefusal(found)) return found;
  const { match, player } = found;
  if (match.stage !== 'no_show_claimed')
    return refuse('wrong_stage', { matchNumber: match.number });
  if (match.noShowClaimantId === player.id) return refuse('not_accused');
  if (isLate(ctx, match)) return late(ctx, match);

  const now = ctx.clock.now();
  const batch = newBatch();
  const next = openDispute(
    ctx,
    batch,
    match,
    now,
    { kind: 'player', playerId: player.id },
    'no_show_contested',
  );
  await commitBatch(ctx, batch);
  return { ok: true, match: next };
}

/** T22: "Report a problem" on a result, within 24 h; opens a review card. */
export async function reportProblem(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
  text: string,
): Promise<Result> {
  const found = participant(ctx, discordId, matchId, { allowTerminal: true });
  if (isRefusal(found)) return found;
  const { match, player } = found;
  if (match.stage !== 'finalized') return refuse('wrong_stage', { matchNumber: match.number });
  const now = ctx.clock.now();
  if (now > (match.endedAt ?? 0) + ctx.settings.problemWindowMs)
    return refuse('problem_window_closed');
  const note = String(text ?? '').slice(0, 1000);

  const batch = newBatch();
  openWorkItem(ctx, batch, { kind: 'review', topic: 'problem_reported', matchIds: [match.id],
    playerIds: [player.id], evidence: { text: note } }, now); // prettier-ignore
  await commitBatch(ctx, batch);
  return { ok: true };
}
