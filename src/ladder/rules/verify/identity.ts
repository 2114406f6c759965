import type { ReplayPlayer } from '../../../replays/decode/types.js';

// Identity of PRODUCT.md §8.3: who each replay player is, by linked toon first, then by name
// (ladder name, alt names, or the name part of the BattleTag, case ignored).

/** What identity matching knows about one participant. */
export interface ParticipantIdentity {
  playerId: string;
  ladderName: string;
  altNames: readonly string[];
  battleTag: string | null;
  /** Toons linked to this player from earlier verified replays. */
  toons: readonly string[];
}

/** Lookups over every registered player, provided by the caller from its read model. */
export interface RegisteredLookup {
  /** The player a toon is linked to, if any. */
  playerByToon(toon: string): string | null;
  /** The player with this ladder name, alt name or BattleTag name (lower-cased), if any. */
  playerByName(nameLower: string): string | null;
}

/** Who one replay player was recognised as. */
export interface Recognition {
  index: number;
  name: string;
  toon: string | null;
  /** `p1` or `p2` for a participant, `foreign` for another registered player, else null. */
  as: 'p1' | 'p2' | 'foreign' | null;
  /** The registered player found, participant or foreign. */
  playerId: string | null;
  by: 'toon' | 'name' | null;
}

/** The names a participant answers to, lower-cased. */
export function namesOf(p: ParticipantIdentity): Set<string> {
  const names = [p.ladderName, ...p.altNames];
  if (p.battleTag !== null) names.push(p.battleTag.split('#')[0] ?? '');
  return new Set(names.map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0));
}

/** Recognises each replay player against the two participants and everyone registered. */
export function recognise(
  players: readonly ReplayPlayer[],
  p1: ParticipantIdentity,
  p2: ParticipantIdentity,
  lookup: RegisteredLookup,
): Recognition[] {
  const names = [namesOf(p1), namesOf(p2)];
  return players.map((player, index) => {
    const name = (player.name ?? '').trim();
    const lower = name.toLowerCase();
    const base = { index, name, toon: player.toon };

    // A linked toon takes precedence over any name.
    if (player.toon !== null) {
      if (p1.toons.includes(player.toon))
        return { ...base, as: 'p1', playerId: p1.playerId, by: 'toon' };
      if (p2.toons.includes(player.toon))
        return { ...base, as: 'p2', playerId: p2.playerId, by: 'toon' };
      const owner = lookup.playerByToon(player.toon);
      if (owner === p1.playerId) return { ...base, as: 'p1', playerId: owner, by: 'toon' };
      if (owner === p2.playerId) return { ...base, as: 'p2', playerId: owner, by: 'toon' };
      if (owner !== null) return { ...base, as: 'foreign', playerId: owner, by: 'toon' };
    }

    if (lower.length > 0 && names[0]?.has(lower))
      return { ...base, as: 'p1', playerId: p1.playerId, by: 'name' };
    if (lower.length > 0 && names[1]?.has(lower))
      return { ...base, as: 'p2', playerId: p2.playerId, by: 'name' };
    const owner = lower.length > 0 ? lookup.playerByName(lower) : null;
    if (owner !== null && owner !== p1.playerId && owner !== p2.playerId) {
      return { ...base, as: 'foreign', playerId: owner, by: 'name' };
    }
    return { ...base, as: null, playerId: null, by: null };
  });
}
