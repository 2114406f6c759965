import type { Change, Match } from '../store/index.js';
import type { TimerHandle } from './clock.js';
import { commit, type LadderContext } from './context.js';
import { nextWakeOf, processMatch } from './deadlines.js';
import { pending, type PendingEvent } from './events.js';
import { isTerminal, openStages } from './guards.js';
import { aliveKey, runWave } from './waves.js';

// Timers are derived from stored data, never the other way round ([M-3], [G-11]). At start the
// scheduler measures the outage from the stored heartbeat, extends the deadlines that fell
// inside it (a confirmation window starts afresh), then arms one timer per open match and one
// for the next wave. Missed waves are skipped, never replayed ([MM-2]).

/** Delay before a failed deadline is processed again. */
const retryDelayMs = 5_000;

const stageFields = {
  in_progress: 'reportBy',
  no_show_claimed: 'noShowBy',
  disputed: 'disputeBy',
} as const;

/** Arms and re-arms the ladder's timers from the store. */
export class Scheduler {
  readonly #ctx: LadderContext;
  readonly #timers = new Map<string, TimerHandle>();
  #wave: TimerHandle | null = null;
  #isRunning = false;

  constructor(ctx: LadderContext) {
    this.#ctx = ctx;
  }

  /** Recovers from the outage, then arms every open match and the next wave. */
  async start(): Promise<void> {
    if (this.#isRunning) return;
    await this.#recoverOutage();
    this.#isRunning = true;
    for (const stage of openStages) {
      for (const match of this.#ctx.store.read.matchesInStage(stage)) this.arm(match);
    }
    this.#armWave();
  }

  /** Clears every timer and records the time, so the next start can measure the outage. */
  async stop(): Promise<void> {
    if (!this.#isRunning) return;
    this.#isRunning = false;
    for (const handle of this.#timers.values()) this.#ctx.clock.clearTimer(handle);
    this.#timers.clear();
    if (this.#wave) this.#ctx.clock.clearTimer(this.#wave);
    this.#wave = null;
    await commit(this.#ctx, [this.#alive()]);
  }

  /** Number of armed match timers. */
  get armed(): number {
    return this.#timers.size;
  }

  /** (Re-)arms the timer of one match from its stored deadline and reminders. */
  arm(match: Match): void {
    if (!this.#isRunning) return;
    const old = this.#timers.get(match.id);
    if (old) this.#ctx.clock.clearTimer(old);
    this.#timers.delete(match.id);
    const wake = isTerminal(match) ? null : nextWakeOf(this.#ctx, match);
    if (wake === null) return;
    this.#timers.set(
      match.id,
      this.#ctx.clock.setTimer(wake, () => this.#fire(match.id)),
    );
  }

  async #fire(matchId: string): Promise<void> {
    this.#timers.delete(matchId);
    try {
      await processMatch(this.#ctx, matchId);
    } catch (err) {
      // Retry later rather than at once: a failing write must not spin on a past deadline.
      this.#ctx.log.error({ err, matchId }, 'deadline processing failed, will retry');
      if (!this.#isRunning) return;
      const retryAt = this.#ctx.clock.now() + retryDelayMs;
      this.#timers.set(
        matchId,
        this.#ctx.clock.setTimer(retryAt, () => this.#fire(matchId)),
      );
      return;
    }
    const match = this.#ctx.store.read.match(matchId);
    if (match && !this.#timers.has(matchId)) this.arm(match);
  }

  #armWave(): void {
    if (!this.#isRunning) return;
    const interval = this.#ctx.settings.waveIntervalMs;
    const last = this.#ctx.store.read.lastWave()?.waveAt ?? 0;
    let next = (Math.floor(this.#ctx.clock.now() / interval) + 1) * interval;
    if (next <= last) next = last + interval;

    this.#wave = this.#ctx.clock.setTimer(next, async () => {
      this.#wave = null;
      try {
        await runWave(this.#ctx, next);
      } catch (err) {
        this.#ctx.log.error({ err, waveAt: next }, 'wave failed');
      }
      this.#armWave();
    });
  }

  #alive(): Change {
    const now = this.#ctx.clock.now();
    return {
      kind: 'keyValue',
      record: { id: aliveKey, value: { at: now }, expiresAt: null, updatedAt: now },
    };
  }

  async #recoverOutage(): Promise<void> {
    const ctx = this.#ctx;
    const now = ctx.clock.now();
    const alive = (ctx.store.read.keyValue(aliveKey)?.value as { at?: number } | undefined)?.at;
    const changes: Change[] = [this.#alive()];
    const events: PendingEvent[] = [];

    if (alive !== undefined && now > alive) {
      const outageMs = now - alive;
      for (const stage of openStages) {
        for (const match of ctx.store.read.matchesInStage(stage)) {
          const due = match.deadlineAt;
          if (due === null || due <= alive || due > now) continue;
          const next = extend(ctx, match, outageMs, now);
          changes.push({ kind: 'match', record: next });
          if (stage === 'awaiting_confirmation')
            events.push(pending('confirmation_renewed', { match: next }));
        }
      }
      ctx.log.info({ outageMs, extended: changes.length - 1 }, 'deadlines extended after outage');
    }
    await commit(ctx, changes, events);
  }
}

/** A deadline that fell inside an outage, moved on by its length; confirmations start afresh. */
function extend(ctx: LadderContext, match: Match, outageMs: number, now: number): Match {
  const event = {
    at: now,
    actor: { kind: 'system' as const },
    event: 'deadline_extended',
    details: { outageMs },
  };
  if (match.stage === 'awaiting_confirmation') {
    const confirmBy = now + ctx.settings.confirmWindowMs;
    return {
      ...match,
      confirmBy,
      deadlineAt: confirmBy,
      events: [...match.events, event],
      updatedAt: now,
    };
  }
  const field = stageFields[match.stage as keyof typeof stageFields];
  const deadlineAt = (match.deadlineAt ?? now) + outageMs;
  return {
    ...match,
    [field]: deadlineAt,
    deadlineAt,
    events: [...match.events, event],
    updatedAt: now,
  };
}
