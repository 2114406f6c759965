import type { EmulatorClock } from './clock.js';
import type { Recorder } from './recorder.js';

/** A per-route limit: `limit` requests per `windowMs`, shared by routes with the same `bucket`. */
export interface BucketRule {
  bucket: string;
  limit: number;
  windowMs: number;
}

/** Rate-limit settings; all scale down for fast CI. */
export interface RateLimitOptions {
  /** Global requests per second per token on non-exempt routes. @defaultValue 50 */
  globalPerSecond?: number;
  /** Rules by `METHOD /template`; unlisted routes use `defaultRule`. */
  rules?: Record<string, BucketRule>;
  /** @defaultValue 50 per 1 s, one bucket per route */
  defaultRule?: Omit<BucketRule, 'bucket'>;
  /** 401/403/429 answers in 10 minutes before the temporary ban. @defaultValue 10 000 */
  invalidRequestLimit?: number;
  /** Discord sends whole seconds in `Retry-After`; false sends milliseconds precision. */
  wholeSecondRetryAfter?: boolean;
  /** Channel name/topic changes per channel. @defaultValue 2 per 10 min */
  renameRule?: Omit<BucketRule, 'bucket'>;
}

/** The verdict for one request: headers to send, and a 429 when limited. */
export interface RateVerdict {
  headers: Record<string, string>;
  bucket: string;
  limited?: { retryAfterS: number; scope: 'user' | 'global' | 'shared'; global: boolean };
}

// Numbers reported for Discord (it publishes none): 5 messages per 5 s per channel, channel
// renames 2 per 10 min, role and member edits about 10 per 10 s.
const defaultRules: Record<string, BucketRule> = {
  'POST /channels/:channelId/messages': { bucket: 'msg-create', limit: 5, windowMs: 5_000 },
  'PATCH /channels/:channelId/messages/:messageId': {
    bucket: 'msg-edit',
    limit: 5,
    windowMs: 5_000,
  },
  'DELETE /channels/:channelId/messages/:messageId': {
    bucket: 'msg-del',
    limit: 5,
    windowMs: 5_000,
  },
  'PUT /guilds/:guildId/members/:userId/roles/:roleId': {
    bucket: 'role-mod',
    limit: 10,
    windowMs: 10_000,
  },
  'DELETE /guilds/:guildId/members/:userId/roles/:roleId': {
    bucket: 'role-mod',
    limit: 10,
    windowMs: 10_000,
  },
  'POST /guilds/:guildId/channels': { bucket: 'chan-create', limit: 10, windowMs: 10_000 },
};

const invalidWindowMs = 600_000;

/**
 * Discord's limits for one bot token: a global anchored window, per-route buckets counted per
 * major parameter, and the 10-minute invalid-request window.
 */
export class RateLimiter {
  private readonly rules: Record<string, BucketRule>;
  private readonly buckets = new Map<string, { remaining: number; resetAtMs: number }>();
  private globalStartMs = 0;
  private globalCount = 0;
  private readonly invalid: number[] = [];
  private invalidHead = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly recorder: Recorder,
    private readonly options: RateLimitOptions = {},
  ) {
    this.rules = { ...defaultRules, ...options.rules };
  }

  /** Replaces or adds the rule for `METHOD /template`. */
  setRule(routeKey: string, rule: BucketRule): void {
    this.rules[routeKey] = rule;
  }

  /** Counts one request against its bucket (and the global limit unless exempt). */
  take(routeKey: string, major: string, countsGlobally: boolean): RateVerdict {
    const now = this.clock.now();
    if (countsGlobally) {
      const limited = this.takeGlobal(now);
      if (limited) return limited;
    }

    const rule = this.rules[routeKey] ?? {
      bucket: routeKey,
      limit: this.options.defaultRule?.limit ?? 50,
      windowMs: this.options.defaultRule?.windowMs ?? 1_000,
    };
    const hash = bucketHash(rule.bucket);
    const key = `${hash}:${major}`;
    let state = this.buckets.get(key);
    if (!state || now >= state.resetAtMs) {
      state = { remaining: rule.limit, resetAtMs: now + rule.windowMs };
      this.buckets.set(key, state);
    }

    const resetAfterS = (state.resetAtMs - now) / 1000;
    if (state.remaining > 0) state.remaining--;
    else {
      return {
        bucket: hash,
        headers: this.headers(rule.limit, 0, state.resetAtMs, resetAfterS, hash),
        limited: { retryAfterS: resetAfterS, scope: 'user', global: false },
      };
    }

    return {
      bucket: hash,
      headers: this.headers(rule.limit, state.remaining, state.resetAtMs, resetAfterS, hash),
    };
  }

  /**
   * Counts a channel rename or topic change (a sublimit inside the channel's bucket); returns
   * the seconds to wait when over it, else null.
   */
  takeRename(channelId: string): number | null {
    const rule = this.options.renameRule ?? { limit: 2, windowMs: 600_000 };
    const now = this.clock.now();
    const key = `rename:${channelId}`;
    let state = this.buckets.get(key);
    if (!state || now >= state.resetAtMs) {
      state = { remaining: rule.limit, resetAtMs: now + rule.windowMs };
      this.buckets.set(key, state);
    }

    if (state.remaining === 0) return (state.resetAtMs - now) / 1000;
    state.remaining--;
    return null;
  }

  /** The value for `Retry-After`: whole seconds rounded up, as Discord sends. */
  retryAfterHeader(seconds: number): string {
    if (this.options.wholeSecondRetryAfter === false) return seconds.toFixed(3);
    return String(Math.max(1, Math.ceil(seconds)));
  }

  /** Notes a response status for the invalid-request window (401, 403, non-shared 429). */
  noteStatus(status: number, scope?: string): void {
    if (status !== 401 && status !== 403 && status !== 429) return;
    if (status === 429 && scope === 'shared') return;
    const now = this.clock.now();
    this.invalid.push(now);
    this.pruneInvalid(now);
    const count = this.invalid.length - this.invalidHead;
    if (count > this.recorder.invalidRequestPeak) this.recorder.invalidRequestPeak = count;
  }

  /** True while the invalid-request count exceeds the limit: Discord's temporary ban. */
  isBanned(): boolean {
    this.pruneInvalid(this.clock.now());
    const limit = this.options.invalidRequestLimit ?? 10_000;
    return this.invalid.length - this.invalidHead >= limit;
  }

  private takeGlobal(now: number): RateVerdict | undefined {
    // Anchored window, as the client counts: it starts with the first request after the last.
    if (now >= this.globalStartMs + 1_000) {
      this.globalStartMs = now;
      this.globalCount = 0;
    }

    const limit = this.options.globalPerSecond ?? 50;
    if (this.globalCount < limit) {
      this.globalCount++;
      return undefined;
    }

    const retryAfterS = (this.globalStartMs + 1_000 - now) / 1000;
    return {
      bucket: 'global',
      headers: { 'X-RateLimit-Global': 'true' },
      limited: { retryAfterS, scope: 'global', global: true },
    };
  }

  private headers(
    limit: number,
    remaining: number,
    resetAtMs: number,
    afterS: number,
    hash: string,
  ) {
    return {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': (resetAtMs / 1000).toFixed(3),
      'X-RateLimit-Reset-After': afterS.toFixed(3),
      'X-RateLimit-Bucket': hash,
    };
  }

  private pruneInvalid(now: number): void {
    while (this.invalidHead < this.invalid.length) {
      const at = this.invalid[this.invalidHead] ?? now;
      if (at > now - invalidWindowMs) break;
      this.invalidHead++;
    }

    // Compact now and then so the array does not grow without bound.
    if (this.invalidHead > 4_096) {
      this.invalid.splice(0, this.invalidHead);
      this.invalidHead = 0;
    }
  }
}

/** An opaque, stable bucket id (Discord's are hex hashes). */
function bucketHash(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0') + name.length.toString(16).padStart(4, '0');
}
