import { afterEach, describe, expect, it } from 'vitest';
import { Routes } from 'discord.js';
import { startHarness, testCommands, type Harness } from './helpers.js';

const messageRoute = 'POST /channels/:channelId/messages';

// Polls get room for a loaded CI machine; they end as soon as the condition holds.
const slow = { timeout: 5_000 };

describe('rate limits and faults with the real discord.js client', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('waits out a forced 429 and retries, and the recorder counts it', async () => {
    harness = await startHarness({ rateLimits: { wholeSecondRetryAfter: false } });
    const { client, emu } = harness;
    const limited: unknown[] = [];
    client.rest.on('rateLimited', (info) => limited.push(info));
    emu.faults.rateLimitNext(messageRoute, 1, 0.2);

    const sent = await client.rest.post(Routes.channelMessages(emu.state.defaultChannelId), {
      body: { content: 'after the 429' },
    });
    expect((sent as { content: string }).content).toBe('after the 429');
    expect(emu.recorder.summary().rateLimited).toMatchObject({ total: 1, byScope: { user: 1 } });
    expect(emu.state.channels.get(emu.state.defaultChannelId)?.messages.size).toBe(1);
  });

  it('sends bucket headers the client obeys: no 429 when it sends more than the bucket allows', async () => {
    const rules = { [messageRoute]: { bucket: 'msg', limit: 2, windowMs: 400 } };
    harness = await startHarness({ rateLimits: { rules } });
    const { client, emu } = harness;
    const route = Routes.channelMessages(emu.state.defaultChannelId);
    const sends = Array.from({ length: 5 }, (_, i) =>
      client.rest.post(route, { body: { content: `m${i}` } }),
    );
    await Promise.all(sends);
    expect(emu.state.channels.get(emu.state.defaultChannelId)?.messages.size).toBe(5);
    expect(emu.recorder.summary().rateLimited.total).toBe(0);
  });

  it('answers 429 with the bucket headers when a client ignores them', async () => {
    const rules = { [messageRoute]: { bucket: 'msg', limit: 1, windowMs: 60_000 } };
    harness = await startHarness({ rateLimits: { rules } });
    const { emu } = harness;
    const url = `${emu.apiUrl}/v10/channels/${emu.state.defaultChannelId}/messages`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bot ${emu.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'x' }),
      });
    const first = await post();
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    const second = await post();
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(second.headers.get('x-ratelimit-scope')).toBe('user');
    expect(second.headers.get('x-ratelimit-bucket')).toBe(first.headers.get('x-ratelimit-bucket'));
    expect(await second.json()).toMatchObject({
      global: false,
      message: 'You are being rate limited.',
    });
  });

  it('applies the global limit per token but exempts interaction callbacks', async () => {
    harness = await startHarness(
      { rateLimits: { globalPerSecond: 2, wholeSecondRetryAfter: false } },
      { rest: { globalRequestsPerSecond: 1_000 } },
    );
    const { client, emu } = harness;
    await client.application!.commands.set(testCommands, emu.state.guildId);
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('ok');
    });

    // Callbacks: five at once, none limited although the global limit is 2 per second.
    const handles = [0, 1, 2, 3, 4].map((i) => emu.actor(i).runSlash('ping'));
    for (const handle of handles) expect(await handle.acknowledged()).toBe(4);
    expect(emu.recorder.summary().rateLimited.byScope.global ?? 0).toBe(0);

    // Ordinary requests on distinct channels: the global limit bites, and the client retries.
    const channels = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        client.rest.post(Routes.guildChannels(emu.state.guildId), { body: { name: `match-${i}` } }),
      ),
    );
    expect(channels).toHaveLength(4);
    expect(emu.recorder.summary().rateLimited.byScope.global).toBeGreaterThan(0);
  });

  it('limits channel renames as a sublimit that the client waits out', async () => {
    harness = await startHarness({
      rateLimits: { renameRule: { limit: 2, windowMs: 300 }, wholeSecondRetryAfter: false },
    });
    const { client, emu } = harness;
    const channel = await client.guilds.cache
      .get(emu.state.guildId)!
      .channels.create({ name: 'm-1' });
    for (const name of ['m-2', 'm-3', 'm-4']) await channel.setName(name);
    expect(emu.state.channels.get(channel.id)?.channel).toMatchObject({ name: 'm-4' });
    expect(emu.recorder.summary().rateLimited.byRoute).toEqual({ '/channels/:channelId': 1 });
  });

  it('retries a burst of 502s transparently', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    emu.faults.failNext('GET /guilds/:guildId/roles', 2, 502);
    const roles = (await client.rest.get(Routes.guildRoles(emu.state.guildId))) as unknown[];
    expect(roles.length).toBeGreaterThanOrEqual(2);
    expect(emu.recorder.summary().requests).toBeGreaterThanOrEqual(3);
  });

  it('counts 401s in the invalid-request window and bans past the limit', async () => {
    harness = await startHarness({ rateLimits: { invalidRequestLimit: 3 } });
    const { emu } = harness;
    const url = `${emu.apiUrl}/v10/users/@me`;
    for (let i = 0; i < 3; i++) expect((await fetch(url)).status).toBe(401);
    const banned = await fetch(url, { headers: { authorization: `Bot ${emu.token}` } });
    expect(banned.status).toBe(429);
    expect(banned.headers.get('x-ratelimit-global')).toBe('true');
    expect(emu.recorder.summary().invalidRequestPeak).toBeGreaterThanOrEqual(3);
  });

  it('adds injected latency to a route: a client with a shorter timeout gives up', async () => {
    harness = await startHarness({}, { rest: { timeout: 100, retries: 0 } });
    const { client, emu } = harness;
    emu.faults.setLatency('GET /users/:userId', 400);
    await expect(client.rest.get(Routes.user('@me'))).rejects.toMatchObject({ name: 'AbortError' });
    emu.faults.clear();
    await expect(client.rest.get(Routes.user('@me'))).resolves.toMatchObject({
      id: emu.state.bot.id,
    });
  });
});

describe('interaction deadlines (emulator clock advanced, no waiting)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('refuses a first response later than 3 s with 10062 and counts a deadline miss', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    await client.application!.commands.set(testCommands, emu.state.guildId);
    const outcome: unknown[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      // The handler is "slow": the emulator's clock moves past the deadline before it replies.
      emu.advanceClock(3_001);
      await interaction.reply('too late').catch((error: { code?: unknown; status?: unknown }) => {
        outcome.push([error.status, error.code]);
      });
    });

    emu.actor(0).runSlash('ping');
    await expect.poll(() => outcome, slow).toEqual([[404, 10062]]);
    expect(emu.recorder.summary()).toMatchObject({ deadlineMisses: 1, answered: 0 });
  });

  it('accepts a reply inside 3 s, and refuses edits after 15 minutes with 50027', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    await client.application!.commands.set(testCommands, emu.state.guildId);
    const outcome: unknown[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      // 2 s of emulator time plus the real handling time stays inside 3 s even on a slow host.
      emu.advanceClock(2_000);
      await interaction.reply('in time');
      emu.advanceClock(15 * 60_000);
      await interaction
        .editReply('much later')
        .catch((error: { code?: unknown; status?: unknown }) => {
          outcome.push([error.status, error.code]);
        });
    });

    const actor = emu.actor(0);
    expect(await actor.runSlash('ping').acknowledged()).toBe(4);
    await expect.poll(() => outcome, slow).toEqual([[401, 50027]]);
  });
});
