import type {
  Actor,
  Change,
  Json,
  Match,
  Outcome,
  OutcomeSource,
  VoidReason,
  WorkItem,
} from '../store/index.js';
import { commit, newId, type LadderContext } from './context.js';
import { pending, type PendingEvent } from './events.js';
import { rerateSeason } from './ledger.js';
import { raiseOverruledSignal, raisePairSignals } from './signals.js';

// Ending matches and re-rating. Every terminal transition clears the deadlines ([M-6]); a rated
// one re-rates the season from the ledger (§7.5) in the same batch, so a result and its rating
// effects are durable together.

/** A batch being built: changes plus the events to emit once durable. */
export interface Batch {
  changes: Change[];
  events: PendingEvent[];
  /** Matches whose outcome changed, for re-rating (by id, latest version). */
  rerate: Map<string, Match>;
}

/** An empty batch. */
export function newBatch(): Batch {
  return { changes: [], events: [], rerate: new Map() };
}

/** Appends a line to a match's event history. */
export function withEvent(
  match: Match,
  at: number,
  actor: Actor,
  event: string,
  details: Json = null,
): Match {
  return { ...match, events: [...match.events, { at, actor, event, details }], updatedAt: at };
}

const noDeadlines = {
  deadlineAt: null,
  confirmBy: null,
  reportBy: null,
  noShowBy: null,
  disputeBy: null,
};

/** Finalizes a match with a rated outcome (or `void` through `voidMatch`). */
export function finalize(
  match: Match,
  outcome: Exclude<Outcome, 'void'>,
  source: OutcomeSource,
  at: number,
  actor: Actor,
): Match {
  const next = { ...match, ...noDeadlines, stage: 'finalized' as const, outcome, outcomeSource: source,
    voidReason: null, endedAt: at }; // prettier-ignore
  return withEvent(next, at, actor, 'finalized', { outcome, source });
}

/** Voids a match with a reason. */
export function voidMatch(match: Match, reason: VoidReason, at: number, actor: Actor): Match {
  const next = { ...match, ...noDeadlines, stage: 'voided' as const, outcome: 'void' as const,
    outcomeSource: null, voidReason: reason, endedAt: at }; // prettier-ignore
  return withEvent(next, at, actor, 'voided', { reason });
}

/** Adds a match's new version to a batch, marking it for re-rating when its outcome matters. */
export function putMatch(batch: Batch, before: Match, after: Match): void {
  const wasRated = before.stage === 'finalized' && before.outcome !== 'void';
  const isRated = after.stage === 'finalized' && after.outcome !== 'void';
  if (wasRated || isRated) batch.rerate.set(after.id, after);
  else batch.changes.push({ kind: 'match', record: after });

  if (after.stage === before.stage) return;
  if (after.stage === 'finalized') batch.events.push(pending('result_final', { match: after }));
  else if (['aborted', 'abandoned', 'voided'].includes(after.stage)) {
    batch.events.push(pending('match_ended', { match: after }));
  }
}

/**
 * Closes the open dispute card of `before`, if any, and announces the dispute's end with the
 * match as it ends (`after`), so adapters never see the stage it left.
 */
export function closeDispute(
  ctx: LadderContext,
  batch: Batch,
  before: Match,
  after: Match,
  at: number,
): void {
  const item = before.workItemId ? ctx.store.read.workItem(before.workItemId) : undefined;
  if (!item || item.status !== 'open') {
    if (before.stage === 'disputed')
      batch.events.push(pending('dispute_resolved', { match: after, workItem: null }));
    return;
  }
  const closed: WorkItem = { ...item, status: 'resolved', closedAt: at };
  batch.changes.push({ kind: 'workItem', record: closed });
  batch.events.push(pending('dispute_resolved', { match: after, workItem: closed }));
}

/** A new work-queue card; signals with a dedupe key already raised are skipped. */
export function openWorkItem(
  ctx: LadderContext,
  batch: Batch,
  item: Pick<WorkItem, 'kind' | 'topic' | 'matchIds' | 'playerIds' | 'evidence'> & {
    dedupeKey?: string | null;
  },
  at: number,
): WorkItem | null {
  const dedupeKey = item.dedupeKey ?? null;
  if (dedupeKey !== null && ctx.store.read.workItemByDedupeKey(dedupeKey)) return null;
  if (
    dedupeKey !== null &&
    batch.changes.some((c) => c.kind === 'workItem' && c.record.dedupeKey === dedupeKey)
  )
    return null;

  const record: WorkItem = { id: newId('w'), ...item, dedupeKey, status: 'open', claimedBy: null,
    messageId: null, createdAt: at, closedAt: null }; // prettier-ignore
  batch.changes.push({ kind: 'workItem', record });
  if (record.kind !== 'dispute')
    batch.events.push(pending('work_item_opened', { workItem: record }));
  return record;
}

/**
 * Writes a batch: re-rates the season when a result changed, writes everything at once, then
 * emits the events and a `rank_changed` for every entry whose rating or letter moved.
 * Returns the re-rating figures for the audit.
 */
export async function commitBatch(
  ctx: LadderContext,
  batch: Batch,
  last?: (figures: { moved: number; largestChange: number }) => Change[],
): Promise<{ moved: number; largestChange: number }> {
  const now = ctx.clock.now();
  const read = ctx.store.read;
  let movedEntries: {
    playerId: string;
    race: Match['p1Race'];
    before: number | null;
    after: number;
  }[] = [];
  let largestChange = 0;

  // Results re-evaluate the pair signals before anything is written ([M-6]).
  for (const match of batch.rerate.values()) {
    if (match.stage !== 'finalized' || match.outcome === 'void') continue;
    raisePairSignals(ctx, batch, match, now);
    raiseOverruledSignal(ctx, batch, match, now);
  }
  const changes = [...batch.changes];
  const seasons = new Set([...batch.rerate.values()].map((m) => m.seasonId));
  for (const seasonId of seasons) {
    const season = read.season(seasonId);
    const mine = new Map([...batch.rerate].filter(([, m]) => m.seasonId === seasonId));
    if (!season) {
      for (const match of mine.values()) changes.push({ kind: 'match', record: match });
      continue;
    }
    const result = rerateSeason(read, season, mine, now);
    changes.push(...result.changes);
    movedEntries = movedEntries.concat([...result.moved.values()]);
    largestChange = Math.max(largestChange, result.largestChange);

    // Events carry the final versions (with ratings) of the matches they name.
    for (const event of batch.events) {
      const payload = event.event as { match?: Match };
      const final = payload.match ? result.matches.get(payload.match.id) : undefined;
      if (final) payload.match = final;
    }
  }

  if (last) changes.push(...last({ moved: movedEntries.length, largestChange }));
  const seasonOf = (playerId: string) => [...seasons][0] ?? read.currentSeason()?.id ?? playerId;
  const lettersBefore = movedEntries.map(
    (e) => read.rankOf(seasonOf(e.playerId), e.playerId, e.race)?.letter ?? 'U',
  );
  await commit(ctx, changes, batch.events);

  movedEntries.forEach((e, i) => {
    const letterAfter = read.rankOf(seasonOf(e.playerId), e.playerId, e.race)?.letter ?? 'U';
    ctx.events.emit('rank_changed', {
      playerId: e.playerId, race: e.race, ratingBefore: e.before, ratingAfter: e.after,
      letterBefore: lettersBefore[i] ?? 'U', letterAfter,
    }); // prettier-ignore
  });
  return { moved: movedEntries.length, largestChange };
}
