import type { Match, MatchReport, Outcome, Player, Replay } from '../store/index.js';
import type { LadderContext } from './context.js';
import { findMatch, playerOf, isRefusal, isTerminal } from './guards.js';
import { refuse, type Refusal } from './results.js';

// Look-ups shared by the match operations.

/** Which side a player is on in a match, or null. */
export function sideOf(match: Match, playerId: string): 'p1' | 'p2' | null {
  if (match.p1Id === playerId) return 'p1';
  return match.p2Id === playerId ? 'p2' : null;
}

/** The other participant's id. */
export function opponentOf(match: Match, playerId: string): string {
  return match.p1Id === playerId ? match.p2Id : match.p1Id;
}

/** The outcome a report states, in match order. */
export function outcomeOfReport(side: 'p1' | 'p2', report: MatchReport): Exclude<Outcome, 'void'> {
  if (report.value === 'draw') return 'draw';
  const p1Won = (side === 'p1') === (report.value === 'win');
  return p1Won ? 'p1_win' : 'p2_win';
}

/** When both players had confirmed (the start of `in_progress`). */
export function startedAt(match: Match): number {
  return Math.max(match.p1ConfirmedAt ?? 0, match.p2ConfirmedAt ?? 0);
}

/** A match's replays that count as evidence (not rejected). */
export function acceptedReplays(ctx: LadderContext, match: Match): Replay[] {
  return ctx.store.read.replaysOfMatch(match.id).filter((r) => r.status !== 'rejected');
}

/** The outcome a stored replay's verification found, if known. */
export function replayOutcome(replay: Replay): Exclude<Outcome, 'void'> | null {
  const outcome = (replay.verification as { outcome?: unknown } | null)?.outcome;
  return outcome === 'p1_win' || outcome === 'p2_win' || outcome === 'draw' ? outcome : null;
}

/** The player and match of a match operation, checked: known, not banned, a participant. */
export function participant(
  ctx: LadderContext,
  discordId: string,
  matchId: string,
  options: { allowTerminal?: boolean } = {},
): { player: Player; match: Match; side: 'p1' | 'p2' } | Refusal {
  const player = playerOf(ctx, discordId);
  if (isRefusal(player)) return player;
  if (player.bannedAt !== null) return refuse('banned');

  const match = findMatch(ctx, matchId);
  if (!match) return refuse('unknown_match');
  const side = sideOf(match, player.id);
  if (side === null) return refuse('not_participant', { matchNumber: match.number });
  if (isTerminal(match) && !options.allowTerminal)
    return refuse('match_over', { matchNumber: match.number });
  return { player, match, side };
}

/** Whether an event arrives after the stage's deadline by the server clock ([M-2]). */
export function isLate(ctx: LadderContext, match: Match): boolean {
  return match.deadlineAt !== null && ctx.clock.now() >= match.deadlineAt;
}
