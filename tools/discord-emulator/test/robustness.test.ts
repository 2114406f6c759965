import { once } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DiscordEmulator } from '../index.js';

// Bad input never crashes the emulator: every answer is a Discord-shaped error, never a 500,
// and the server keeps serving afterwards.

describe('the emulator under bad input', () => {
  const emu = new DiscordEmulator({
    rateLimits: { globalPerSecond: 1e9, invalidRequestLimit: 1e9 },
  });
  let channelPath = '';
  beforeAll(async () => {
    await emu.start();
    channelPath = `/channels/${emu.state.defaultChannelId}`;
  });
  afterAll(() => emu.stop());

  const call = (
    method: string,
    path: string,
    body?: string | Uint8Array,
    type = 'application/json',
  ) =>
    fetch(`${emu.apiUrl}/v10${path}`, {
      method,
      headers: { authorization: `Bot ${emu.token}`, 'content-type': type },
      ...(body === undefined ? {} : { body }),
    });

  it('answers malformed JSON with 50109, unknown routes with 404 and wrong methods with 405', async () => {
    const bad = await call('POST', `${channelPath}/messages`, '{"content": ');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 50109 });
    expect((await call('GET', '/nowhere')).status).toBe(404);
    expect((await call('PUT', `${channelPath}/messages`)).status).toBe(405);
  });

  it('answers a broken multipart body with 50035 and bad cursors with 50035', async () => {
    const broken = await call(
      'POST',
      `${channelPath}/messages`,
      '--x\r\nnonsense',
      'multipart/form-data; boundary=x',
    );
    expect(await broken.json()).toMatchObject({ code: 50035 });
    const cursor = await call('GET', `${channelPath}/messages?before=abc`);
    expect(await cursor.json()).toMatchObject({ code: 50035 });
    const perms = await call(
      'POST',
      `/guilds/${emu.state.guildId}/roles`,
      '{"permissions":"lots"}',
    );
    expect(await perms.json()).toMatchObject({ code: 50035 });
  });

  it('answers missing access (50001) for another application and 401 without a token', async () => {
    const other = `/applications/${emu.ids.next()}/guilds/${emu.state.guildId}/commands`;
    const denied = await call('PUT', other, '[]');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 50001, message: 'Missing Access' });
    const anonymous = await fetch(`${emu.apiUrl}/v10/users/@me`);
    expect(anonymous.status).toBe(401);
  });

  it('never answers 500 to random bodies on any route', async () => {
    const paths = [
      `${channelPath}/messages`,
      `${channelPath}/messages/bulk-delete`,
      channelPath,
      `/guilds/${emu.state.guildId}/channels`,
      `/guilds/${emu.state.guildId}/roles`,
      `/guilds/${emu.state.guildId}/members/${emu.playerIds()[0]}`,
      `/applications/${emu.state.applicationId}/guilds/${emu.state.guildId}/commands`,
      '/users/@me/channels',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PATCH', 'PUT'),
        fc.constantFrom(...paths),
        fc.oneof(fc.json(), fc.string(), fc.uint8Array({ maxLength: 256 })),
        async (method, path, body) => {
          const answer = await call(method, path, body);
          expect(answer.status).not.toBe(500);
          // Errors carry a code; 429s carry retry_after instead, as Discord's do.
          const key = answer.status === 429 ? 'retry_after' : 'code';
          if (answer.status >= 400) expect(await answer.json()).toHaveProperty(key);
          else await answer.arrayBuffer();
        },
      ),
      { numRuns: 300 },
    );
    expect((await call('GET', '/users/@me')).status).toBe(200);
  });

  it('closes gateway connections that send garbage, and keeps accepting new ones', async () => {
    const url = `${emu.baseUrl.replace('http', 'ws')}/gateway`;
    const garbage = ['', 'null', '[]', '{"op":"x"}', '{"op":99}', 'x'.repeat(5_000)];
    for (const frame of garbage) {
      const ws = new WebSocket(url);
      await once(ws, 'open');
      ws.send(frame);
      const [code] = (await once(ws, 'close')) as [number];
      expect([4001, 4002, 4003]).toContain(code);
    }

    const ws = new WebSocket(url);
    const hello = once(ws, 'message');
    expect(JSON.parse(String((await hello)[0]))).toMatchObject({ op: 10 });
    ws.close();
  });

  it('closes a connection that sends more than 120 frames a minute with 4008', async () => {
    const ws = new WebSocket(`${emu.baseUrl.replace('http', 'ws')}/gateway`);
    await once(ws, 'open');
    for (let i = 0; i < 121; i++) ws.send(JSON.stringify({ op: 1, d: null }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4008);
  });
});
