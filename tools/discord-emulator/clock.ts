/** The emulator's notion of time: wall clock plus an offset that tests may advance. */
export class EmulatorClock {
  private offsetMs = 0;

  /** Milliseconds since the Unix epoch, as the emulator sees them. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /**
   * Moves emulator time forward without waiting, to cross the 3 s and 15 min interaction
   * deadlines in tests. Rate-limit windows move with it.
   */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
