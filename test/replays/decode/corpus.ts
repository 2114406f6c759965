import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { ReplaySummary } from '../../../src/replays/decode/index.js';

/** The shared replay folder, read in place. */
export const corpusDir = fileURLToPath(new URL('../../../../shared/replays/', import.meta.url));

/** Every replay file name in the corpus, sorted. */
export function corpusFiles(): string[] {
  return readdirSync(corpusDir)
    .filter((name) => name.endsWith('.SC2Replay'))
    .sort();
}

/** The bytes of one corpus replay. */
export function readReplay(name: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusDir + name));
}

/** The expected summary of one corpus replay, without `protocolSource`. */
export function expectedSummary(name: string): ReplaySummary {
  const path = corpusDir + name.replace(/\.SC2Replay$/, '.json');
  const { protocolSource: _source, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as {
    protocolSource: string;
  } & ReplaySummary;
  return rest;
}

/** The SC: Evo Complete replays of the corpus (one per map and region). */
export function evoFiles(): string[] {
  return corpusFiles().filter((name) => /^(Keres|Khione|\[SCEvo\])/.test(name));
}

/**
 * Differences between a decoded and an expected summary under the rules at the end of
 * SCHEMA.md: duration within 0.1 s, start within 1 s, team/computer may be null below 24247,
 * observers may be null below 80949. An empty list means the summary matches.
 */
export function summaryDifferences(got: ReplaySummary, want: ReplaySummary): string[] {
  const diffs: string[] = [];
  for (const key of Object.keys(want) as Array<keyof ReplaySummary>) {
    const a = got[key];
    const b = want[key];
    if (key === 'durationSeconds' && Math.abs(Number(a) - Number(b)) <= 0.1 + 1e-9) continue;
    if (key === 'startTime' && Math.abs(Date.parse(String(a)) - Date.parse(String(b))) <= 1000) {
      continue;
    }

    if (key === 'observers' && a === null && want.baseBuild < 80949) continue;
    if (key === 'players' && want.baseBuild < 24247) {
      const loose = (list: ReplaySummary['players']) =>
        list.map((p) => ({ ...p, teamId: null, isComputer: null }));
      if (JSON.stringify(loose(got.players)) === JSON.stringify(loose(want.players))) continue;
    }

    if (JSON.stringify(a) !== JSON.stringify(b)) {
      diffs.push(`${key}: got ${JSON.stringify(a)}, want ${JSON.stringify(b)}`);
    }
  }

  return diffs;
}
