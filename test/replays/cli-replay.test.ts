import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, corpusFiles, expectedSummary } from './decode/corpus.js';

// Runs the real command, `node bin/ladder.js replay …`, as a user would.
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const current = corpusFiles()
  .filter((name) => name.startsWith('5.0.1'))
  .slice(0, 2);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function ladder(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = { ...process.env, LADDER_CONFIG_FILE: '', REPLAY_MAX_BYTES: '' };
    execFile(
      'node',
      ['bin/ladder.js', ...args],
      { cwd: projectRoot, env },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ladder-cli-replay-'));
  await writeFile(join(scratch, 'notes.SC2Replay'), 'not a replay at all');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('ladder replay', () => {
  it('prints one JSON summary per line in the shape of SCHEMA.md', async () => {
    const result = await ladder('replay', '--json', ...current.map((n) => join(corpusDir, n)));

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual(current.map((name) => expectedSummary(name)));
  });

  it('reports each bad file on one stderr line, still reads the rest, and exits 1', async () => {
    const good = join(corpusDir, current[0]!);
    const junk = join(scratch, 'notes.SC2Replay');
    const missing = join(scratch, 'absent.SC2Replay');
    const result = await ladder('replay', junk, good, missing, '--json');

    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: current[0] });
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `ladder replay: ${junk}: not_a_replay: the file does not start with MPQ\\x1B`,
      `ladder replay: ${missing}: cannot read the file (ENOENT)`,
    ]);
  });

  it('adds tracker statistics with --stats and prints readable text without --json', async () => {
    const file = join(corpusDir, current[0]!);
    const json = await ladder('replay', file, '--stats', '--json');
    const parsed = JSON.parse(json.stdout) as { players: unknown[]; stats: { playerId: number }[] };
    expect(parsed.stats.map((player) => player.playerId)).toEqual(
      parsed.players.map((_, index) => index + 1),
    );

    const text = await ladder('replay', file);
    const { map, sha256 } = expectedSummary(current[0]!);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(map);
    expect(text.stdout).toContain(sha256);
  });

  it('exits 2 with the usage for no files or an unknown option', async () => {
    const none = await ladder('replay');
    const unknown = await ladder('replay', '--yaml', join(corpusDir, current[0]!));

    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: ladder replay FILE...');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --yaml');
  });
});
