import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/ladder/index.js';
import { closeLadder, disposeLadder, openLadder, useLadders } from './harness.js';

// "An acknowledged operation survives a crash": a child process runs ladder operations on a
// real store and is SIGKILLed at random moments; every join and confirmation it acknowledged
// must be in the store when the folder is opened again.

const { setup } = useLadders({ start: false });
const childPath = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs one child on `dataDir`, kills it `lifeMs` after it is ready, and collects its acks. */
async function runChild(dataDir: string, run: number, lifeMs: number, acks: Set<string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', childPath, dataDir, String(run)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close' rather than 'exit', so every line written before the kill has been read.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
      else if (line.startsWith('ack ')) acks.add(line.slice(4));
    });
    void closed.then(() => reject(new Error(`child ended before ready: ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, lifeMs));
  child.kill('SIGKILL');
  await closed;
}

describe('crashes', () => {
  it('keeps every acknowledged join and confirmation across SIGKILLs', async () => {
    const h0 = await setup();
    await closeLadder(h0);
    const acks = new Set<string>();
    for (let run = 0; run < 4; run += 1) {
      await runChild(h0.dir, run, 1_000 + Math.random() * 2_000, acks);
    }

    const h = await openLadder(h0.dir, new FakeClock(Date.now()));
    try {
      const joins = [...acks].filter((a) => a.startsWith('join ')).map((a) => a.slice(5));
      const matches = [...acks].filter((a) => a.startsWith('match ')).map((a) => a.slice(6));
      // The test proves nothing unless the children got that far before their kills.
      expect(joins.length).toBeGreaterThan(4);
      expect(matches.length).toBeGreaterThan(0);

      const queued = new Set(
        h.store.read.queueLog(0, Number.MAX_SAFE_INTEGER).map((e) => e.playerId),
      );
      const lostJoins = joins.filter((id) => {
        const player = h.store.read.playerByDiscordId(id);
        return !player || !queued.has(player.id);
      });
      const lostMatches = matches.filter((id) => {
        const match = h.store.read.match(id);
        return !match || match.p1ConfirmedAt === null || match.p2ConfirmedAt === null;
      });
      expect({ lostJoins, lostMatches }).toEqual({ lostJoins: [], lostMatches: [] });
    } finally {
      await disposeLadder(h);
    }
  }, 300_000);
});
