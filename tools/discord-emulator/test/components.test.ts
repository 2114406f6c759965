import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  FileUploadBuilder,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { startHarness, testCommands, type Harness } from './helpers.js';

// Polls get room for a loaded CI machine; they end as soon as the condition holds.
const slow = { timeout: 5_000 };

describe('discord.js against the emulator: components and modals', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    await harness.client.application!.commands.set(testCommands, harness.emu.state.guildId);
  });
  afterEach(() => harness.stop());

  it('updates the message when an actor presses a button', async () => {
    const { client, emu } = harness;
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId('accept:42')
            .setLabel('Accept')
            .setStyle(ButtonStyle.Success),
        );
        await interaction.reply({ content: 'match found', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `accepted by ${interaction.user.id}`, components: [] });
      }
    });

    const actor = emu.actor(0);
    actor.runSlash('queue');
    const offer = await actor.nextMessage();
    expect(offer.components).toHaveLength(1);
    const press = actor.pressButton(offer, 'accept:42');
    expect(await press.acknowledged()).toBe(7);
    const updated = await actor.nextEdit();
    expect(updated.id).toBe(offer.id);
    expect(updated.content).toBe(`accepted by ${actor.userId}`);
    expect(updated.components).toEqual([]);
  });

  it('passes the chosen values of a select menu and answers with a deferred update', async () => {
    const { client, emu } = harness;
    const picked: string[][] = [];
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const select = new StringSelectMenuBuilder()
          .setCustomId('race')
          .addOptions({ label: 'Zerg', value: 'zerg' }, { label: 'Terran', value: 'terran' });
        const row = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select);
        await interaction.reply({ content: 'pick', components: [row] });
      } else if (interaction.isStringSelectMenu()) {
        picked.push(interaction.values);
        await interaction.deferUpdate();
        await interaction.editReply({ content: `you play ${interaction.values[0]}` });
      }
    });

    const actor = emu.actor(1);
    actor.runSlash('queue');
    const menu = await actor.nextMessage();
    expect(await actor.choose(menu, 'race', ['zerg']).acknowledged()).toBe(6);
    const edited = await actor.nextEdit();
    expect(edited.content).toBe('you play zerg');
    expect(picked).toEqual([['zerg']]);
  });

  it('submits a modal with a text input and a file upload, and the bot downloads the file', async () => {
    const { client, emu } = harness;
    const seen: { notes: string; bytes: number }[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const modal = new ModalBuilder()
          .setCustomId('report-modal:42')
          .setTitle('Report')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('Notes')
              .setTextInputComponent(
                new TextInputBuilder().setCustomId('notes').setStyle(TextInputStyle.Short),
              ),
            new LabelBuilder()
              .setLabel('Replay')
              .setFileUploadComponent(new FileUploadBuilder().setCustomId('replay')),
          );
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        const notes = interaction.fields.getTextInputValue('notes');
        const files = interaction.fields.getUploadedFiles('replay');
        const file = files?.first();
        const response = await fetch(file!.url);
        const bytes = (await response.arrayBuffer()).byteLength;
        seen.push({ notes, bytes });
        await interaction.reply({ content: `got ${bytes} bytes`, flags: 64 });
      }
    });

    const actor = emu.actor(2);
    expect(await actor.runSlash('feedback').acknowledged()).toBe(9);
    const replay = Buffer.from('not really a replay, but bytes all the same');
    const submit = actor.submitModal({
      notes: 'gg',
      replay: [{ bytes: replay, filename: 'game.SC2Replay' }],
    });
    expect(await submit.acknowledged()).toBe(4);
    const reply = await actor.nextMessage();
    expect(reply.content).toBe(`got ${replay.length} bytes`);
    expect(reply.flags! & 64).toBe(64);
    expect(seen).toEqual([{ notes: 'gg', bytes: replay.length }]);
  });

  it('fills a deferred reply with editReply and shows it to the actor as a message', async () => {
    const { client, emu } = harness;
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply('done thinking');
      await interaction.followUp('and one more');
    });

    const actor = emu.actor(3);
    expect(await actor.runSlash('ping').acknowledged()).toBe(5);
    expect((await actor.nextMessage()).content).toBe('done thinking');
    expect((await actor.nextMessage()).content).toBe('and one more');
  });

  it('answers a reply with_response with the created message', async () => {
    const { client, emu } = harness;
    const ids: (string | undefined)[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: 'with body', withResponse: true });
      ids.push(response.resource?.message?.id);
    });

    const actor = emu.actor(5);
    actor.runSlash('ping');
    const reply = await actor.nextMessage();
    await expect.poll(() => ids, slow).toEqual([reply.id]);
  });

  it('refuses a second acknowledgement with 40060', async () => {
    const { client, emu } = harness;
    const codes: unknown[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('one');
      // Bypass discord.js's own guard to send the second callback as a buggy bot would.
      await client.rest
        .post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
          body: { type: 4, data: { content: 'two' } },
          auth: false,
        })
        .catch((error: { code?: unknown }) => codes.push(error.code));
    });

    const actor = emu.actor(4);
    await actor.runSlash('ping').acknowledged();
    await actor.nextMessage();
    await expect.poll(() => codes, slow).toEqual([40060]);
  });
});
