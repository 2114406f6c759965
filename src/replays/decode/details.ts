import { asArray, asBigInt, asBytes, asInt, asStruct, asText, optInt } from './fields.js';
import { decodeVersioned, type VValue } from './versioned.js';

/** One entry of `replay.details` `m_playerList`, with the values the summary needs. */
export interface DetailsPlayer {
  /** The stored name: clan tag inline and HTML-escaped. */
  rawName: string;
  toon: string | null;
  race: string;
  control: number;
  teamId: number;
  observe: number;
  result: number;
  workingSetSlotId: number | null;
}

/** The parts of `replay.details` the summary needs (REPLAY_FORMAT.md §7). */
export interface Details {
  players: DetailsPlayer[];
  title: string;
  /** Windows FILETIME of the end of the recording. */
  timeUtc: bigint;
  gameSpeed: number;
  cacheHandles: string[];
}

/** Decodes `replay.details` (or its anonymized `.backup`). */
export function decodeDetails(bytes: Uint8Array): Details {
  const root = asStruct(decodeVersioned(bytes), 'details');
  const list = root[0] === undefined || root[0] === null ? [] : asArray(root[0], 'player list');
  const handles = root[10] === undefined || root[10] === null ? [] : asArray(root[10], 'handles');
  return {
    players: list.map(decodePlayer),
    title: asText(root[1], 'map title'),
    timeUtc: asBigInt(root[5], 'time'),
    gameSpeed: asInt(root[12], 'game speed'),
    cacheHandles: handles.map((handle) => formatCacheHandle(asBytes(handle, 'cache handle'))),
  };
}

function decodePlayer(value: VValue): DetailsPlayer {
  const player = asStruct(value, 'player');
  return {
    rawName: asText(player[0], 'player name'),
    toon: formatToon(player[1]),
    race: asText(player[2], 'race'),
    control: optInt(player[4], 'control', 0),
    teamId: optInt(player[5], 'team', 0),
    observe: optInt(player[7], 'observe', 0),
    result: optInt(player[8], 'result', 0),
    workingSetSlotId:
      player[9] === undefined || player[9] === null ? null : asInt(player[9], 'slot'),
  };
}

const ascii = new TextDecoder('latin1');

/** `region-program-realm-id`, or `null` for a zero id (computers, anonymized replays). */
function formatToon(value: VValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  const toon = asStruct(value, 'toon');
  const id = toon[4] === undefined ? 0 : Number(asBigInt(toon[4], 'toon id'));
  if (id === 0) return null;

  const program = toon[1] instanceof Uint8Array ? stripNul(ascii.decode(toon[1])) : '';
  return `${optInt(toon[0], 'region', 0)}-${program}-${optInt(toon[2], 'realm', 0)}-${id}`;
}

function stripNul(text: string): string {
  return text.replace(/\0/g, '');
}

const hexDigits = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A 40-byte cache handle as `type:REGION:sha256hex`. */
export function formatCacheHandle(handle: Uint8Array): string {
  const type = ascii.decode(handle.subarray(0, 4));
  const region = stripNul(ascii.decode(handle.subarray(4, 8)));
  let hash = '';
  for (let i = 8; i < handle.length; i++) hash += hexDigits[handle[i]!];
  return `${type}:${region}:${hash}`;
}
