// The six race codes are fixed by the product (PRODUCT.md §2); names, emoji and replay aliases
// come from configuration and live outside the rules.

/** The two games a race belongs to; player 1 of a match is always on the BW side. */
export type Side = 'bw' | 'sc2';

/** Every race code, BW races first. */
export const raceCodes = [
  'bw_terran',
  'bw_zerg',
  'bw_protoss',
  'sc2_terran',
  'sc2_zerg',
  'sc2_protoss',
] as const;

/** One of the six fixed race codes. */
export type RaceCode = (typeof raceCodes)[number];

/** A BW race code. */
export type BwRace = Extract<RaceCode, `bw_${string}`>;

/** An SC2 race code. */
export type Sc2Race = Extract<RaceCode, `sc2_${string}`>;

/** The three races of one side. */
export const racesBySide: Readonly<Record<Side, readonly RaceCode[]>> = {
  bw: ['bw_terran', 'bw_zerg', 'bw_protoss'],
  sc2: ['sc2_terran', 'sc2_zerg', 'sc2_protoss'],
};

const codeSet: ReadonlySet<string> = new Set(raceCodes);

/** Whether `value` is one of the six race codes (for input from users and files). */
export function isRaceCode(value: unknown): value is RaceCode {
  return typeof value === 'string' && codeSet.has(value);
}

/** The side a race is played on. */
export function sideOf(race: RaceCode): Side {
  return race.startsWith('bw_') ? 'bw' : 'sc2';
}

/** Whether a race code belongs to the BW side. */
export function isBwRace(race: RaceCode): race is BwRace {
  return sideOf(race) === 'bw';
}

/** Whether a race code belongs to the SC2 side. */
export function isSc2Race(race: RaceCode): race is Sc2Race {
  return sideOf(race) === 'sc2';
}

/** The other side. */
export function otherSide(side: Side): Side {
  return side === 'bw' ? 'sc2' : 'bw';
}

/**
 * Default replay race names for each code, as the English client writes them in a replay's
 * player list (`BW Zerg`, `Terran`); configuration adds localized aliases.
 */
export const defaultRaceAliases: Readonly<Record<RaceCode, readonly string[]>> = {
  bw_terran: ['BW Terran'],
  bw_zerg: ['BW Zerg'],
  bw_protoss: ['BW Protoss'],
  sc2_terran: ['Terran', 'SC2 Terran'],
  sc2_zerg: ['Zerg', 'SC2 Zerg'],
  sc2_protoss: ['Protoss', 'SC2 Protoss'],
};
