import { once } from 'node:events';
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { DiscordEmulator, type EmulatorOptions } from '../index.js';

/** An emulator and a real discord.js client logged in to it. */
export interface Harness {
  emu: DiscordEmulator;
  client: Client;
  stop(): Promise<void>;
}

const intents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

/** Starts an emulator and logs a real discord.js client in; resolves once it is ready. */
export async function startHarness(
  options: EmulatorOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<Harness> {
  const emu = new DiscordEmulator({ heartbeatIntervalMs: 2_000, ...options });
  await emu.start();
  const client = new Client({
    intents,
    partials: [Partials.Channel],
    ...clientOptions,
    rest: { api: emu.apiUrl, ...clientOptions.rest },
  });
  const ready = once(client, 'clientReady');
  await client.login(emu.token);
  await ready;
  return {
    emu,
    client,
    async stop() {
      await client.destroy();
      await emu.stop();
    },
  };
}

/** The commands the tests register: a ladder-like set. */
export const testCommands = [
  { name: 'ping', description: 'replies pong' },
  {
    name: 'report',
    description: 'report a result',
    options: [
      { name: 'result', description: 'win or loss', type: 3, required: true },
      { name: 'replay', description: 'the replay', type: 11, required: false },
    ],
  },
  { name: 'queue', description: 'join the queue' },
  { name: 'feedback', description: 'opens a modal' },
];
