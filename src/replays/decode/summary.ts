import { createHash } from 'node:crypto';

import type { Details, DetailsPlayer } from './details.js';
import type { ReplayHeader } from './header.js';
import type { Lobby, LobbySlot } from './init-data.js';
import { splitClanTag } from './names.js';
import { ReplayError, type ReplayPlayer, type ReplaySummary } from './types.js';

const speedNames = ['Slower', 'Slow', 'Normal', 'Fast', 'Faster'] as const;
// Real seconds per game loop: 16 loops per game second, times the speed factor.
// Slower 0.6 → 9.6 loops/s, Normal 1.0 → 16, Faster 1.4 → 22.4.
const speedFactors = [0.6, 0.8, 1.0, 1.2, 1.4];
const results = ['undecided', 'win', 'loss', 'tie'] as const;

// Details team and control values identify teams and computers only from this base build on.
const reliableDetailsSinceBuild = 24247;
// Unix epoch in FILETIME ticks (100 ns since 1601-01-01 UTC).
const unixEpochTicks = 116_444_736_000_000_000n;

/** Everything the summary is built from. */
export interface SummaryParts {
  bytes: Uint8Array;
  fileName: string;
  header: ReplayHeader;
  details: Details;
  /** The lobby state of `replay.initData`, when decoded for this build. */
  lobby: Lobby | null;
}

/** Builds the summary of SCHEMA.md from the decoded parts. */
export function buildSummary(parts: SummaryParts): ReplaySummary {
  const { header, details, lobby } = parts;
  const speed = speedNames[details.gameSpeed];
  const factor = speedFactors[details.gameSpeed];
  if (speed === undefined || factor === undefined) {
    throw new ReplayError('corrupt', `unknown game speed ${details.gameSpeed}`);
  }

  const realSeconds = header.gameLoops / (16 * factor);
  const endSeconds = Number(details.timeUtc - unixEpochTicks) / 1e7;
  const startMs = Math.floor(endSeconds - realSeconds) * 1000;

  return {
    file: parts.fileName,
    sha256: createHash('sha256').update(parts.bytes).digest('hex'),
    build: header.build,
    baseBuild: header.baseBuild,
    version: `${header.major}.${header.minor}.${header.revision}.${header.build}`,
    gameLoops: header.gameLoops,
    durationSeconds: Math.floor(realSeconds * 10 + 0.5) / 10,
    startTime: formatUtc(startMs),
    map: details.title,
    gameSpeed: speed,
    players: details.players.map((player) => toPlayer(player, header.baseBuild)),
    observers: lobby ? observerNames(lobby) : null,
    cacheHandles: details.cacheHandles,
  };
}

function toPlayer(player: DetailsPlayer, baseBuild: number): ReplayPlayer {
  const { name, clanTag } = splitClanTag(player.rawName);
  const isReliable = baseBuild >= reliableDetailsSinceBuild;
  return {
    name: name === '' ? null : name,
    clanTag,
    toon: player.toon,
    race: player.race,
    result: resultName(player.result),
    teamId: isReliable ? player.teamId : null,
    isComputer: isReliable ? player.control === 3 : null,
  };
}

function resultName(code: number): ReplayPlayer['result'] {
  const name = results[code];
  if (name === undefined) throw new ReplayError('corrupt', `unknown player result ${code}`);
  return name;
}

function observerNames(lobby: Lobby): string[] {
  return lobby.slots
    .filter((slot: LobbySlot) => slot.control === 2 && slot.observe !== 0)
    .map((slot) => (slot.userId === null ? '' : (lobby.userNames[slot.userId] ?? '')));
}

function formatUtc(ms: number): string {
  // A time outside what a Date holds (or before 1970) only comes from a damaged file; refuse it
  // rather than invent a start time.
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime()) || ms < 0) {
    throw new ReplayError('corrupt', 'the recorded start time is out of range');
  }

  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
