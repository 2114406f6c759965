import { compileDecoder } from './bit-compile.js';
import { BitReader } from './bit-reader.js';
import { array, bitarray, blob, bool, int, optional, struct, type BitValue } from './bit-types.js';
import { ReplayError } from './types.js';

// The layout of `NNet.Replay.SInitData` shared by every base build from 80949 on, written from
// the published protocol description (../shared/replays/reference/protocol95299.json). Strings
// count bytes, four per character of their declared bound; bounds give the bit widths.

/** First base build whose lobby layout this table describes. */
export const lobbyLayoutSinceBuild = 80949;

/** Newest base build whose published layout is known to equal this table (5.0.16). */
export const lobbyLayoutVerifiedUntilBuild = 97425;

const text = (bits: number) => blob(bits);
const uint32 = int(32);
const uint32Array = (bits: number) => array(bits, uint32);

const userInitialData = struct(
  {
    name: text(8),
    clanTag: optional(text(8)),
    clanLogo: optional(blob(0, 40)),
    highestLeague: optional(int(8)),
    combinedRaceLevels: optional(uint32),
    randomSeed: uint32,
    racePreference: struct({ race: optional(int(8)) }),
    teamPreference: struct({ team: optional(int(8)) }),
    testMap: bool,
    testAuto: bool,
    examine: bool,
    customInterface: bool,
    testType: uint32,
    observe: int(2),
    hero: text(9),
    skin: text(9),
    mount: text(9),
    toonHandle: text(7),
    scaledRating: optional(int(32, -2147483648)),
  },
  ['name'],
);

const gameOptions = struct({
  lockTeams: bool,
  teamsTogether: bool,
  advancedSharedControl: bool,
  randomRaces: bool,
  battleNet: bool,
  amm: bool,
  competitive: bool,
  practice: bool,
  cooperative: bool,
  noVictoryOrDefeat: bool,
  heroDuplicatesAllowed: bool,
  fog: int(2),
  observers: int(2),
  userDifficulty: int(2),
  clientDebugFlags: int(64),
  buildCoachEnabled: bool,
});

const slotDescription = struct({
  allowedColors: bitarray(6),
  allowedRaces: bitarray(8),
  allowedDifficulty: bitarray(6),
  allowedControls: bitarray(8),
  allowedObserveTypes: bitarray(2),
  allowedAIBuilds: bitarray(8),
});

const gameDescription = struct({
  randomValue: uint32,
  gameCacheName: text(10),
  gameOptions,
  gameSpeed: int(3),
  gameType: int(3),
  maxUsers: int(5),
  maxObservers: int(5),
  maxPlayers: int(5),
  maxTeams: int(4, 1),
  maxColors: int(6),
  maxRaces: int(8, 1),
  maxControls: int(8),
  mapSizeX: int(8),
  mapSizeY: int(8),
  mapFileSyncChecksum: uint32,
  mapFileName: text(11),
  mapAuthorName: text(8),
  modFileSyncChecksum: uint32,
  slotDescriptions: array(5, slotDescription),
  defaultDifficulty: int(6),
  defaultAIBuild: int(8),
  cacheHandles: array(6, blob(0, 40)),
  hasExtensionMod: bool,
  hasNonBlizzardExtensionMod: bool,
  isBlizzardMap: bool,
  isPremadeFFA: bool,
  isCoopMode: bool,
  isRealtimeMode: bool,
});

const lobbySlot = struct(
  {
    control: int(8),
    userId: optional(int(4)),
    teamId: int(4),
    colorPref: struct({ color: optional(int(5)) }),
    racePref: struct({ race: optional(int(8)) }),
    difficulty: int(6),
    aiBuild: int(8),
    handicap: uint32,
    observe: int(2),
    logoIndex: uint32,
    hero: text(9),
    skin: text(9),
    mount: text(9),
    artifacts: array(4, text(9)),
    workingSetSlotId: optional(int(8)),
    rewards: uint32Array(17),
    toonHandle: text(7),
    licenses: uint32Array(16),
    tandemLeaderId: optional(int(4)),
    commander: text(9),
    commanderLevel: uint32,
    hasSilencePenalty: bool,
    tandemId: optional(int(4)),
    commanderMasteryLevel: uint32,
    commanderMasteryTalents: uint32Array(3),
    trophyId: uint32,
    rewardOverrides: array(17, struct({ key: uint32, rewards: uint32Array(17) })),
    brutalPlusDifficulty: uint32,
    retryMutationIndexes: uint32Array(3),
    aCEnemyRace: uint32,
    aCEnemyWaveType: uint32,
    selectedCommanderPrestige: uint32,
  },
  ['control', 'userId', 'teamId', 'observe', 'workingSetSlotId'],
);

const lobbyState = struct(
  {
    phase: int(3),
    maxUsers: int(5),
    maxObservers: int(5),
    slots: array(5, lobbySlot),
    randomSeed: uint32,
    hostUserId: optional(int(4)),
    isSinglePlayer: bool,
    pickedMapTag: int(8),
    gameDuration: uint32,
    defaultDifficulty: int(6),
    defaultAIBuild: int(8),
  },
  ['slots'],
);

const initData = struct({
  syncLobbyState: struct({
    userInitialData: array(5, userInitialData),
    gameDescription,
    lobbyState,
  }),
});

const readInitData = compileDecoder(initData);

/** One lobby slot of `replay.initData`. */
export interface LobbySlot {
  /** 0 open, 1 closed, 2 human, 3 computer. */
  control: number;
  userId: number | null;
  teamId: number;
  /** 0 none, 1 spectator, 2 referee. */
  observe: number;
  workingSetSlotId: number | null;
}

/** The lobby state of `replay.initData`: users (names) and slots. */
export interface Lobby {
  userNames: string[];
  slots: LobbySlot[];
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

type BitRecord = { [field: string]: BitValue };

function record(value: BitValue | undefined): BitRecord {
  if (value === null || value === undefined || typeof value !== 'object') {
    throw new ReplayError('corrupt', 'replay.initData does not have the expected layout');
  }

  return value as BitRecord;
}

function list(value: BitValue | undefined): BitValue[] {
  if (!Array.isArray(value)) {
    throw new ReplayError('corrupt', 'replay.initData does not have the expected layout');
  }

  return value;
}

const num = (value: BitValue | undefined): number => (typeof value === 'number' ? value : 0);
const optNum = (value: BitValue | undefined): number | null =>
  typeof value === 'number' ? value : null;

/** Decodes the lobby state of `replay.initData` for base builds 80949 and later. */
export function decodeLobby(bytes: Uint8Array): Lobby {
  const reader = new BitReader(bytes);
  const root = record(readInitData(reader));

  // With the right table fewer than 8 bits stay unread; more means the layout did not fit.
  if (reader.remainingBits >= 8) {
    throw new ReplayError('corrupt', 'replay.initData has bytes past its lobby state');
  }

  const sync = record(root.syncLobbyState);
  const users = list(sync.userInitialData).map((user) => {
    const name = record(user).name;
    return name instanceof Uint8Array ? utf8.decode(name) : '';
  });
  const slots = list(record(sync.lobbyState).slots).map((value): LobbySlot => {
    const slot = record(value);
    return {
      control: num(slot.control),
      userId: optNum(slot.userId),
      teamId: num(slot.teamId),
      observe: num(slot.observe),
      workingSetSlotId: optNum(slot.workingSetSlotId),
    };
  });

  return { userNames: users, slots };
}
