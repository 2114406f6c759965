import { asInt, asStruct, optInt } from './fields.js';
import { decodeVersioned } from './versioned.js';

/** The replay header fields the ladder needs (REPLAY_FORMAT.md §3.2). */
export interface ReplayHeader {
  major: number;
  minor: number;
  revision: number;
  build: number;
  baseBuild: number;
  gameLoops: number;
}

/** Decodes the replay header stored in the MPQ user-data block. */
export function decodeHeader(userData: Uint8Array): ReplayHeader {
  const header = asStruct(decodeVersioned(userData), 'header');
  const version = asStruct(header[1], 'header version');
  const build = asInt(version[4], 'build');
  return {
    major: asInt(version[1], 'major version'),
    minor: asInt(version[2], 'minor version'),
    revision: asInt(version[3], 'revision'),
    build,
    baseBuild: optInt(version[5], 'base build', build),
    gameLoops: asInt(header[3], 'elapsed game loops'),
  };
}
