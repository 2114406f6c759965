import type { Change } from '../store/index.js';
import { audit, checkReason } from './admin.js';
import { commit, type LadderContext } from './context.js';
import { isTerminal, openStages } from './guards.js';
import { refuse, type Result } from './results.js';

// Ending a season (PRODUCT.md §7.7): the next configured season becomes current at once and
// the queue keeps running on its pool. The old season's archive is provisional while any of its
// matches is open, final otherwise; `settleArchives` finalizes it later.
// TODO: the archived leaderboard snapshot and the replay pack belong to the web part (§10).

/** Ends the current season and makes the next configured one current. */
export async function endSeason(
  ctx: LadderContext,
  adminId: string,
  reason: string,
): Promise<Result<{ ended: string; current: string; archive: 'provisional' | 'final' }>> {
  const bad = checkReason(reason);
  if (bad) return bad;
  const read = ctx.store.read;
  const current = read.currentSeason();
  const next = read
    .seasons()
    .find(
      (s) => current && s.id !== current.id && s.endedAt === null && s.startsAt >= current.startsAt,
    );
  if (!current || !next) return refuse('no_next_season');

  const now = ctx.clock.now();
  const archive = hasOpenMatches(ctx, current.id) ? 'provisional' : 'final';
  const changes: Change[] = [
    { kind: 'season', record: { ...current, isCurrent: false, endedAt: now, archive } },
    { kind: 'season', record: { ...next, isCurrent: true } },
    audit(
      ctx,
      adminId,
      'season_end',
      {},
      { current: current.id },
      { current: next.id, archive },
      reason,
    ),
  ];
  await commit(ctx, changes);
  return { ok: true, ended: current.id, current: next.id, archive };
}

/** Marks ended seasons' archives final once their last open match is over. */
export async function settleArchives(ctx: LadderContext): Promise<number> {
  const changes: Change[] = [];
  for (const season of ctx.store.read.seasons()) {
    if (season.archive !== 'provisional' || hasOpenMatches(ctx, season.id)) continue;
    changes.push({ kind: 'season', record: { ...season, archive: 'final' } });
  }
  if (changes.length > 0) await commit(ctx, changes);
  return changes.length;
}

function hasOpenMatches(ctx: LadderContext, seasonId: string): boolean {
  for (const stage of openStages) {
    if (
      ctx.store.read.matchesInStage(stage).some((m) => m.seasonId === seasonId && !isTerminal(m))
    ) {
      return true;
    }
  }
  return false;
}
