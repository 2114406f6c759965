import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, testCommands, type Harness } from './helpers.js';

describe('discord.js against the emulator: login and commands', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('connects, becomes ready and sees the guild with its own member', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const guild = client.guilds.cache.get(emu.state.guildId);
    expect(guild?.name).toBe('Evo Complete');
    expect(guild?.members.me?.id).toBe(emu.state.bot.id);
    expect(guild?.roles.everyone.id).toBe(emu.state.guildId);
    expect(client.user?.id).toBe(emu.state.bot.id);
    expect(emu.gateway.stats.identifies).toBe(1);
  });

  it('registers guild commands with bulk overwrite and keeps ids on re-registration', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    const first = await client.application!.commands.set(testCommands, emu.state.guildId);
    expect([...first.values()].map((c) => c.name).sort()).toEqual([
      'feedback',
      'ping',
      'queue',
      'report',
    ]);
    const again = await client.application!.commands.set(testCommands, emu.state.guildId);
    expect([...again.keys()].sort()).toEqual([...first.keys()].sort());
    expect(emu.state.commandCreates).toBe(4);
  });

  it('lets an actor run a slash command and see the reply', async () => {
    harness = await startHarness();
    const { client, emu } = harness;
    await client.application!.commands.set(testCommands, emu.state.guildId);
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand() && interaction.commandName === 'ping') {
        await interaction.reply(`pong ${interaction.user.username}`);
      }
    });

    const actor = emu.actor(0);
    const handle = actor.runSlash('ping');
    expect(await handle.acknowledged()).toBe(4);
    const reply = await actor.nextMessage();
    expect(reply.content).toBe('pong player1');
    expect(reply.interaction_metadata?.id).toBe(handle.id);
    expect(emu.recorder.summary().answered).toBe(1);
  });

  it('rejects a wrong token at login with TokenInvalid', async () => {
    harness = await startHarness();
    const { Client, GatewayIntentBits } = await import('discord.js');
    const other = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: harness.emu.apiUrl },
    });
    await expect(other.login('bm90LWEtdG9rZW4.x.y')).rejects.toMatchObject({
      code: 'TokenInvalid',
    });
    await other.destroy();
  });
});
