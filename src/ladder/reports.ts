import type { Actor, Match, MatchReport } from '../store/index.js';
import type { LadderContext } from './context.js';
import { pending } from './events.js';
import { finalize, openWorkItem, putMatch, withEvent, type Batch } from './finish.js';
import { outcomeOfReport } from './match-common.js';

// Reports and disputes (T9–T11, T15): shared by the report buttons and by replays that count as
// their uploader's report (T7).

/** Opens a dispute: the match leaves the players unlocked and a card goes to admins. */
export function openDispute(
  ctx: LadderContext,
  batch: Batch,
  match: Match,
  at: number,
  actor: Actor,
  topic: string,
): Match {
  const item = openWorkItem(ctx, batch, {
    kind: 'dispute', topic, matchIds: [match.id], playerIds: [match.p1Id, match.p2Id],
    evidence: { p1Report: match.p1Report as never, p2Report: match.p2Report as never },
  }, at); // prettier-ignore
  const disputeBy = at + ctx.settings.disputeWindowMs;
  const next = withEvent(
    { ...match, stage: 'disputed', disputeBy, deadlineAt: disputeBy, noShowBy: null,
      workItemId: item?.id ?? match.workItemId }, // prettier-ignore
    at,
    actor,
    'dispute_opened',
    { topic },
  );
  putMatch(batch, match, next);
  if (item) batch.events.push(pending('dispute_opened', { match: next, workItem: item }));
  return next;
}

/** Records a report by one side and applies T9, T10 or T11. */
export function applyReport(
  ctx: LadderContext,
  batch: Batch,
  match: Match,
  side: 'p1' | 'p2',
  report: MatchReport,
  at: number,
): Match {
  const playerId = side === 'p1' ? match.p1Id : match.p2Id;
  const actor: Actor = { kind: 'player', playerId };
  const reported = withEvent(
    side === 'p1' ? { ...match, p1Report: report } : { ...match, p2Report: report },
    at,
    actor,
    'reported',
    { value: report.value, source: report.source },
  );
  const other = side === 'p1' ? reported.p2Report : reported.p1Report;

  if (other) {
    const mine = outcomeOfReport(side, report);
    const theirs = outcomeOfReport(side === 'p1' ? 'p2' : 'p1', other);
    if (mine === theirs) {
      const final = finalize(reported, mine, 'agreement', at, actor);
      putMatch(batch, match, final);
      return final;
    }
    return openDispute(ctx, batch, reported, at, actor, 'conflicting_reports');
  }

  // The opponent always keeps at least the minimum answer time after a first report.
  const reportBy = Math.max(reported.reportBy ?? at, at + ctx.settings.minAnswerMs);
  const next = { ...reported, reportBy, deadlineAt: reportBy };
  putMatch(batch, match, next);
  batch.events.push(pending('opponent_reported', { match: next, playerId, value: report.value }));
  return next;
}
