import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEvoModFingerprints } from '../../../src/ladder/rules/verify/evo-mod.js';
import {
  blizzardStandardHashes,
  checkModFingerprint,
} from '../../../src/ladder/rules/verify/mod-fingerprint.js';

const dir = join(process.cwd(), '..', 'shared', 'replays');
const evoFiles = readdirSync(dir).filter((f) =>
  / \((Official|Fake)( PTR)? (EU|KR|NA)\)\.json$/.test(f),
);
const regionOf = { EU: 'europe', KR: 'asia', NA: 'americas' } as const;
const at = Date.UTC(2025, 10, 4);

function handlesOf(file: string): string[] {
  return (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cacheHandles: string[] })
    .cacheHandles;
}

describe('mod fingerprint rule', () => {
  it('knows the Blizzard standard dependencies by the SHA-256 of their names', () => {
    const computed = ['Core', 'Liberty', 'Swarm', 'Void'].map((name) =>
      createHash('sha256').update(`Standard Data: ${name}.SC2Mod`).digest('hex'),
    );
    expect(new Set(computed)).toEqual(blizzardStandardHashes);
  });

  it('reads all 54 official and fake replays of the corpus', () => {
    expect(evoFiles).toHaveLength(54);
  });

  it.each(evoFiles.filter((f) => f.includes('Official')))('passes %s with its region', (file) => {
    const tag = /(EU|KR|NA)\)\.json$/.exec(file)?.[1] as keyof typeof regionOf;
    const result = checkModFingerprint(handlesOf(file), defaultEvoModFingerprints, at);
    expect(result).toMatchObject({ passed: true, region: regionOf[tag], unknownHandles: [] });
  });

  it.each(evoFiles.filter((f) => f.includes('Fake')))(
    'fails %s on its one unknown handle',
    (file) => {
      const result = checkModFingerprint(handlesOf(file), defaultEvoModFingerprints, at);
      const fakeHash = file.includes('PTR')
        ? '9b47be3344d13c4cb53107e456a4354f372c916ea6de2962e6298e74a09b0ceb'
        : 'dbd216039162661ed3ff2b120512bdcf52e22d1d3f5cfaefab1ed77ecc72cf18';
      expect(result.passed).toBe(false);
      expect(result.unknownHandles).toHaveLength(1);
      expect(result.unknownHandles[0]).toContain(fakeHash);
    },
  );

  it('stops accepting fingerprints after their valid-until date', () => {
    const file = evoFiles.find((f) => f.includes('Official EU')) as string;
    const expired = {
      ...defaultEvoModFingerprints,
      regions: {
        ...defaultEvoModFingerprints.regions,
        europe: {
          ...defaultEvoModFingerprints.regions.europe,
          main: defaultEvoModFingerprints.regions.europe.main.map((f) => ({
            ...f,
            validUntilMs: at - 1,
          })),
        },
      },
    };
    expect(checkModFingerprint(handlesOf(file), expired, at).passed).toBe(false);
  });

  it('fails empty or malformed handle lists without throwing', () => {
    expect(checkModFingerprint([], defaultEvoModFingerprints, at).passed).toBe(false);
    const odd = checkModFingerprint(['garbage', 's2ma:EU:zz'], defaultEvoModFingerprints, at);
    expect(odd.passed).toBe(false);
    expect(odd.unknownHandles).toContain('garbage');
  });
});
