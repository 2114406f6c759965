import { describe, expect, it } from 'vitest';

import { decodeReplay } from '../../../src/replays/decode/index.js';
import {
  corpusFiles,
  evoFiles,
  expectedSummary,
  readReplay,
  summaryDifferences,
} from './corpus.js';

describe('decodeReplay over the whole corpus', () => {
  const files = corpusFiles();

  it('finds the corpus (at least the 171 documented replays)', () => {
    expect(files.length).toBeGreaterThanOrEqual(171);
    expect(evoFiles()).toHaveLength(54);
  });

  it('matches the expected JSON of every replay under the SCHEMA.md rules', () => {
    const unmatched: string[] = [];
    for (const file of files) {
      try {
        const { summary } = decodeReplay(readReplay(file), { fileName: file });
        const diffs = summaryDifferences(summary, expectedSummary(file));
        if (diffs.length > 0) unmatched.push(`${file}: ${diffs.join('; ')}`);
      } catch (err) {
        unmatched.push(`${file}: ${String(err)}`);
      }
    }

    // The list names each file that cannot be matched, with the reason.
    expect(unmatched).toEqual([]);
  });

  it('reports observers exactly from base build 80949 on', () => {
    let withObservers = 0;
    for (const file of files) {
      const want = expectedSummary(file);
      if (want.baseBuild < 80949) continue;
      const { summary } = decodeReplay(readReplay(file), { fileName: file });
      expect(summary.observers, file).toEqual(want.observers);
      if (want.observers && want.observers.length > 0) withObservers++;
    }

    expect(withObservers).toBeGreaterThan(5);
  });

  it('reads the Evo lobby settings: Faster, private, locked alliances, no time limit', () => {
    for (const file of evoFiles()) {
      const { lobby } = decodeReplay(readReplay(file));
      expect(lobby.gameSpeed).toBe('Faster');
      expect(lobby.gameMode).toBe('Private');
      expect(lobby.lockedAlliances).toBe(true);
      expect(lobby.durationLimitMinutes).toBe(0);
      expect(['Normal', 'No Match History']).toContain(lobby.privacy);
      expect(lobby.observerSlots).toEqual([]);
    }
  });

  it('finds the observer slot of a 2.0 replay in the attributes', () => {
    const { lobby } = decodeReplay(readReplay('2.0.0.24247_molten.SC2Replay'));
    expect(lobby.observerSlots).toEqual([4]);
  });
});
