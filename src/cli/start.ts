import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';

/** `ladder start`: runs the real bot against Discord. */
export async function run(_args: string[]): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ladder: ${error.message}\n`);
      return 2;
    }
    throw error;
  }

  if (!config.DISCORD_TOKEN) {
    process.stderr.write(
      'ladder: DISCORD_TOKEN is not set, so the bot cannot log in to Discord.\n' +
        'Set it in the environment or in .env. A local demo (`npm run demo`) is not built yet;\n' +
        'README.md lists what runs today, such as `npx ladder emulator` and `npx ladder simulate`.\n',
    );
    return 2;
  }

  // TODO: wire the Discord adapter once it exists (the Discord bot issue); remove this then.
  process.stderr.write(
    'ladder: the Discord bot is not built yet; see README.md for what runs today.\n',
  );
  return 1;
}
