// The ladder's only source of time. Deadlines are data in the store; a clock only turns the
// next stored deadline into a callback. Tests use `FakeClock` and move time by hand.

/** A pending callback of a clock. */
export interface TimerHandle {
  readonly atMs: number;
}

/** Time and timers; the scheduler and every operation read the time from here. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` at `atMs` (at once if it is past). */
  setTimer(atMs: number, callback: () => unknown): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimer(handle: TimerHandle): void;
}

// setTimeout holds at most 2^31 − 1 ms; longer waits re-arm on the way.
const maxDelayMs = 2_147_483_647;

interface RealTimer extends TimerHandle {
  timeout: NodeJS.Timeout | null;
}

/** The wall clock with real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(atMs, callback) {
    const handle: RealTimer = { atMs, timeout: null };
    const arm = () => {
      const delay = Math.max(0, atMs - Date.now());
      handle.timeout = setTimeout(
        () => (delay > maxDelayMs ? arm() : void callback()),
        Math.min(delay, maxDelayMs),
      );
    };
    arm();
    return handle;
  },
  clearTimer(handle) {
    const timeout = (handle as RealTimer).timeout;
    if (timeout) clearTimeout(timeout);
  },
};

interface FakeTimer extends TimerHandle {
  seq: number;
  callback: () => unknown;
}

/** A clock that moves only when told; `advance` runs due timers in time order and awaits them. */
export class FakeClock implements Clock {
  #nowMs: number;
  #seq = 0;
  #timers = new Set<FakeTimer>();

  constructor(startMs: number) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimer(atMs: number, callback: () => unknown): TimerHandle {
    const timer: FakeTimer = { atMs, seq: (this.#seq += 1), callback };
    this.#timers.add(timer);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers.delete(handle as FakeTimer);
  }

  /** Pending timers, for tests that check what is armed. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves to `targetMs`, running every timer due on the way (awaiting what they return). */
  async advanceTo(targetMs: number): Promise<void> {
    for (;;) {
      let next: FakeTimer | undefined;
      for (const timer of this.#timers) {
        if (timer.atMs > targetMs) continue;
        if (!next || timer.atMs < next.atMs || (timer.atMs === next.atMs && timer.seq < next.seq))
          next = timer;
      }
      if (!next) break;

      this.#timers.delete(next);
      this.#nowMs = Math.max(this.#nowMs, next.atMs);
      await next.callback();
    }
    this.#nowMs = Math.max(this.#nowMs, targetMs);
  }

  /** Moves forward by `ms`. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#nowMs + ms);
  }
}
