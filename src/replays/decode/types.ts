import { LadderError } from '../../errors.js';

// The contract between the decoder, the worker pool, storage and the ladder. The summary has
// exactly the keys of ../shared/replays/SCHEMA.md (without `protocolSource`), in that order.

/** One entry of the replay's player list. */
export interface ReplayPlayer {
  name: string | null;
  clanTag: string | null;
  toon: string | null;
  race: string;
  result: 'win' | 'loss' | 'tie' | 'undecided';
  /** `null` only below base build 24247, where the replay does not record it reliably. */
  teamId: number | null;
  /** `null` only below base build 24247, where the replay does not record it reliably. */
  isComputer: boolean | null;
}

/** What the ladder reads from a replay, in the shape of SCHEMA.md. */
export interface ReplaySummary {
  file: string;
  sha256: string;
  build: number;
  baseBuild: number;
  version: string;
  gameLoops: number;
  durationSeconds: number;
  startTime: string;
  map: string;
  gameSpeed: 'Slower' | 'Slow' | 'Normal' | 'Fast' | 'Faster';
  players: ReplayPlayer[];
  /** `null` ("unknown") only below base build 80949 when the lobby state is not decoded. */
  observers: string[] | null;
  cacheHandles: string[];
}

/** Lobby settings from `replay.attributes.events` that the ladder verifies; `null` if absent. */
export interface LobbySettings {
  gameSpeed: string | null;
  /** 4000: `Normal`, `No Match History`, `No Build Order`. */
  privacy: string | null;
  /** 3009: `Private`, `Public`, `Ladder`, or `null` (single player / absent). */
  gameMode: string | null;
  lockedAlliances: boolean | null;
  /** 3015: 0 for unlimited ("Infinite"), otherwise minutes. */
  durationLimitMinutes: number | null;
  /** Lobby slots whose role (3007) is observer, as slot indexes. */
  observerSlots: number[];
}

/** One build-order item: a unit, structure or upgrade, at game time in seconds. */
export interface BuildOrderItem {
  name: string;
  kind: 'unit' | 'structure' | 'upgrade';
  gameSeconds: number;
}

/** One minute of a player's economy and army. */
export interface MinuteSample {
  minute: number;
  workers: number;
  armyValue: number;
  supplyUsed: number;
  supplyCap: number;
  mineralIncome: number;
  gasIncome: number;
}

/** Tracker-event statistics of one player, keyed by player id (1-based, as `players` + 1). */
export interface PlayerStats {
  playerId: number;
  buildOrder: BuildOrderItem[];
  perMinute: MinuteSample[];
}

/** Everything one decode returns. */
export interface DecodedReplay {
  summary: ReplaySummary;
  lobby: LobbySettings;
  /** Present only when asked for with `{ stats: true }`. */
  stats?: PlayerStats[];
}

/** Options of one decode. */
export interface DecodeOptions {
  /** The file name to report in `summary.file`. @defaultValue `''` */
  fileName?: string;
  /** Also decode tracker events into statistics. @defaultValue `false` */
  stats?: boolean;
  /** Refuse larger inputs with `too_large`. @defaultValue `10_000_000` */
  maxBytes?: number;
}

/** Why a replay could not be read; each code has a text a player can be given. */
export type ReplayErrorCode =
  | 'not_a_replay'
  | 'truncated'
  | 'unsupported_compression'
  | 'missing_file'
  | 'corrupt'
  | 'too_large'
  | 'timeout'
  | 'busy';

/** A replay that could not be read, with where in the file it went wrong when known. */
export class ReplayError extends LadderError<ReplayErrorCode> {
  readonly offset: number | undefined;

  constructor(
    code: ReplayErrorCode,
    message: string,
    options: { offset?: number; cause?: unknown } = {},
  ) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.offset = options.offset;
  }
}
