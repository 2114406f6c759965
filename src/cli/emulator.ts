import { parseArgs } from 'node:util';
import { DiscordEmulator } from '../../tools/discord-emulator/index.js';

const usage = `usage: ladder emulator [--port P] [--host H] [--members N] [--record FILE]

Runs the local Discord emulator (REST, gateway, CDN) until interrupted, and prints the address to
give the bot: DISCORD_API_URL and DISCORD_TOKEN.
`;

/** `ladder emulator`: runs the local Discord emulator on its own. */
export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        members: { type: 'string', default: '10' },
        record: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`ladder emulator: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }

  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }

  const port = Number(values.port);
  const members = Number(values.members);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`ladder emulator: --port must be a port number (got "${values.port}")\n`);
    return 2;
  }

  if (!Number.isInteger(members) || members < 0 || members > 100_000) {
    process.stderr.write(`ladder emulator: --members must be 0–100000 (got "${values.members}")\n`);
    return 2;
  }

  // Loopback only: the emulator has no authentication worth the name.
  if (values.host !== '127.0.0.1' && values.host !== '::1' && values.host !== 'localhost') {
    process.stderr.write(
      `ladder emulator: --host must be a loopback address (got "${values.host}")\n`,
    );
    return 2;
  }

  const emu = new DiscordEmulator({
    port,
    host: values.host,
    members,
    ...(values.record ? { recordPath: values.record } : {}),
  });
  const base = await emu.start();
  process.stdout.write(
    [
      `emulator listening on ${base}`,
      `DISCORD_API_URL=${emu.apiUrl}`,
      `DISCORD_TOKEN=${emu.token}`,
      `guild ${emu.state.guildId}, application ${emu.state.applicationId}, ${members} players`,
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emu.stop();
  process.stdout.write(`${JSON.stringify(emu.recorder.summary())}\n`);
  return 0;
}
