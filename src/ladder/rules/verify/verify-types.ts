import type { LobbySettings, ReplaySummary } from '../../../replays/decode/types.js';
import type { VerificationSettings } from '../config.js';
import type { RaceCode } from '../races.js';
import type { ParticipantIdentity, RegisteredLookup } from './identity.js';
import type { ModFingerprints } from './mod-fingerprint.js';

// What replay verification reads and returns (PRODUCT.md §8.1).

/** Severity of a check's result; `pass` when it passed. */
export type CheckSeverity = 'pass' | 'warn' | 'hold' | 'reject';

/** One line of the verification card. */
export interface VerificationCheck {
  id: string;
  severity: CheckSeverity;
  /** Why it failed, for the text catalogue; null when it passed. */
  reason: string | null;
  expected: string;
  found: string;
}

/** An admin signal raised by a replay. */
export interface ReplaySignal {
  topic: 'reused_replay' | 'foreign_player' | 'short_game';
  playerIds: string[];
  matchIds: string[];
}

/** The match as verification sees it; p1 is always the BW side. */
export interface ReplayMatchView {
  id: string;
  createdAtMs: number;
  p1: ParticipantIdentity;
  p2: ParticipantIdentity;
  p1Race: RaceCode;
  p2Race: RaceCode;
  /** Accepted titles (every client language) and optional map fingerprints. */
  map: { titles: readonly string[]; fingerprints?: readonly string[] };
}

/** Everything one verification reads; the caller looks up reuse and registered players. */
export interface VerifyReplayInput {
  /** The decoded summary, or null when the file could not be read. */
  summary: ReplaySummary | null;
  lobby: LobbySettings | null;
  match: ReplayMatchView;
  /** Other matches that already hold a file with this SHA-256. */
  reusedIn: readonly string[];
  lookup: RegisteredLookup;
  mod: ModFingerprints;
  settings: VerificationSettings;
  /** Replay race names per code. @defaultValue defaultRaceAliases */
  raceAliases?: Readonly<Record<RaceCode, readonly string[]>>;
}

/** What verification decided. `accepted` means usable but held: it cannot settle alone. */
export interface ReplayVerification {
  status: 'verified' | 'accepted' | 'rejected';
  /** The outcome in match order; null when unknown (never a draw by default) or rejected. */
  outcome: 'p1_win' | 'p2_win' | 'draw' | null;
  checks: VerificationCheck[];
  /** Replay players recognised as participants, for linking toons when the match settles. */
  toons: { toon: string; playerId: string; name: string; by: 'toon' | 'name' }[];
  signals: ReplaySignal[];
  modRegion: string | null;
}

/** Records one check on the card. */
export type AddCheck = (
  id: string,
  ok: boolean,
  bad: CheckSeverity,
  reason: string,
  expected: string,
  found: string,
) => void;
