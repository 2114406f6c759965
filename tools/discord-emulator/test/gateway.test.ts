import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, GatewayIntentBits, type Message } from 'discord.js';
import WebSocket from 'ws';
import { DiscordEmulator } from '../index.js';
import { startHarness, type Harness } from './helpers.js';

// Polls get room for a loaded CI machine; they end as soon as the condition holds.
const slow = { timeout: 5_000 };

describe('the gateway with the real discord.js client', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('resumes after a reconnect request without identifying again, and replays missed events', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const resumed = once(client, 'shardResume');
    const received = new Promise<Message>((resolve) => client.on('messageCreate', resolve));

    emu.requestReconnect();
    // Sent while the client is between sockets: it must arrive through the replay on RESUME.
    emu.actor(0).sendDm('sent during the reconnect');
    await resumed;

    expect((await received).content).toBe('sent during the reconnect');
    expect(emu.gateway.stats).toMatchObject({ identifies: 1, resumes: 1 });
  });

  it('identifies again after an invalid session that cannot be resumed', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const ready = once(client, 'shardReady');
    emu.invalidateSession(false);
    // discord.js spaces identifies 5 s apart (plus jitter), so this takes a few seconds.
    await ready;
    expect(emu.gateway.stats.identifies).toBe(2);
    expect(emu.gateway.stats.resumes).toBe(0);
  });

  it('resumes when the server drops the socket with 4000', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const resumed = once(client, 'shardResume');
    emu.gateway.closeAll(4000);
    await resumed;
    expect(emu.gateway.stats).toMatchObject({ identifies: 1, resumes: 1 });
  });

  it('treats withheld heartbeat ACKs as a zombie connection: the client reconnects and resumes', async () => {
    harness = await startHarness({ heartbeatIntervalMs: 250 });
    const { client, emu } = harness;
    const resumed = once(client, 'shardResume');
    emu.gateway.withholdAcks = true;
    await expect.poll(() => emu.gateway.stats.resumes, { timeout: 10_000 }).toBe(1);
    emu.gateway.withholdAcks = false;
    await resumed;
    expect(emu.gateway.stats.identifies).toBe(1);
  });

  it('gets an immediate heartbeat when the server asks for one (op 1)', async () => {
    harness = await startHarness({ heartbeatIntervalMs: 60_000 });
    const { emu } = harness;
    const before = emu.gateway.stats.heartbeats;
    emu.gateway.requestHeartbeat();
    await expect.poll(() => emu.gateway.stats.heartbeats, slow).toBeGreaterThan(before);
  });

  it('announces players who join after login, and counts identifies in /gateway/bot', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const joined = new Promise<string>((resolve) =>
      client.on('guildMemberAdd', (m) => resolve(m.id)),
    );
    const [id] = emu.addPlayers(1, true);
    expect(await joined).toBe(id);
    const gateway = (await client.rest.get('/gateway/bot')) as {
      session_start_limit: { remaining: number };
    };
    expect(gateway.session_start_limit.remaining).toBe(999);
  });

  it('answers heartbeats with ACKs so the client measures a ping', async () => {
    harness = await startHarness({ heartbeatIntervalMs: 300 });
    await expect
      .poll(() => harness!.emu.gateway.stats.heartbeats, { timeout: 5_000 })
      .toBeGreaterThan(1);
    await expect.poll(() => harness!.client.ws.ping, slow).toBeGreaterThanOrEqual(0);
  });

  it('delivers only the intents asked for: no DM messages without DIRECT_MESSAGES', async () => {
    harness = await startHarness({}, { intents: [GatewayIntentBits.Guilds] });
    const { client, emu } = harness;
    const kinds: string[] = [];
    client.on('raw', (packet: { t: string | null }) => kinds.push(packet.t ?? ''));
    emu.actor(0).sendDm('invisible');
    await client.application!.commands.set([{ name: 'ping', description: 'p' }], emu.state.guildId);
    emu.actor(0).runSlash('ping');
    await expect.poll(() => kinds, slow).toContain('INTERACTION_CREATE');
    expect(kinds).not.toContain('MESSAGE_CREATE');
  });

  it('closes with 4014 when the bot asks for a privileged intent it lacks', async () => {
    const emu = new DiscordEmulator({ applicationFlags: 0 });
    await emu.start();
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
      rest: { api: emu.apiUrl },
    });
    try {
      await expect(client.login(emu.token)).rejects.toThrow(/disallowed intents/i);
    } finally {
      await client.destroy();
      await emu.stop();
    }
  });
});

describe('the gateway protocol, frame by frame', () => {
  let emu: DiscordEmulator;
  afterEach(() => emu.stop());

  async function connect(): Promise<{
    ws: WebSocket;
    frames: { op: number; t: string | null; s: number | null; d: unknown }[];
  }> {
    emu = new DiscordEmulator();
    await emu.start();
    const ws = new WebSocket(`${emu.baseUrl.replace('http', 'ws')}/gateway?v=10&encoding=json`);
    const frames: { op: number; t: string | null; s: number | null; d: unknown }[] = [];
    ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString('utf8'))));
    await once(ws, 'open');
    return { ws, frames };
  }

  it('closes with 4003 on a payload before IDENTIFY and 4004 on a wrong token', async () => {
    const { ws } = await connect();
    ws.send(JSON.stringify({ op: 8, d: {} }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4003);

    const second = new WebSocket(`${emu.baseUrl.replace('http', 'ws')}/gateway`);
    await once(second, 'open');
    second.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    const [code2] = (await once(second, 'close')) as [number];
    expect(code2).toBe(4004);
  });

  it('sends HELLO, then READY with s=1 and GUILD_CREATE with s=2, every frame with all four keys', async () => {
    const { ws, frames } = await connect();
    ws.send(
      JSON.stringify({ op: 2, d: { token: emu.token, intents: 1, properties: {}, shard: [0, 1] } }),
    );
    await expect.poll(() => frames.length, slow).toBe(3);
    expect(frames.map((f) => [f.op, f.t, f.s])).toEqual([
      [10, null, null],
      [0, 'READY', 1],
      [0, 'GUILD_CREATE', 2],
    ]);
    for (const frame of frames) expect(Object.keys(frame).sort()).toEqual(['d', 'op', 's', 't']);
    ws.close(1000);
  });

  it('refuses a second identify within 5 s with op 9 (max_concurrency 1)', async () => {
    const { ws, frames } = await connect();
    const identify = JSON.stringify({ op: 2, d: { token: emu.token, intents: 1, properties: {} } });
    ws.send(identify);
    await expect.poll(() => frames.length, slow).toBe(3);

    const second = new WebSocket(`${emu.baseUrl.replace('http', 'ws')}/gateway`);
    const secondFrames: { op: number; d: unknown }[] = [];
    second.on('message', (raw: Buffer) => secondFrames.push(JSON.parse(raw.toString('utf8'))));
    await once(second, 'open');
    second.send(identify);
    await expect
      .poll(() => secondFrames.map((f) => [f.op, f.d]))
      .toEqual([
        [10, { heartbeat_interval: 41_250 }],
        [9, false],
      ]);
    expect(emu.gateway.stats.identifies).toBe(1);
    ws.close(1000);
    second.close(1000);
  });

  it('closes with 4002 on a frame that is not JSON and 4013 on unknown intent bits', async () => {
    const { ws } = await connect();
    ws.send('{not json');
    expect(((await once(ws, 'close')) as [number])[0]).toBe(4002);

    const second = new WebSocket(`${emu.baseUrl.replace('http', 'ws')}/gateway`);
    await once(second, 'open');
    second.send(
      JSON.stringify({ op: 2, d: { token: emu.token, intents: 1 << 30, properties: {} } }),
    );
    expect(((await once(second, 'close')) as [number])[0]).toBe(4013);
  });
});
