import type { Match } from '../store/index.js';
import type { LadderContext } from './context.js';
import { openWorkItem, type Batch } from './finish.js';
import { outcomeOfReport } from './match-common.js';

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

/**
 * Signals about a pair of players, re-evaluated when one of their matches is finalized:
 * frequent pair (≥ 5 rated games within 7 days), alternating results (≥ 4 consecutive
 * games with strictly alternating winners) and one-way short games.
 */
export function raisePairSignals(
  ctx: LadderContext,
  batch: Batch,
  final: Match,
  now: number,
): void {
  const games = ctx.store.read
    .matchesOfPlayer(final.p1Id)
    .filter((m) => m.id !== final.id && isPairGame(m, final))
    .concat(final)
    .sort((a, b) => a.createdAt - b.createdAt);
  const pair = [final.p1Id, final.p2Id].sort();

  const recent = games.filter((m) => m.createdAt >= now - 7 * dayMs);
  if (recent.length >= 5) {
    const matchIds = recent.map((m) => m.id);
    openWorkItem(ctx, batch, {
      kind: 'signal', topic: 'frequent_pair', matchIds, playerIds: pair,
      evidence: { games: recent.length }, dedupeKey: `frequent_pair:${pair.join('/')}:${final.id}`,
    }, now); // prettier-ignore
  }

  raiseShortGamesSignal(ctx, batch, games, now);

  // Winners by player id, newest last; a draw breaks the alternation.
  const winners = games.map((m) => winnerOf(m));
  let run = 1;
  for (let i = winners.length - 1; i > 0 && run < 4; i -= 1) {
    const [a, b] = [winners[i], winners[i - 1]];
    if (a === null || b === null || a === b) break;
    run += 1;
  }
  if (run >= 4) {
    const matchIds = games.slice(-4).map((m) => m.id);
    openWorkItem(ctx, batch, {
      kind: 'signal', topic: 'alternating_results', matchIds, playerIds: pair,
      evidence: { games: 4 }, dedupeKey: `alternating_results:${matchIds.join(',')}`,
    }, now); // prettier-ignore
  }
}

/** One-way short games: ≥ 3 games of a pair within 14 days won by one player, each < 120 s. */
function raiseShortGamesSignal(
  ctx: LadderContext,
  batch: Batch,
  games: Match[],
  now: number,
): void {
  const shortS = ctx.settings.rules.verification.shortGameSeconds;
  const pending = batch.changes.flatMap((c) => (c.kind === 'replay' ? [c.record] : []));
  const lengthOf = (m: Match) => {
    const replays = [
      ...ctx.store.read.replaysOfMatch(m.id),
      ...pending.filter((r) => r.matchId === m.id),
    ];
    const usable = replays.find((r) => r.status !== 'rejected');
    const seconds = (usable?.summary as { durationSeconds?: unknown } | undefined)?.durationSeconds;
    return typeof seconds === 'number' ? seconds : null;
  };

  const short = games.filter((m) => {
    const seconds = lengthOf(m);
    return m.createdAt >= now - 14 * dayMs && seconds !== null && seconds < shortS;
  });
  for (const winner of new Set(short.map(winnerOf))) {
    const won = short.filter((m) => winnerOf(m) === winner);
    if (winner === null || won.length < 3) continue;
    const matchIds = won.map((m) => m.id);
    openWorkItem(ctx, batch, {
      kind: 'signal', topic: 'one_way_short_games', matchIds, playerIds: [winner],
      evidence: { games: won.length }, dedupeKey: `one_way_short_games:${matchIds.join(',')}`,
    }, now); // prettier-ignore
  }
}

function isPairGame(m: Match, final: Match): boolean {
  const samePair =
    (m.p1Id === final.p1Id && m.p2Id === final.p2Id) ||
    (m.p1Id === final.p2Id && m.p2Id === final.p1Id);
  return samePair && m.stage === 'finalized' && m.outcome !== 'void';
}

function winnerOf(m: Match): string | null {
  if (m.outcome === 'p1_win') return m.p1Id;
  return m.outcome === 'p2_win' ? m.p2Id : null;
}

/** Overruled reporter: a player's report contradicted by a replay or an admin ≥ 2 times in 30 days. */
export function raiseOverruledSignal(
  ctx: LadderContext,
  batch: Batch,
  final: Match,
  now: number,
): void {
  for (const side of ['p1', 'p2'] as const) {
    const playerId = side === 'p1' ? final.p1Id : final.p2Id;
    const overruled = ctx.store.read
      .matchesOfPlayer(playerId)
      .filter((m) => m.id !== final.id)
      .concat(final)
      .filter((m) => (m.endedAt ?? 0) >= now - 30 * dayMs && isOverruled(m, playerId));
    if (overruled.length < 2) continue;

    const matchIds = overruled.map((m) => m.id);
    openWorkItem(ctx, batch, {
      kind: 'signal', topic: 'overruled_reporter', matchIds, playerIds: [playerId],
      evidence: { count: matchIds.length }, dedupeKey: `overruled_reporter:${playerId}:${matchIds.join(',')}`,
    }, now); // prettier-ignore
  }
}

function isOverruled(m: Match, playerId: string): boolean {
  if (m.stage !== 'finalized' || (m.outcomeSource !== 'replay' && m.outcomeSource !== 'admin')) {
    return false;
  }
  const side = m.p1Id === playerId ? 'p1' : 'p2';
  const report = side === 'p1' ? m.p1Report : m.p2Report;
  return (
    report !== null && report.source === 'button' && outcomeOfReport(side, report) !== m.outcome
  );
}
