import type { LobbySettings, ReplayPlayer, ReplaySummary } from '../../../replays/decode/types.js';
import type { VerificationSettings } from '../config.js';
import { defaultRaceAliases, isRaceCode, type RaceCode } from '../races.js';
import { recognise, type ParticipantIdentity, type RegisteredLookup } from './identity.js';
import { checkModFingerprint, handleHash, type ModFingerprints } from './mod-fingerprint.js';

// Checks 5–16 of PRODUCT.md §8.1 on a decoded summary. Every check from "readable" on runs, so
// the card is complete; each failure carries its severity and a reason code for the catalogue.

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

/** Runs checks 5–16 on one replay for one match. Never throws on odd summaries. */
export function verifyReplay(input: VerifyReplayInput): ReplayVerification {
  const { summary, match } = input;
  const checks: VerificationCheck[] = [];
  const signals: ReplaySignal[] = [];
  const add = (
    id: string,
    ok: boolean,
    bad: CheckSeverity,
    reason: string,
    expected: string,
    found: string,
  ) =>
    checks.push({ id, severity: ok ? 'pass' : bad, reason: ok ? null : reason, expected, found });

  add(
    'readable',
    summary !== null,
    'reject',
    'unreadable',
    'an SC2 replay',
    summary ? 'readable' : 'unreadable',
  );
  if (summary === null) return finish(checks, signals, null, [], null);

  const reused = [...new Set(input.reusedIn.filter((id) => id !== match.id))];
  add(
    'reused',
    reused.length === 0,
    'reject',
    'reused_replay',
    'a new file',
    reused.join(', ') || 'new',
  );
  if (reused.length > 0) {
    signals.push({
      topic: 'reused_replay',
      playerIds: [match.p1.playerId, match.p2.playerId],
      matchIds: [match.id, ...reused],
    });
  }

  const players = Array.isArray(summary.players) ? summary.players : [];
  const computers = players.filter((p) => p.isComputer === true);
  const humans = players.filter((p) => p.isComputer !== true);
  add(
    'players',
    humans.length === 2 && computers.length === 0,
    'reject',
    computers.length > 0 ? 'computer_player' : 'player_count',
    '2 human players',
    `${humans.length} human, ${computers.length} computer`,
  );

  const raceOf = raceReader(input.raceAliases ?? defaultRaceAliases);
  const races = humans.map((p) => raceOf(p.race));
  const want = [match.p1Race, match.p2Race];
  const racesOk =
    races.length === 2 && want.every((r) => races.includes(r)) && races[0] !== races[1];
  add(
    'races',
    racesOk,
    'reject',
    'races_mismatch',
    want.join(' vs '),
    humans.map((p) => p.race).join(' vs '),
  );

  checkMap(summary, match, add);

  const mod = checkModFingerprint(summary.cacheHandles ?? [], input.mod, match.createdAtMs);
  const modFound = mod.passed
    ? `official (${mod.region})`
    : [...mod.unknownHandles, ...mod.missingMain.map((h) => `missing ${h}`)].join(', ');
  add('mod', mod.passed, 'reject', 'mod_mismatch', 'the official mod', modFound || 'no mod files');

  const identity = checkIdentity(humans, races, input);
  checks.push(identity.check);
  signals.push(...identity.signals);

  const startMs = Date.parse(summary.startTime);
  const offMs = Math.abs(startMs - match.createdAtMs);
  const tolerance = input.settings.startToleranceMs;
  const window = `within ±${Math.round(tolerance / 60_000)} min of ${new Date(match.createdAtMs).toISOString()}`;
  add(
    'start_time',
    Number.isFinite(offMs) && offMs <= tolerance,
    'hold',
    Number.isFinite(startMs) ? 'start_time' : 'start_time_unknown',
    window,
    summary.startTime,
  );

  const outcome = racesOk ? outcomeOf(humans, races, match) : null;
  add(
    'outcome',
    outcome !== null,
    'hold',
    'outcome_unknown',
    'one winner or a tie',
    outcome ?? 'undecided',
  );

  const observers = summary.observers ?? [];
  add(
    'observers',
    observers.length === 0,
    'warn',
    'observers',
    'none',
    observers.join(', ') || 'none',
  );
  checkLobby(summary, input.lobby, input.settings, add);

  const short = input.settings.shortGameSeconds;
  const isLong = summary.durationSeconds >= short;
  add('game_length', isLong, 'warn', 'short_game', `≥ ${short} s`, `${summary.durationSeconds} s`);
  if (!isLong)
    signals.push({
      topic: 'short_game',
      playerIds: [match.p1.playerId, match.p2.playerId],
      matchIds: [match.id],
    });

  return finish(checks, signals, outcome, identity.toons, mod.region);
}

type Add = (
  id: string,
  ok: boolean,
  bad: CheckSeverity,
  reason: string,
  expected: string,
  found: string,
) => void;

function finish(
  checks: VerificationCheck[],
  signals: ReplaySignal[],
  outcome: ReplayVerification['outcome'],
  toons: ReplayVerification['toons'],
  modRegion: string | null,
): ReplayVerification {
  const severities = new Set(checks.map((c) => c.severity));
  const status = severities.has('reject')
    ? 'rejected'
    : severities.has('hold')
      ? 'accepted'
      : 'verified';
  return {
    status,
    outcome: status === 'rejected' ? null : outcome,
    checks,
    toons,
    signals,
    modRegion,
  };
}

function raceReader(
  aliases: Readonly<Record<RaceCode, readonly string[]>>,
): (race: unknown) => RaceCode | null {
  const byAlias = new Map<string, RaceCode>();
  for (const [code, names] of Object.entries(aliases) as [RaceCode, readonly string[]][]) {
    byAlias.set(code, code);
    for (const name of names) byAlias.set(name.trim().toLowerCase(), code);
  }
  return (race) => {
    if (typeof race !== 'string') return null;
    const code = byAlias.get(race.trim().toLowerCase()) ?? race;
    return isRaceCode(code) ? code : null;
  };
}

function checkMap(summary: ReplaySummary, match: ReplayMatchView, add: Add): void {
  const prints = match.map.fingerprints ?? [];
  const handles = summary.cacheHandles ?? [];
  if (prints.length > 0) {
    const last = handles.length > 0 ? handleHash(handles[handles.length - 1] as string) : null;
    const ok = last !== null && prints.some((p) => p.toLowerCase() === last);
    add(
      'map',
      ok,
      'reject',
      'map_mismatch',
      match.map.titles[0] ?? 'the assigned map',
      summary.map,
    );
    return;
  }

  // Titles are compared after Unicode normalization and trimming: clients differ in both.
  const norm = (t: string) => t.normalize('NFC').trim();
  const title = typeof summary.map === 'string' ? norm(summary.map) : '';
  const ok = match.map.titles.some((t) => norm(t) === title);
  add('map', ok, 'reject', 'map_mismatch', match.map.titles.join(' / '), String(summary.map));
}

function checkLobby(
  summary: ReplaySummary,
  lobby: LobbySettings | null,
  s: VerificationSettings,
  add: Add,
): void {
  const want = s.lobby;
  const speed = lobby?.gameSpeed ?? summary.gameSpeed ?? null;
  add(
    'lobby_speed',
    speed === want.gameSpeed,
    'warn',
    'lobby_speed',
    want.gameSpeed,
    speed ?? 'unknown',
  );
  const privacy = lobby?.privacy ?? null;
  add(
    'lobby_privacy',
    privacy === want.privacy,
    'warn',
    'lobby_privacy',
    want.privacy,
    privacy ?? 'unknown',
  );

  const duration = lobby?.durationLimitMinutes ?? null;
  const label = (m: number | null) => (m === null ? 'unknown' : m === 0 ? 'Infinite' : `${m} min`);
  add(
    'lobby_duration',
    duration === want.durationLimitMinutes,
    'warn',
    'lobby_duration',
    label(want.durationLimitMinutes),
    label(duration),
  );

  const locked = lobby?.lockedAlliances ?? null;
  const yes = (v: boolean | null) => (v === null ? 'unknown' : v ? 'Yes' : 'No');
  add(
    'lobby_locked_alliances',
    locked === want.lockedAlliances,
    'warn',
    'lobby_locked_alliances',
    yes(want.lockedAlliances),
    yes(locked),
  );
}

function checkIdentity(
  humans: readonly ReplayPlayer[],
  races: readonly (RaceCode | null)[],
  input: VerifyReplayInput,
): { check: VerificationCheck; toons: ReplayVerification['toons']; signals: ReplaySignal[] } {
  const { match } = input;
  const found = recognise(humans, match.p1, match.p2, input.lookup);
  const describe = found.map((r) => `${r.name || '?'} → ${r.as ?? 'unknown'}`).join(', ');
  const result = (severity: CheckSeverity, reason: string | null) => ({
    id: 'identity',
    severity,
    reason,
    expected: `${match.p1.ladderName} and ${match.p2.ladderName}`,
    found: describe || 'no players',
  });

  const toons = found.flatMap((r) =>
    r.toon !== null && r.playerId !== null && r.by !== null && (r.as === 'p1' || r.as === 'p2')
      ? [{ toon: r.toon, playerId: r.playerId, name: r.name, by: r.by }]
      : [],
  );
  const foreign = found.filter((r) => r.as === 'foreign');
  if (foreign.length > 0) {
    const playerIds = [
      match.p1.playerId,
      match.p2.playerId,
      ...foreign.map((r) => r.playerId as string),
    ];
    return {
      check: result('reject', 'foreign_player'),
      toons: [],
      signals: [{ topic: 'foreign_player', playerIds, matchIds: [match.id] }],
    };
  }

  const p1 = found.filter((r) => r.as === 'p1');
  const p2 = found.filter((r) => r.as === 'p2');
  if (p1.length > 1 || p2.length > 1)
    return { check: result('reject', 'same_player_twice'), toons: [], signals: [] };
  if (p1.length === 0 && p2.length === 0)
    return { check: result('reject', 'players_unrecognised'), toons: [], signals: [] };
  if (p1.length === 0 || p2.length === 0)
    return { check: result('hold', 'opponent_unrecognised'), toons, signals: [] };

  const r1 = races[(p1[0] as { index: number }).index];
  const r2 = races[(p2[0] as { index: number }).index];
  if (r1 === match.p1Race && r2 === match.p2Race)
    return { check: result('pass', null), toons, signals: [] };
  const swapped = r1 === match.p2Race && r2 === match.p1Race;
  return {
    check: result('reject', swapped ? 'races_swapped' : 'race_not_assigned'),
    toons: [],
    signals: [],
  };
}

function outcomeOf(
  humans: readonly ReplayPlayer[],
  races: readonly (RaceCode | null)[],
  match: ReplayMatchView,
): 'p1_win' | 'p2_win' | 'draw' | null {
  // The player on the BW race is player 1; mirror matchups cannot occur.
  const bw = humans[races.indexOf(match.p1Race)];
  const sc2 = humans[races.indexOf(match.p2Race)];
  if (!bw || !sc2) return null;
  if (bw.result === 'win' && sc2.result === 'loss') return 'p1_win';
  if (bw.result === 'loss' && sc2.result === 'win') return 'p2_win';
  if (bw.result === 'tie' && sc2.result === 'tie') return 'draw';
  return null;
}
