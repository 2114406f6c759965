import {
  defaultEvoModFingerprints,
  defaultRulesConfig,
  type ModFingerprints,
  type RulesConfig,
} from './rules/index.js';

// Timings and limits of PRODUCT.md §11.7 as the application reads them. Every one is a default
// that configuration and tests may change.

const minute = 60_000;
const hour = 60 * minute;

/** Settings of the ladder application. */
export interface LadderSettings {
  /** The pure rules' constants (matchmaking, ranks, aborts per month). */
  rules: RulesConfig;
  /** Waves run at Unix-time multiples of this. @defaultValue 45_000 */
  waveIntervalMs: number;
  /** @defaultValue 60_000 */
  confirmWindowMs: number;
  /** Reminder this long after the match was found. @defaultValue 20_000 */
  confirmReminderMs: number;
  /** Play-and-report deadline after both confirmed. @defaultValue 90 min */
  reportWindowMs: number;
  /** Reminders after both confirmed. @defaultValue 45 and 80 min */
  reportRemindersMs: readonly number[];
  /** The opponent always has this long after a first report. @defaultValue 20 min */
  minAnswerMs: number;
  /** Report buttons need an accepted replay. @defaultValue true */
  reportsNeedReplay: boolean;
  /** A no-show claim is possible this long after confirmation. @defaultValue 10 min */
  noShowAfterMs: number;
  /** @defaultValue 15 min */
  noShowWindowMs: number;
  /** @defaultValue 48 h */
  disputeWindowMs: number;
  /** @defaultValue 24 h */
  disputeReminderMs: number;
  /** "Report a problem" stays open this long after the result. @defaultValue 24 h */
  problemWindowMs: number;
  /** Requeue the innocent, confirmed player after an abort or lapse. @defaultValue true */
  requeueInnocent: boolean;
  /** An upheld no-show costs the accused one abort. @defaultValue true */
  noShowCostsAbort: boolean;
  /** @defaultValue 150 min */
  queueTimeoutMs: number;
  /** @defaultValue 4 */
  maxVetoes: number;
  /** @defaultValue 2 */
  maxAltNames: number;
  /** The current terms version; a newer one makes everyone accept again. @defaultValue '1' */
  termsVersion: string;
  /** Allowed country codes besides XX and ZZ; empty accepts any two capital letters. */
  countries: readonly string[];
  /** Accepted replay map titles per map id; a map without an entry is not checked. */
  mapTitles: Readonly<Record<string, readonly string[]>>;
  /** The official mod's fingerprints (§8.2). @defaultValue the SC: Evo Complete lists */
  mod: ModFingerprints;
  /** Race notices sent with the match details ([M-8]): race → notice key. */
  raceNotices: Readonly<Record<string, string>>;
  /** The random source of map choice; tests fix it. @defaultValue Math.random */
  random: () => number;
}

/** The product's defaults. */
export const defaultLadderSettings: LadderSettings = {
  rules: defaultRulesConfig,
  waveIntervalMs: 45_000,
  confirmWindowMs: 60_000,
  confirmReminderMs: 20_000,
  reportWindowMs: 90 * minute,
  reportRemindersMs: [45 * minute, 80 * minute],
  minAnswerMs: 20 * minute,
  reportsNeedReplay: true,
  noShowAfterMs: 10 * minute,
  noShowWindowMs: 15 * minute,
  disputeWindowMs: 48 * hour,
  disputeReminderMs: 24 * hour,
  problemWindowMs: 24 * hour,
  requeueInnocent: true,
  noShowCostsAbort: true,
  queueTimeoutMs: 150 * minute,
  maxVetoes: 4,
  maxAltNames: 2,
  termsVersion: '1',
  countries: [],
  mapTitles: {},
  mod: defaultEvoModFingerprints,
  raceNotices: { bw_protoss: 'shield_battery' },
  random: Math.random,
};

/** The defaults with some settings replaced. */
export function ladderSettings(overrides: Partial<LadderSettings> = {}): LadderSettings {
  return { ...defaultLadderSettings, ...overrides };
}
