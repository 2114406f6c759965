import { describe, expect, it } from 'vitest';
import { precheckUpload } from '../../../src/ladder/rules/verify/upload-precheck.js';

describe('precheckUpload', () => {
  it('refuses other file types, oversize files and a file the match already has', () => {
    expect(precheckUpload({ fileName: 'game.zip', sizeBytes: 10 }, 10_000_000)).toBe(
      'not_a_replay_file',
    );
    expect(precheckUpload({ fileName: 'Game.SC2REPLAY', sizeBytes: 12_400_000 }, 10_000_000)).toBe(
      'too_large',
    );
    const again = { fileName: 'a.SC2Replay', sizeBytes: 10, sha256: 'AB', matchFiles: ['ab'] };
    expect(precheckUpload(again, 10_000_000)).toBe('already_received');
    expect(
      precheckUpload({ fileName: 'a.SC2Replay', sizeBytes: 10_000_000 }, 10_000_000),
    ).toBeNull();
  });

  it('refuses nonsense sizes and names without throwing', () => {
    expect(precheckUpload({ fileName: 'a.SC2Replay', sizeBytes: Number.NaN }, 10)).toBe(
      'too_large',
    );
    expect(precheckUpload({ fileName: undefined as unknown as string, sizeBytes: 1 }, 10)).toBe(
      'not_a_replay_file',
    );
  });
});
