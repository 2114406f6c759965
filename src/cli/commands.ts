/** One `ladder` subcommand: `run` gets the arguments after the command name. */
export interface CommandModule {
  run(args: string[]): Promise<number | void>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

/** Every `ladder` subcommand, loaded lazily. */
export const commands = {
  start: {
    summary: 'run the ladder bot (needs DISCORD_TOKEN)',
    load: () => import('./start.js'),
  },
  replay: {
    summary: 'print the summary of replay files (--json, --stats)',
    load: () => import('./replay.js'),
  },
  emulator: {
    summary: 'run the local Discord emulator and print its address (--port P)',
    load: () => import('./emulator.js'),
  },
  migrate: {
    summary: 'apply the database migrations (PGlite in the data folder without DATABASE_URL)',
    load: () => import('./migrate.js'),
  },
  bench: {
    summary: 'run a benchmark and print its figures (ladder bench for the list)',
    load: () => import('./bench.js'),
  },
  simulate: {
    summary: 'replay a synthetic community through the matchmaking rules and print figures',
    load: () => import('./simulate.js'),
  },
} satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof commands;
