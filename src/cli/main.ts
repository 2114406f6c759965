import { commands, type CommandName } from './commands.js';

// The `ladder` command line: `ladder <command> [options]`. Each command lives in its own module
// and is loaded only when run, so `ladder replay` never loads discord.js.

const usage = `usage: ladder <command> [options]

commands:
${Object.entries(commands)
  .map(([name, entry]) => `  ${name.padEnd(10)} ${entry.summary}`)
  .join('\n')}
`;

const [name, ...args] = process.argv.slice(2);

if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(usage);
  process.exitCode = name ? 0 : 2;
} else if (!(name in commands)) {
  process.stderr.write(`ladder: unknown command "${name}"\n\n${usage}`);
  process.exitCode = 2;
} else {
  const entry = commands[name as CommandName];
  const module = await entry.load();
  const code = await module.run(args);
  if (typeof code === 'number') process.exitCode = code;
}
