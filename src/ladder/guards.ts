import { terminalStages, type Match, type MatchStage, type Player } from '../store/index.js';
import type { LadderContext } from './context.js';
import { refuse, type Refusal } from './results.js';

// Shared look-ups and the guards of [G-1], in their order: banned, terms, setup.

const lockingStages: ReadonlySet<MatchStage> = new Set([
  'awaiting_confirmation',
  'in_progress',
  'no_show_claimed',
]);

/** Stages that are not over, in lifecycle order: the ones with a deadline. */
export const openStages = [
  'awaiting_confirmation',
  'in_progress',
  'no_show_claimed',
  'disputed',
] as const satisfies readonly MatchStage[];

/** Whether a match stage locks its players ([M-5]); a dispute does not. */
export function isLocking(stage: MatchStage): boolean {
  return lockingStages.has(stage);
}

/** Whether a match is over. */
export function isTerminal(match: Match): boolean {
  return terminalStages.includes(match.stage);
}

/** The match that locks a player, if any. */
export function lockedMatchOf(ctx: LadderContext, playerId: string): Match | undefined {
  const matches = ctx.store.read.openMatchesOfPlayer(playerId);
  for (let i = matches.length - 1; i >= 0; i -= 1) {
    const match = matches[i] as Match;
    if (isLocking(match.stage)) return match;
  }
  return undefined;
}

/** A player's matches that are not over (locked ones and disputes). */
export function openMatchesOf(ctx: LadderContext, playerId: string): Match[] {
  return ctx.store.read.openMatchesOfPlayer(playerId);
}

/** A match by id or public number. */
export function findMatch(ctx: LadderContext, ref: string): Match | undefined {
  return ctx.store.read.match(ref) ?? ctx.store.read.matchByNumber(Number(ref));
}

/** The player behind a Discord id, or `unknown_player`. */
export function playerOf(ctx: LadderContext, discordId: string): Player | Refusal {
  return ctx.store.read.playerByDiscordId(discordId) ?? refuse('unknown_player');
}

/** Runs the guards of [G-1]; `needsSetup` for /queue and /replay. */
export function guard(ctx: LadderContext, player: Player, needsSetup: boolean): Refusal | null {
  if (player.bannedAt !== null) return refuse('banned');
  if (player.termsVersion !== ctx.settings.termsVersion || player.termsAcceptedAt === null) {
    return refuse('terms_not_accepted');
  }
  if (needsSetup && player.setupCompletedAt === null) return refuse('setup_incomplete');
  return null;
}

/** Narrows a look-up result. */
export function isRefusal(value: object): value is Refusal {
  return (value as Refusal).ok === false;
}
