import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { percentile } from '../recorder.js';
import { startHarness, testCommands, type Harness } from './helpers.js';

describe('ladder emulator (the command)', () => {
  it('prints the address and token, serves the bot gateway route, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['bin/ladder.js', 'emulator', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const printed: string[] = [];
    for await (const line of lines) {
      printed.push(line);
      if (line.startsWith('DISCORD_TOKEN=')) break;
    }

    const api = printed.find((l) => l.startsWith('DISCORD_API_URL='))?.split('=')[1] ?? '';
    const token = printed
      .find((l) => l.startsWith('DISCORD_TOKEN='))
      ?.slice('DISCORD_TOKEN='.length);
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const answer = await fetch(`${api}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${token}` },
    });
    expect(await answer.json()).toMatchObject({
      shards: 1,
      url: expect.stringMatching(/^ws:\/\//),
    });

    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
  });

  it('refuses a bad port with exit code 2', async () => {
    const child = spawn(process.execPath, ['bin/ladder.js', 'emulator', '--port', '99999'], {
      stdio: 'ignore',
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
  });
});

describe('recording', () => {
  let harness: Harness | undefined;
  let dir = '';
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes requests, frames and interaction timelines as JSON lines and summarises them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-record-'));
    const path = join(dir, 'run.jsonl');
    harness = await startHarness({ recordPath: path });
    const { client, emu } = harness;
    await client.application!.commands.set(testCommands, emu.state.guildId);
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });
    for (let i = 0; i < 3; i++) await emu.actor(i).runSlash('ping').acknowledged();
    await harness.stop();
    harness = undefined;

    const records = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            kind: string;
            route?: string;
            event?: string;
            t?: string;
            interactionId?: string;
          },
      );
    const routes = records.filter((r) => r.kind === 'rest').map((r) => r.route);
    expect(routes).toContain('/gateway/bot');
    const callbacks = records.filter(
      (r) => r.route === '/interactions/:interactionId/:token/callback',
    );
    expect(callbacks).toHaveLength(3);
    expect(callbacks.every((r) => /^\d{17,20}$/.test(String(r.interactionId)))).toBe(true);
    expect(records.some((r) => r.kind === 'frame' && r.t === 'READY')).toBe(true);
    expect(records.filter((r) => r.event === 'first_response')).toHaveLength(3);

    const summary = emu.recorder.summary();
    expect(summary).toMatchObject({ interactions: 3, answered: 3, deadlineMisses: 0 });
    expect(summary.firstResponseMs.p50).toBeLessThanOrEqual(summary.firstResponseMs.p99);
  });

  it('computes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).toEqual([
      50, 95, 99,
    ]);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([7], 99)).toBe(7);
  });
});
