import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The shared replay corpus, read in place (never copied into the project).

/** Absolute path of `../shared/replays/` from the project root. */
export const corpusDir = fileURLToPath(new URL('../../../shared/replays/', import.meta.url));

/** The corpus' replay file names, sorted. */
export function corpusReplayNames(): string[] {
  return readdirSync(corpusDir)
    .filter((name) => name.endsWith('.SC2Replay'))
    .sort();
}

/** The bytes of one corpus replay. */
export function readCorpusReplay(name: string): Uint8Array {
  return readFileSync(`${corpusDir}${name}`);
}

/** The expected summary of one corpus replay (its `.json` twin). */
export function readExpected(name: string): Record<string, unknown> {
  const jsonName = name.replace(/\.SC2Replay$/, '.json');
  return JSON.parse(readFileSync(`${corpusDir}${jsonName}`, 'utf8')) as Record<string, unknown>;
}
