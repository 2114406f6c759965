// The mod fingerprint rule of PRODUCT.md §8.2: every cache handle of a replay must be a
// Blizzard standard dependency, a main or art file of the mod, an allowed extra, or the map
// (the last handle); and every main file of at least one region must be present.

/** A fingerprint, valid until an optional time (ms since the epoch). */
export interface Fingerprint {
  hash: string;
  validUntilMs?: number;
}

/** Battle.net regions the mod is published in. */
export type ModRegion = 'americas' | 'europe' | 'asia';

/** The mod's fingerprint lists from configuration. */
export interface ModFingerprints {
  regions: Readonly<
    Record<ModRegion, { main: readonly Fingerprint[]; art: readonly Fingerprint[] }>
  >;
  allowedExtras: readonly Fingerprint[];
}

/**
 * Hashes of the four Blizzard standard dependencies: each is the SHA-256 of the text
 * `Standard Data: <Name>.SC2Mod` for Core, Liberty, Swarm and Void.
 */
export const blizzardStandardHashes: ReadonlySet<string> = new Set([
  '6de41503baccd05656360b6f027db88169fa1989bb6357b1b215a2547939f5fb',
  '421c8aa0f3619b652d23a2735dfee812ab644228235e7a797edecfe8b67da30e',
  '66093832128453efffbb787c80b7d3eec1ad81bde55c83c930dea79c4e505a04',
  'd92dfc48c484c59154270b924ad7d57484f2ab9a47621c7ab16431bf66c53b40',
]);

/** The result of the rule: the detected region and any handles nothing accounts for. */
export interface ModCheck {
  passed: boolean;
  region: ModRegion | null;
  unknownHandles: string[];
  /** Main files missing from the closest region, when no region is complete. */
  missingMain: string[];
}

/** The hash part of a cache handle `s2ma:<region>:<hash>`, lower-cased; null if malformed. */
export function handleHash(handle: string): string | null {
  const match = /^s2ma:[A-Za-z]{0,4}:([0-9a-fA-F]{64})$/.exec(handle);
  return match ? (match[1] as string).toLowerCase() : null;
}

/** Applies the fingerprint rule to a replay's cache handles at `atMs` (the match's time). */
export function checkModFingerprint(
  handles: readonly string[],
  fingerprints: ModFingerprints,
  atMs: number,
): ModCheck {
  const live = (list: readonly Fingerprint[]) =>
    list
      .filter((f) => f.validUntilMs === undefined || f.validUntilMs >= atMs)
      .map((f) => f.hash.toLowerCase());

  const known = new Set<string>([...blizzardStandardHashes, ...live(fingerprints.allowedExtras)]);
  const regions = Object.entries(fingerprints.regions) as [
    ModRegion,
    { main: readonly Fingerprint[]; art: readonly Fingerprint[] },
  ][];
  for (const [, files] of regions) {
    for (const hash of [...live(files.main), ...live(files.art)]) known.add(hash);
  }

  // The last handle is the map itself; a malformed handle is never classified.
  const hashes = handles.map(handleHash);
  const present = new Set(hashes.filter((h): h is string => h !== null));
  const unknownHandles = handles.filter((handle, i) => {
    if (i === handles.length - 1 && hashes[i] !== null) return false;
    const hash = hashes[i];
    return hash === null || hash === undefined || !known.has(hash);
  });

  let region: ModRegion | null = null;
  let missingMain: string[] = [];
  for (const [name, files] of regions) {
    const main = live(files.main);
    const missing = main.filter((hash) => !present.has(hash));
    if (main.length > 0 && missing.length === 0) {
      region = name;
      missingMain = [];
      break;
    }
    if (missingMain.length === 0 || missing.length < missingMain.length) missingMain = missing;
  }

  return {
    passed: region !== null && unknownHandles.length === 0,
    region,
    unknownHandles,
    missingMain,
  };
}
