import type { ReplayPlayer } from '../../../replays/decode/types.js';
import { defaultRaceAliases, isRaceCode, type RaceCode } from '../races.js';
import { recognise } from './identity.js';
import { checkLobby, checkMap } from './map-lobby-checks.js';
import { checkModFingerprint } from './mod-fingerprint.js';
import type {
  CheckSeverity,
  ReplayMatchView,
  ReplaySignal,
  ReplayVerification,
  VerificationCheck,
  VerifyReplayInput,
} from './verify-types.js';

export type {
  CheckSeverity,
  ReplayMatchView,
  ReplaySignal,
  ReplayVerification,
  VerificationCheck,
  VerifyReplayInput,
} from './verify-types.js';

// Checks 5–16 of PRODUCT.md §8.1 on a decoded summary. Every check from "readable" on runs, so
// the card is complete; each failure carries its severity and a reason code for the catalogue.

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
