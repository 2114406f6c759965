import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentBuilder, type Message } from 'discord.js';
import { startHarness, testCommands, type Harness } from './helpers.js';

const replayPath = '../shared/replays/1.0.1.16195_Arctic_vs_Froadac_5766.SC2Replay';

describe('discord.js against the emulator: files and DMs', () => {
  let harness: Harness;
  const replay = readFileSync(replayPath);
  beforeEach(async () => {
    harness = await startHarness();
    await harness.client.application!.commands.set(testCommands, harness.emu.state.guildId);
  });
  afterEach(() => harness.stop());

  it('delivers a file uploaded in a DM, and the bot downloads it from the local CDN', async () => {
    const { client, emu } = harness;
    const received = new Promise<Message>((resolve) => client.on('messageCreate', resolve));
    const actor = emu.actor(0);
    actor.uploadFileInDm(replay, 'Arctic vs Froadac.SC2Replay', 'my replay');

    const message = await received;
    expect(message.channel.isDMBased()).toBe(true);
    expect(message.content).toBe('my replay');
    const attachment = message.attachments.first()!;
    expect(attachment.name).toBe('Arctic vs Froadac.SC2Replay');
    const bytes = Buffer.from(await (await fetch(attachment.url)).arrayBuffer());
    expect(bytes.equals(replay)).toBe(true);
  });

  it('passes an attachment option, and the bot replies with a file the actor can fetch', async () => {
    const { client, emu } = harness;
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const file = interaction.options.getAttachment('replay', true);
      const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
      const summary = new AttachmentBuilder(Buffer.from(`size=${bytes.length}`), {
        name: 'summary.txt',
      });
      await interaction.reply({
        content: `${interaction.options.getString('result')}: ${file.name}`,
        files: [summary],
      });
    });

    const actor = emu.actor(1);
    actor.runSlash('report', {
      result: 'win',
      replay: { bytes: replay, filename: 'game.SC2Replay' },
    });
    const reply = await actor.nextMessage();
    expect(reply.content).toBe('win: game.SC2Replay');
    expect(reply.attachments.map((a) => a.filename)).toEqual(['summary.txt']);
    const text = await (await fetch(reply.attachments[0]!.url)).text();
    expect(text).toBe(`size=${replay.length}`);
  });

  it('refuses tampered and expired CDN URLs', async () => {
    const { emu } = harness;
    const attachment = emu.cdn.put(emu.state.defaultChannelId, 'a.bin', Buffer.from([1, 2, 3]));
    expect((await fetch(attachment.url)).status).toBe(200);
    const tampered = attachment.url.replace(
      /hm=([0-9a-f])/,
      (_, c: string) => `hm=${c === '0' ? '1' : '0'}`,
    );
    expect((await fetch(tampered)).status).toBe(403);
    emu.advanceClock(2 * 86_400_000);
    expect((await fetch(attachment.url)).status).toBe(403);
  });

  it('lets the bot DM an actor, and gives 50007 once the actor closes DMs', async () => {
    const { client, emu } = harness;
    const actor = emu.actor(2);
    const user = await client.users.fetch(actor.userId);
    await user.send('your match is ready');
    expect((await actor.nextMessage()).content).toBe('your match is ready');

    actor.closeDms();
    await expect(user.send('again')).rejects.toMatchObject({ code: 50007, status: 403 });
    actor.openDms();
    await user.send('back');
    expect((await actor.nextMessage()).content).toBe('back');
  });

  it('gives 50007 for a member who left the guild, and the bot sees the member leave', async () => {
    const { client, emu } = harness;
    const actor = emu.actor(3);
    const user = await client.users.fetch(actor.userId);
    // discord.js reports removals of cached members only; fetching caches it (REST route).
    const member = await client.guilds.cache.get(emu.state.guildId)!.members.fetch(actor.userId);
    expect(member.user.username).toBe('player4');
    const left = new Promise<string>((resolve) =>
      client.on('guildMemberRemove', (m) => resolve(m.id)),
    );
    actor.leaveGuild();
    expect(await left).toBe(actor.userId);
    await expect(user.send('hello?')).rejects.toMatchObject({ code: 50007 });
  });

  it('keeps channel history: send with a file, edit, list newest first, bulk delete', async () => {
    const { client, emu } = harness;
    const channel = await client.channels.fetch(emu.state.defaultChannelId);
    if (!channel?.isSendable() || !('bulkDelete' in channel)) throw new Error('not a text channel');
    const first = await channel.send({
      content: 'one',
      files: [{ attachment: replay, name: 'r.SC2Replay' }],
    });
    expect(first.attachments.first()?.size).toBe(replay.length);
    const second = await channel.send('two');
    await second.edit('two, edited');

    const history = await channel.messages.fetch({ limit: 10 });
    expect([...history.values()].map((m) => m.content)).toEqual(['two, edited', 'one']);
    const deleted = await channel.bulkDelete(2);
    expect(deleted.size).toBe(2);
    expect(emu.state.channels.get(channel.id)?.messages.size).toBe(0);
  });

  it('answers Discord error codes: unknown message, invalid form body, empty message', async () => {
    const { client, emu } = harness;
    const route = `/channels/${emu.state.defaultChannelId}/messages` as const;
    await expect(client.rest.get(`${route}/${emu.ids.next()}`)).rejects.toMatchObject({
      code: 10008,
    });
    const badButton = { type: 1, components: [{ type: 2, style: 9, custom_id: 'x' }] };
    await expect(
      client.rest.post(route, { body: { components: [badButton] } }),
    ).rejects.toMatchObject({
      code: 50035,
      status: 400,
    });
    await expect(client.rest.post(route, { body: { content: '' } })).rejects.toMatchObject({
      code: 50006,
    });
  });
});
