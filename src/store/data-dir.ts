import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './errors.js';

// The data folder carries a marker naming its format. A folder holding anything else (and no
// marker) is someone else's: the store refuses it rather than risk overwriting it.

/** The marker's file name and contents. */
export const markerFile = 'ladder-store.json';
const format = 'evo-ladder-store';
const formatVersion = 1;

interface Marker {
  format: string;
  version: number;
  createdAt: string;
}

/**
 * Makes sure `dir` is ours: creates it with a marker when missing or empty, accepts it with our
 * marker, and throws `unknown_data_dir` for anything else.
 * @param foreignEntries - names other parts keep in the folder (replay files, ...).
 */
export async function claimDataDir(dir: string, foreignEntries: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);

  if (entries.includes(markerFile)) {
    const marker = await readMarker(join(dir, markerFile));
    if (marker?.format !== format) {
      throw unknown(dir, `${markerFile} does not name the ${format} format`);
    }
    if (marker.version > formatVersion) {
      throw unknown(
        dir,
        `its format version ${marker.version} is newer than this ladder knows (${formatVersion})`,
      );
    }
    return;
  }

  const strangers = entries.filter(
    (name) => !foreignEntries.includes(name) && !name.startsWith('.'),
  );
  if (strangers.length > 0) {
    const shown = strangers.slice(0, 5).join(', ');
    throw unknown(dir, `it holds files of an unknown format (${shown}) and no ${markerFile}`);
  }

  const marker: Marker = { format, version: formatVersion, createdAt: new Date().toISOString() };
  await writeFile(join(dir, markerFile), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
}

/** The lock file naming the process that has the folder open. */
export const lockFile = 'ladder-store.lock';

/**
 * Takes the folder for this process: two processes appending to one journal would corrupt it.
 * A lock left by a dead process (a crash) is taken over. Returns the release function.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, lockFile);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return () => unlink(path).catch(() => undefined);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }

    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new StoreError(
        'data_dir_in_use',
        `the data folder ${dir} is in use by process ${holder}; stop it first`,
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new StoreError('data_dir_in_use', `could not lock the data folder ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readMarker(path: string): Promise<Marker | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { format: name, version } = value as Partial<Marker>;
    if (typeof name !== 'string' || typeof version !== 'number') return undefined;
    return value as Marker;
  } catch {
    return undefined;
  }
}

function unknown(dir: string, why: string): StoreError {
  return new StoreError(
    'unknown_data_dir',
    `refusing to use the data folder ${dir}: ${why}. Point LADDER_DATA_DIR at an empty or ladder folder.`,
  );
}
