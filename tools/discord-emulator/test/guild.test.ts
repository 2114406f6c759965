import { afterEach, describe, expect, it } from 'vitest';
import {
  ChannelType,
  GatewayIntentBits,
  OverwriteType,
  PermissionFlagsBits,
  type Message,
} from 'discord.js';
import { startHarness, type Harness } from './helpers.js';

describe('guild management and message content with the real discord.js client', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('creates a role, gives it to a member and sees GUILD_MEMBER_UPDATE', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const guild = client.guilds.cache.get(emu.state.guildId)!;
    const role = await guild.roles.create({ name: 'Diamond', mentionable: true });
    expect(guild.roles.cache.get(role.id)?.name).toBe('Diamond');

    const member = await guild.members.fetch(emu.playerIds()[0]!);
    const updated = new Promise<string[]>((resolve) =>
      client.on('guildMemberUpdate', (_old, next) => resolve([...next.roles.cache.keys()])),
    );
    await member.roles.add(role);
    expect(await updated).toContain(role.id);
    expect(emu.state.members.get(member.id)?.roles).toEqual([role.id]);

    await member.roles.remove(role);
    await role.delete();
    expect(emu.state.roles.has(role.id)).toBe(false);
  });

  it('creates a private match channel with overwrites, renames it and deletes it', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const guild = client.guilds.cache.get(emu.state.guildId)!;
    const [a, b] = emu.playerIds();
    const channel = await guild.channels.create({
      name: 'match-42',
      type: ChannelType.GuildText,
      permissionOverwrites: [
        { id: guild.id, deny: [PermissionFlagsBits.ViewChannel] },
        { id: a!, allow: [PermissionFlagsBits.ViewChannel], type: OverwriteType.Member },
        { id: b!, allow: [PermissionFlagsBits.ViewChannel], type: OverwriteType.Member },
      ],
    });
    expect(channel.permissionOverwrites.cache.size).toBe(3);
    await channel.setName('match-42-done');
    expect(emu.state.channels.get(channel.id)?.channel).toMatchObject({ name: 'match-42-done' });
    await channel.delete();
    expect(emu.state.channels.has(channel.id)).toBe(false);
    await expect(client.channels.fetch(channel.id, { force: true })).rejects.toMatchObject({
      code: 10003,
    });
  });

  it('lets a test wait for a channel the bot creates and a message the bot posts in it', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const channelSeen = emu.waitForChannel(/^match-\d+$/);
    const guild = client.guilds.cache.get(emu.state.guildId)!;
    const created = await guild.channels.create({ name: 'match-7' });
    expect((await channelSeen).id).toBe(created.id);

    const posted = emu.waitForMessage(created.id, (m) => m.content.includes('ready'));
    await created.send('not yet');
    await created.send('both players ready');
    expect((await posted).content).toBe('both players ready');
    await expect(
      emu.waitForMessage(created.id, (m) => m.content === 'never', 50),
    ).rejects.toMatchObject({
      code: 'wait_timeout',
    });
  });

  it('answers a full member fetch over the gateway (op 8) with every member', async () => {
    harness = await startHarness({ members: 1_500 });
    const { client, emu } = harness;
    const members = await client.guilds.cache.get(emu.state.guildId)!.members.fetch();
    expect(members.size).toBe(1_501);
  });

  it('strips guild message content without MESSAGE_CONTENT, except when the bot is mentioned', async () => {
    harness = await startHarness(
      {},
      { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] },
    );
    const { client, emu } = harness;
    const seen: string[] = [];
    const twoSeen = new Promise<void>((resolve) =>
      client.on('messageCreate', (message: Message) => {
        seen.push(message.content);
        if (seen.length === 2) resolve();
      }),
    );
    const actor = emu.actor(0);
    actor.sendMessage(emu.state.defaultChannelId, 'secret plans');
    actor.sendMessage(emu.state.defaultChannelId, `<@${emu.state.bot.id}> hello bot`);
    await twoSeen;
    expect(seen).toEqual(['', `<@${emu.state.bot.id}> hello bot`]);
  });

  it('delivers guild message content with MESSAGE_CONTENT', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const received = new Promise<Message>((resolve) => client.on('messageCreate', resolve));
    emu.actor(0).sendMessage(emu.state.defaultChannelId, 'visible');
    expect((await received).content).toBe('visible');
  });

  it('asks the bot for autocomplete choices and keeps them', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    await client.application!.commands.set(
      [
        {
          name: 'map',
          description: 'pick a map',
          options: [{ name: 'name', description: 'map', type: 3, autocomplete: true }],
        },
      ],
      emu.state.guildId,
    );
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      const maps = ['Khione', 'Kings Cove', 'Frost'].filter((m) =>
        m.toLowerCase().startsWith(typed.toLowerCase()),
      );
      await interaction.respond(maps.map((m) => ({ name: m, value: m })));
    });

    const handle = emu.actor(0).autocomplete('map', 'name', 'k');
    expect(await handle.acknowledged()).toBe(8);
    expect(handle.record.choices).toEqual([
      { name: 'Khione', value: 'Khione' },
      { name: 'Kings Cove', value: 'Kings Cove' },
    ]);
  });
});
