import { decodeAttributes, lobbySettings } from './attributes.js';
import { decodeDetails } from './details.js';
import { decodeHeader } from './header.js';
import {
  decodeLobby,
  lobbyLayoutSinceBuild,
  lobbyLayoutVerifiedUntilBuild,
  type Lobby,
} from './init-data.js';
import { openArchive } from './mpq-archive.js';
import { decodeStats } from './stats.js';
import { buildSummary } from './summary.js';
import { ReplayError, type DecodedReplay, type DecodeOptions } from './types.js';

export * from './types.js';

// The decoder's parts, in the order a decode uses them: mpq-archive (with crypt, decompress,
// bzip2) opens the file; versioned and fields read the header, details and tracker events;
// attributes reads the lobby records; bit-reader, bit-types, bit-compile and init-data read the
// lobby slots; summary and stats assemble the result. Only this file is the folder's face.

const defaultMaxBytes = 10_000_000;
// The lobby files are a few KB in real replays (the largest in the corpus: 16 KB of attributes
// in a 16-player custom game); a tighter cap than the tracker's keeps crafted files cheap.
const maxLobbyFileBytes = 1024 * 1024;

/**
 * Decodes a whole `.SC2Replay` file. Pure and synchronous: run it in the worker pool, never on
 * the main thread of the bot. Every failure is a `ReplayError`.
 */
export function decodeReplay(bytes: Uint8Array, options: DecodeOptions = {}): DecodedReplay {
  checkSize(bytes, options.maxBytes);
  return guard(() => {
    const archive = openArchive(bytes);
    const header = decodeHeader(archive.userData);

    // An anonymized copy is better than nothing: its names are empty, the rest is intact.
    const detailsBytes =
      archive.readFile('replay.details', maxLobbyFileBytes) ??
      archive.readFile('replay.details.backup', maxLobbyFileBytes);
    if (detailsBytes === null) {
      throw new ReplayError('missing_file', 'the replay has no replay.details');
    }

    const details = decodeDetails(detailsBytes);
    const attributeBytes = archive.readFile('replay.attributes.events', maxLobbyFileBytes);
    const attributes =
      attributeBytes === null ? null : decodeAttributes(attributeBytes, header.baseBuild);

    // Only the lobby state tells observers apart, and its layout is known from 80949 on.
    const initData =
      header.baseBuild >= lobbyLayoutSinceBuild
        ? archive.readFile('replay.initData', maxLobbyFileBytes)
        : null;
    const lobby = initData === null ? null : readLobby(initData, header.baseBuild);

    const summary = buildSummary({
      bytes,
      fileName: options.fileName ?? '',
      header,
      details,
      lobby,
    });
    const decoded: DecodedReplay = { summary, lobby: lobbySettings(attributes) };
    if (options.stats) {
      const tracker = archive.readFile('replay.tracker.events');
      decoded.stats = tracker === null ? [] : decodeStats(tracker, details.players.length);
    }

    return decoded;
  });
}

/**
 * Opens the archive and decompresses the named inner files, nothing else: the floor any decode
 * pays. Missing files are left out of the map.
 */
export function readArchiveFiles(bytes: Uint8Array, names: string[]): Map<string, Uint8Array> {
  checkSize(bytes, undefined);
  return guard(() => {
    const archive = openArchive(bytes);
    const files = new Map<string, Uint8Array>();
    for (const name of names) {
      const file = archive.readFile(name);
      if (file !== null) files.set(name, file);
    }

    return files;
  });
}

// A patch after the newest layout we checked may change it; its replays must still be accepted,
// with observers unknown, rather than refused as corrupt.
function readLobby(initData: Uint8Array, baseBuild: number): Lobby | null {
  try {
    return decodeLobby(initData);
  } catch (err) {
    if (baseBuild > lobbyLayoutVerifiedUntilBuild) return null;
    throw err;
  }
}

function checkSize(bytes: Uint8Array, maxBytes: number | undefined): void {
  const limit = maxBytes ?? defaultMaxBytes;
  if (bytes.length > limit) {
    throw new ReplayError('too_large', `the file has ${bytes.length} bytes, over ${limit}`);
  }
}

// Bounds checks cover every read we know of; anything that still escapes (a RangeError from a
// view on a crafted file) is reported as corrupt data rather than crashing the worker.
function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    throw new ReplayError('corrupt', 'the replay data is damaged', { cause: err });
  }
}
