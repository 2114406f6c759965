import { ReplayError, type LobbySettings } from './types.js';

// `replay.attributes.events`: fixed 13-byte records (REPLAY_FORMAT.md §10). Only namespace 999
// holds the standard attributes; maps and mods use their own namespaces for the same ids.
const standardNamespace = 999;
const globalScope = 16;

/** Attribute values by `scope * 100_000 + id`, standard namespace only. */
export type AttributeMap = Map<number, string>;

/** Parses the attribute records; the header lacks its source byte below base build 17326. */
export function decodeAttributes(bytes: Uint8Array, baseBuild: number): AttributeMap {
  const headerLength = baseBuild < 17326 ? 8 : 9;
  if (bytes.length < headerLength) {
    throw new ReplayError('truncated', 'replay.attributes.events is cut short');
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(headerLength - 4, true);
  if (headerLength + 13 * count !== bytes.length) {
    throw new ReplayError('corrupt', 'replay.attributes.events has the wrong length');
  }

  const map: AttributeMap = new Map();
  for (let at = headerLength; at < bytes.length; at += 13) {
    if (view.getUint32(at, true) !== standardNamespace) continue;
    const id = view.getUint32(at + 4, true);
    const scope = bytes[at + 8]!;
    map.set(scope * 100_000 + id, decodeValue(bytes, at + 9));
  }

  return map;
}

// The value is a fourcc stored reversed, NUL-padded, sometimes space-padded.
function decodeValue(bytes: Uint8Array, at: number): string {
  let text = '';
  for (let i = 3; i >= 0; i--) {
    const c = bytes[at + i]!;
    if (c !== 0) text += String.fromCharCode(c);
  }

  return text.trim();
}

/** One attribute: `scope` 1–15 is lobby slot `scope − 1`, 16 the game settings. */
export function attribute(map: AttributeMap, scope: number, id: number): string | null {
  return map.get(scope * 100_000 + id) ?? null;
}

const speedNames: Record<string, string> = {
  Slor: 'Slower',
  Slow: 'Slow',
  Norm: 'Normal',
  Fast: 'Fast',
  Fasr: 'Faster',
};
const privacyNames: Record<string, string> = {
  Norm: 'Normal',
  NoMH: 'No Match History',
  NoBO: 'No Build Order',
};
const modeNames: Record<string, string> = { Priv: 'Private', Pub: 'Public', Amm: 'Ladder' };

/** The lobby settings the ladder verifies; every value `null` when the replay lacks it. */
export function lobbySettings(map: AttributeMap | null): LobbySettings {
  const get = (id: number): string | null => (map ? attribute(map, globalScope, id) : null);
  const named = (id: number, names: Record<string, string>): string | null => {
    const raw = get(id);
    return raw === null ? null : (names[raw] ?? raw);
  };

  const locked = get(3010);
  const duration = get(3015);
  const observerSlots: number[] = [];
  for (let scope = 1; map && scope < globalScope; scope++) {
    if (attribute(map, scope, 3007) === 'Watc') observerSlots.push(scope - 1);
  }

  const mode = get(3009);
  return {
    gameSpeed: named(3000, speedNames),
    privacy: named(4000, privacyNames),
    gameMode: mode === null || mode === '' ? null : (modeNames[mode] ?? mode),
    lockedAlliances: locked === null ? null : locked === 'yes',
    durationLimitMinutes: duration !== null && /^\d+$/.test(duration) ? Number(duration) : null,
    observerSlots,
  };
}
