import type { LobbySettings, ReplaySummary } from '../../../replays/decode/types.js';
import type { VerificationSettings } from '../config.js';
import { handleHash } from './mod-fingerprint.js';
import type { AddCheck, ReplayMatchView } from './verify-types.js';

// Check 9 (map) and check 15 (lobby settings) of PRODUCT.md §8.1.

/** Check 9: the map by fingerprint when configured, else by any accepted title. */
export function checkMap(summary: ReplaySummary, match: ReplayMatchView, add: AddCheck): void {
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

/** Check 15: each lobby setting against the configured value, a warning each. */
export function checkLobby(
  summary: ReplaySummary,
  lobby: LobbySettings | null,
  s: VerificationSettings,
  add: AddCheck,
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
