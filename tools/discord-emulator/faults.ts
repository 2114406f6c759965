/** A forced answer for a route: a 5xx burst or a 429, for a number of requests. */
interface ForcedAnswer {
  remaining: number;
  status: number;
  retryAfterS?: number;
  scope?: 'user' | 'global' | 'shared';
}

/** What the server should do to one request before handling it. */
export interface FaultPlan {
  delayMs: number;
  forced?: ForcedAnswer;
}

/**
 * Injected trouble for REST, keyed by `METHOD /template` or by `/template` for every method:
 * added latency, bursts of 5xx, forced 429s.
 */
export class Faults {
  private readonly latency = new Map<string, { ms: number; jitterMs: number }>();
  private readonly forced = new Map<string, ForcedAnswer>();

  /** Adds `ms` (plus up to `jitterMs`) before answering matching requests; `*` for all. */
  setLatency(route: string, ms: number, jitterMs = 0): void {
    if (ms <= 0 && jitterMs <= 0) this.latency.delete(route);
    else this.latency.set(route, { ms, jitterMs });
  }

  /** The next `count` matching requests fail with `status` (a 5xx burst, or 401/403). */
  failNext(route: string, count: number, status = 502): void {
    this.forced.set(route, { remaining: count, status });
  }

  /** The next `count` matching requests get a 429 with this `Retry-After` and scope. */
  rateLimitNext(
    route: string,
    count: number,
    retryAfterS = 1,
    scope: 'user' | 'global' | 'shared' = 'user',
  ): void {
    this.forced.set(route, { remaining: count, status: 429, retryAfterS, scope });
  }

  /** Clears every injected fault. */
  clear(): void {
    this.latency.clear();
    this.forced.clear();
  }

  /** The plan for one request; consumes one forced answer if one matches. */
  plan(method: string, template: string): FaultPlan {
    const key = `${method} ${template}`;
    const latency = this.latency.get(key) ?? this.latency.get(template) ?? this.latency.get('*');
    const delayMs = latency ? latency.ms + Math.random() * latency.jitterMs : 0;

    const forcedKey = this.forced.has(key) ? key : this.forced.has(template) ? template : null;
    if (forcedKey === null) return { delayMs };
    const forced = this.forced.get(forcedKey);
    if (!forced) return { delayMs };
    forced.remaining--;
    if (forced.remaining <= 0) this.forced.delete(forcedKey);
    return { delayMs, forced };
  }
}
