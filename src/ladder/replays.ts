import type { LobbySettings, ReplaySummary } from '../replays/decode/types.js';
import type { Actor, Json, Match, Replay } from '../store/index.js';
import type { LadderContext } from './context.js';
import { pending } from './events.js';
import {
  closeDispute,
  commitBatch,
  finalize,
  newBatch,
  openWorkItem,
  putMatch,
  withEvent,
  type Batch,
} from './finish.js';
import { guard, isRefusal, isTerminal, openMatchesOf, playerOf } from './guards.js';
import { outcomeOfReport, participant } from './match-common.js';
import { resumeAfterClaim } from './match-flow.js';
import { applyReport } from './reports.js';
import { refuse, type Result } from './results.js';
import type { ReplayVerification } from './verify.js';
import { newId } from './context.js';

// A replay enters already decoded (summary + sha256); the app never parses. Checks 3 and 4 of
// §8.1 pick the match and drop a repeat; the verifier runs checks 5–16; the match then moves
// as T6, T7, T8 or T8b say.

/** One upload, decoded by the replays part. */
export interface ReplayUpload {
  discordId: string;
  /** The match id or number the player named, if any. */
  match?: string;
  summary: ReplaySummary;
  lobby?: LobbySettings | null;
  sha256: string;
  sizeBytes: number;
  /** Where the replays part stored the file. */
  storageKey: string;
}

/** The upload's outcome for the verification card. */
export type ReplayResult = Result<{
  match: Match;
  replay: Replay;
  verification: ReplayVerification;
}>;

const replayStages = new Set(['in_progress', 'no_show_claimed', 'disputed']);

/** Check 3: which match takes this upload. */
function pickMatch(ctx: LadderContext, upload: ReplayUpload) {
  if (upload.match !== undefined) {
    const found = participant(ctx, upload.discordId, upload.match, { allowTerminal: true });
    if (isRefusal(found)) return found;
    return found;
  }
  const player = playerOf(ctx, upload.discordId);
  if (isRefusal(player)) return player;
  const open = openMatchesOf(ctx, player.id);
  if (open.length === 0) return refuse('no_open_match');
  if (open.length > 1) return refuse('several_open_matches');
  const match = open[0] as Match;
  return { player, match, side: match.p1Id === player.id ? ('p1' as const) : ('p2' as const) };
}

/** Takes one decoded replay for a match (PRODUCT.md §4.7, §8). */
export async function submitReplay(
  ctx: LadderContext,
  upload: ReplayUpload,
): Promise<ReplayResult> {
  if (
    !/^[0-9a-f]{64}$/.test(String(upload.sha256)) ||
    typeof upload.summary !== 'object' ||
    upload.summary === null
  ) {
    return refuse('invalid_replay');
  }
  // The guards of [G-1] answer before any match look-up.
  const caller = playerOf(ctx, upload.discordId);
  if (isRefusal(caller)) return caller;
  const refused = guard(ctx, caller, true);
  if (refused) return refused;
  const picked = pickMatch(ctx, upload);
  if (isRefusal(picked)) return picked;
  const { player, match, side } = picked;
  if (isTerminal(match)) return refuse('match_over', { matchNumber: match.number });
  if (match.stage === 'awaiting_confirmation')
    return refuse('not_confirmed', { matchNumber: match.number });
  if (!replayStages.has(match.stage)) return refuse('wrong_stage', { matchNumber: match.number });
  if (ctx.store.read.replaysOfMatch(match.id).some((r) => r.sha256 === upload.sha256)) {
    return refuse('duplicate_replay', { matchNumber: match.number });
  }

  const verification = ctx.verifier({
    summary: upload.summary, lobby: upload.lobby ?? null, sha256: upload.sha256, match,
    read: ctx.store.read, settings: ctx.settings,
  }); // prettier-ignore
  const now = ctx.clock.now();
  const replay: Replay = {
    id: newId('r'), sha256: upload.sha256, matchId: match.id, uploaderId: player.id, uploadedAt: now,
    sizeBytes: upload.sizeBytes, summary: upload.summary as unknown as Json,
    verification: verification as unknown as Json, status: verification.status,
    storageKey: upload.storageKey, deletedAt: null,
  }; // prettier-ignore

  const batch = newBatch();
  batch.changes.push({ kind: 'replay', record: replay });
  for (const signal of verification.signals) {
    openWorkItem(ctx, batch, { kind: 'signal', topic: signal.topic, matchIds: signal.matchIds,
      playerIds: signal.playerIds, evidence: { replayId: replay.id },
      dedupeKey: `${signal.topic}:${upload.sha256}:${signal.matchIds.join(',')}` }, now); // prettier-ignore
  }

  const actor: Actor = { kind: 'player', playerId: player.id };
  let next = withEvent(match, now, actor, 'replay', { replayId: replay.id, status: replay.status });
  const verdict = applyVerdict(ctx, batch, next, side, verification, now, actor);
  next = verdict.match;
  if (!verdict.isPut) putMatch(batch, match, next);
  batch.events.push(pending('replay_verified', { match: next, replay }));
  await commitBatch(ctx, batch);
  return { ok: true, match: ctx.store.read.match(next.id) ?? next, replay, verification };
}

function applyVerdict(
  ctx: LadderContext,
  batch: Batch,
  match: Match,
  side: 'p1' | 'p2',
  v: ReplayVerification,
  now: number,
  actor: Actor,
): { match: Match; isPut: boolean } {
  if (v.status === 'rejected') return { match, isPut: false };

  // T6: a verified replay settles the match; reports that disagree go to review.
  if (v.status === 'verified' && v.outcome !== null) {
    const final = finalize(match, v.outcome, 'replay', now, actor);
    if (match.stage === 'disputed') closeDispute(ctx, batch, match, final, now);
    putMatch(batch, match, final);
    linkToons(ctx, batch, final, v, now);
    for (const [s, report] of [
      ['p1', match.p1Report],
      ['p2', match.p2Report],
    ] as const) {
      if (report && outcomeOfReport(s, report) !== v.outcome) {
        openWorkItem(ctx, batch, { kind: 'review', topic: 'report_contradicted', matchIds: [match.id],
          playerIds: [s === 'p1' ? match.p1Id : match.p2Id], evidence: { outcome: v.outcome },
          dedupeKey: `report_contradicted:${match.id}:${s}` }, now); // prettier-ignore
      }
    }
    return { match: final, isPut: true };
  }

  // T8b: in a dispute a held replay is evidence only (counted at the deadline, T18).
  if (match.stage === 'disputed') return { match, isPut: false };

  // T7 / T8: the replay proves a game took place, so a no-show claim ends.
  const resumed =
    match.stage === 'no_show_claimed'
      ? resumeAfterClaim(ctx, match, now, actor, 'no_show_cancelled')
      : match;
  const own = side === 'p1' ? resumed.p1Report : resumed.p2Report;
  if (v.outcome === null || own !== null) return { match: resumed, isPut: false };

  const value =
    v.outcome === 'draw' ? 'draw' : (v.outcome === 'p1_win') === (side === 'p1') ? 'win' : 'loss';
  const reported = applyReport(
    ctx,
    batch,
    resumed,
    side,
    { value, at: now, source: 'replay' },
    now,
  );
  return { match: reported, isPut: true };
}

/** Links recognised toons to their players ([V-4]); a toon seen under another player is flagged ([V-5]). */
function linkToons(
  ctx: LadderContext,
  batch: Batch,
  match: Match,
  v: ReplayVerification,
  now: number,
): void {
  for (const { toon, playerId, name } of v.toons) {
    const link = ctx.store.read.toonLink(toon);
    if (!link) {
      batch.changes.push({
        kind: 'toonLink',
        record: { id: toon, playerId, names: [name], linkedAt: now, matchId: match.id },
      });
    } else if (link.playerId === playerId) {
      if (!link.names.includes(name))
        batch.changes.push({ kind: 'toonLink', record: { ...link, names: [...link.names, name] } });
    } else {
      openWorkItem(ctx, batch, { kind: 'signal', topic: 'shared_toon', matchIds: [link.matchId, match.id].filter((id): id is string => id !== null),
        playerIds: [link.playerId, playerId], evidence: { toon }, dedupeKey: `shared_toon:${toon}:${playerId}` }, now); // prettier-ignore
    }
  }
}
