import { randomBytes } from 'node:crypto';

// Discord's epoch, the first millisecond of 2015; snowflakes count milliseconds from it.
const discordEpochMs = 1_420_070_400_000n;

/** Makes Discord-style snowflakes: 19-digit ids whose top bits are the creation time. */
export class SnowflakeGenerator {
  private increment = 0n;

  constructor(private readonly now: () => number) {}

  /**
   * A fresh id. Pass `atMs` to backdate it, for messages that must look old (the 14-day rules
   * read the timestamp from the id).
   */
  next(atMs?: number): string {
    const ms = BigInt(Math.floor(atMs ?? this.now()));
    this.increment = (this.increment + 1n) & 0xfffn;
    // Worker 1, process 1: any fixed values do; the client reads only the timestamp.
    const id = ((ms - discordEpochMs) << 22n) | (1n << 17n) | (1n << 12n) | this.increment;
    return id.toString();
  }
}

/** Creation time of a snowflake, in epoch milliseconds. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + discordEpochMs);
}

/** True when `value` has the shape of a snowflake (17–19 digits, as @discordjs/rest expects). */
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{17,20}$/.test(value);
}

/** A bot token shaped like Discord's: base64 of the bot id, then two random segments. */
export function mintBotToken(botUserId: string): string {
  const head = Buffer.from(botUserId).toString('base64url');
  const middle = randomBytes(4).toString('base64url');
  const tail = randomBytes(27).toString('base64url');
  return `${head}.${middle}.${tail}`;
}

/** An opaque interaction token, unique per interaction. */
export function mintInteractionToken(): string {
  return `aW50ZXJhY3Rpb24.${randomBytes(48).toString('base64url')}`;
}
