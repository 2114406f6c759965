import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** The parts of the ladder; each gets its own child logger. */
export type LogPart =
  | 'main'
  | 'config'
  | 'store'
  | 'journal'
  | 'flusher'
  | 'database'
  | 'ladder'
  | 'scheduler'
  | 'waves'
  | 'replays'
  | 'pool'
  | 'storage'
  | 'discord'
  | 'web'
  | 'emulator'
  | 'cli';

/**
 * Creates the root logger: JSON lines on stdout (or the given destination).
 * @param level - pino level name.
 * @defaultValue level `info`
 */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { pid: process.pid },
    redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.password'], censor: '[secret]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A child logger for one part: `log.child({ part })`. */
export function partLogger(root: Logger, part: LogPart): Logger {
  return root.child({ part });
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
