/**
 * The one error base of the ladder. `code` is a stable identifier from a per-part union; the
 * message is for people. `name` carries the code so a log line reads `ReplayError[truncated]`.
 */
export class LadderError<Code extends string = string> extends Error {
  /** Stable identifier of what went wrong, for code and for the text catalogue. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = `${new.target.name}[${code}]`;
  }
}

/** Codes raised while reading and validating the configuration. */
export type ConfigErrorCode = 'invalid_config';

/** Bad configuration found at start; `problems` lists every problem found, one line each. */
export class ConfigError extends LadderError<ConfigErrorCode> {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('invalid_config', `invalid configuration:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}
