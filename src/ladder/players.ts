import type { Actor, Change, Json, Player, PlayerHistory } from '../store/index.js';
import { commit, newId, type LadderContext } from './context.js';
import { lockedMatchOf } from './guards.js';
import { leaveChanges } from './queue.js';
import { refuse, type Result } from './results.js';
import { isRegionCode } from './rules/regions.js';

// Player records: silent creation on first contact, terms, setup and country (PRODUCT.md
// §3, §4.1–§4.3). Every change to a player's data also writes the player history ([G-8]).

/** What `/setup` saves. */
export interface SetupInput {
  ladderName: string;
  battleTag: string;
  altNames: readonly string[];
  country: string;
  region: string;
  language: string | null;
}

/** The history lines of every field that differs between two versions of a player. */
export function historyOf(old: Player, next: Player, actor: Actor, at: number): PlayerHistory[] {
  const lines: PlayerHistory[] = [];
  for (const field of Object.keys(next) as (keyof Player)[]) {
    if (field === 'updatedAt') continue;
    const [a, b] = [old[field], next[field]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    lines.push({
      id: newId('ph'),
      playerId: next.id,
      field,
      oldValue: a as Json,
      newValue: b as Json,
      at,
      actor,
    });
  }
  return lines;
}

/** A player change plus its history lines. */
export function playerChanges(old: Player, next: Player, actor: Actor, at: number): Change[] {
  return [
    { kind: 'player', record: next },
    ...historyOf(old, next, actor, at).map((record) => ({
      kind: 'playerHistory' as const,
      record,
    })),
  ];
}

/** Finds or silently creates the player of a Discord user, refreshing their name ([G-8]). */
export async function touchPlayer(
  ctx: LadderContext,
  discordId: string,
  discordName: string,
  locale: string | null = null,
): Promise<Player> {
  const now = ctx.clock.now();
  const old = ctx.store.read.playerByDiscordId(discordId);
  if (old && old.discordName === discordName && (locale === null || old.lastLocale === locale)) {
    return old;
  }

  const next: Player = old
    ? { ...old, discordName, lastLocale: locale ?? old.lastLocale, updatedAt: now }
    : {
        id: newId('p'), discordId, discordName, ladderName: null, battleTag: null, altNames: [],
        country: null, region: null, language: null, lastLocale: locale, termsVersion: null,
        termsAcceptedAt: null, termsDeclinedAt: null, setupCompletedAt: null,
        quickstartReadAt: null, noticesAcked: [], bannedAt: null, banReason: null,
        abortOverrideMonth: null, abortOverride: null, createdAt: now, updatedAt: now,
      }; // prettier-ignore
  const actor: Actor = { kind: 'player', playerId: next.id };
  await commit(
    ctx,
    old ? playerChanges(old, next, actor, now) : [{ kind: 'player', record: next }],
  );
  return next;
}

/** Accepts the current terms version. */
export async function acceptTerms(ctx: LadderContext, discordId: string): Promise<Result> {
  const old = ctx.store.read.playerByDiscordId(discordId);
  if (!old) return refuse('unknown_player');
  const now = ctx.clock.now();
  const next = { ...old, termsVersion: ctx.settings.termsVersion, termsAcceptedAt: now,
    termsDeclinedAt: null, updatedAt: now }; // prettier-ignore
  await commit(ctx, playerChanges(old, next, { kind: 'player', playerId: old.id }, now));
  return { ok: true };
}

/** Declines the terms: blocks commands and removes the player from the queue (§4.1). */
export async function declineTerms(ctx: LadderContext, discordId: string): Promise<Result> {
  const old = ctx.store.read.playerByDiscordId(discordId);
  if (!old) return refuse('unknown_player');
  const locked = lockedMatchOf(ctx, old.id);
  if (locked) return refuse('in_match', { matchNumber: locked.number });

  const now = ctx.clock.now();
  const next = {
    ...old,
    termsVersion: null,
    termsAcceptedAt: null,
    termsDeclinedAt: now,
    updatedAt: now,
  };
  const leave = leaveChanges(ctx, old.id, 'terms', now);
  await commit(
    ctx,
    [...playerChanges(old, next, { kind: 'player', playerId: old.id }, now), ...leave.changes],
    leave.events,
  );
  return { ok: true };
}

const latinName = /^[A-Za-z]{3,12}$/;
const battleTagRule = /^[^#]{1,12}#\d{3,12}$/u;

/** Validates and saves the whole setup at once (§4.2); every bad field is named. */
export async function saveSetup(
  ctx: LadderContext,
  discordId: string,
  input: SetupInput,
): Promise<Result> {
  const old = ctx.store.read.playerByDiscordId(discordId);
  if (!old) return refuse('unknown_player');
  if (old.bannedAt !== null) return refuse('banned');
  const locked = lockedMatchOf(ctx, old.id);
  if (locked) return refuse('in_match', { matchNumber: locked.number });

  const problems: { field: string; rule: string }[] = [];
  const ladderName = String(input.ladderName ?? '').trim();
  const battleTag = String(input.battleTag ?? '').trim();
  const alts = (Array.isArray(input.altNames) ? input.altNames : [])
    .map((n) => String(n).trim())
    .filter((n) => n !== '');

  if (!latinName.test(ladderName)) problems.push({ field: 'ladderName', rule: 'latin_3_12' });
  if (!battleTagRule.test(battleTag))
    problems.push({ field: 'battleTag', rule: 'battletag_format' });
  if (alts.length > ctx.settings.maxAltNames)
    problems.push({ field: 'altNames', rule: 'too_many' });
  alts.forEach((alt, i) => {
    const length = [...alt].length;
    if (length < 3 || length > 12) problems.push({ field: `altName${i + 1}`, rule: 'length_3_12' });
  });

  const names = [ladderName, ...alts].map((n) => n.toLowerCase());
  if (new Set(names).size !== names.length)
    problems.push({ field: 'altNames', rule: 'not_distinct' });
  [ladderName, ...alts].forEach((name, i) => {
    const taken = ctx.store.read.playersByAnyName(name).some((p) => p.id !== old.id);
    if (taken)
      problems.push({ field: i === 0 ? 'ladderName' : `altName${i}`, rule: 'already_used' });
  });
  const tagOwner = battleTag === '' ? undefined : ctx.store.read.playerByBattleTag(battleTag);
  if (tagOwner && tagOwner.id !== old.id)
    problems.push({ field: 'battleTag', rule: 'already_used' });
  if (!isCountry(ctx, input.country)) problems.push({ field: 'country', rule: 'unknown_country' });
  if (!isRegionCode(input.region)) problems.push({ field: 'region', rule: 'unknown_region' });
  if (problems.length > 0) return refuse('invalid_setup', { problems });

  const now = ctx.clock.now();
  const next: Player = {
    ...old, ladderName, battleTag, altNames: alts, country: input.country, region: input.region,
    language: input.language, setupCompletedAt: old.setupCompletedAt ?? now, updatedAt: now,
  }; // prettier-ignore
  await commit(ctx, playerChanges(old, next, { kind: 'player', playerId: old.id }, now));
  return { ok: true };
}

/** Whether a code is an allowed country (XX and ZZ always are). */
export function isCountry(ctx: LadderContext, code: unknown): code is string {
  if (typeof code !== 'string') return false;
  if (code === 'XX' || code === 'ZZ') return true;
  const list = ctx.settings.countries;
  return list.length === 0 ? /^[A-Z]{2}$/.test(code) : list.includes(code);
}

/** Sets the country (§4.3); setup is not required. */
export async function setCountry(
  ctx: LadderContext,
  discordId: string,
  country: string,
): Promise<Result> {
  const old = ctx.store.read.playerByDiscordId(discordId);
  if (!old) return refuse('unknown_player');
  if (old.bannedAt !== null) return refuse('banned');
  if (!isCountry(ctx, country)) return refuse('unknown_country');
  const now = ctx.clock.now();
  await commit(
    ctx,
    playerChanges(
      old,
      { ...old, country, updatedAt: now },
      { kind: 'player', playerId: old.id },
      now,
    ),
  );
  return { ok: true };
}

/** Stores a race notice acknowledgement ("I understand", [M-8]). */
export async function ackNotice(
  ctx: LadderContext,
  discordId: string,
  key: string,
): Promise<Result> {
  const old = ctx.store.read.playerByDiscordId(discordId);
  if (!old) return refuse('unknown_player');
  if (!Object.values(ctx.settings.raceNotices).includes(key)) return refuse('unknown_notice');
  if (old.noticesAcked.includes(key)) return { ok: true };
  const now = ctx.clock.now();
  const next = { ...old, noticesAcked: [...old.noticesAcked, key], updatedAt: now };
  await commit(ctx, playerChanges(old, next, { kind: 'player', playerId: old.id }, now));
  return { ok: true };
}
