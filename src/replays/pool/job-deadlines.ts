// The deadline of each running job. It is armed when the worker reports that it began the
// decode, so a worker's own start-up (loading tsx and the decoder, ~0.2 s, more on a busy
// machine) never counts against a replay. Until that report a longer grace applies, so a
// worker that never starts still cannot hold a job forever.

interface Running {
  controller: AbortController;
  timer: NodeJS.Timeout;
  handedAt: number;
  startedAt: number | undefined;
}

/** Deadlines of the jobs handed to workers, keyed by job id. */
export class JobDeadlines {
  readonly #running = new Map<number, Running>();
  readonly #deadlineMs: number;
  readonly #startupGraceMs: number;

  /**
   * @param deadlineMs - how long a decode may run once started.
   * @param startupGraceMs - extra time allowed for a worker to pick the job up.
   */
  constructor(deadlineMs: number, startupGraceMs: number) {
    this.#deadlineMs = deadlineMs;
    this.#startupGraceMs = startupGraceMs;
  }

  /** Starts watching a job just handed off; the signal aborts it when its time is up. */
  open(jobId: number): AbortSignal {
    const controller = new AbortController();
    const graceMs = this.#deadlineMs + this.#startupGraceMs;
    const timer = setTimeout(() => controller.abort(), graceMs);
    this.#running.set(jobId, {
      controller,
      timer,
      handedAt: performance.now(),
      startedAt: undefined,
    });
    return controller.signal;
  }

  /** The worker began the decode: from now on the job has `deadlineMs`. */
  markStarted(jobId: number): void {
    const job = this.#running.get(jobId);
    if (!job || job.startedAt !== undefined) return;

    clearTimeout(job.timer);
    job.startedAt = performance.now();
    job.timer = setTimeout(() => job.controller.abort(), this.#deadlineMs);
  }

  /** Whether the worker reported beginning this job's decode. */
  hasStarted(jobId: number): boolean {
    return this.#running.get(jobId)?.startedAt !== undefined;
  }

  /** Stops watching a finished job; returns how long it ran, in seconds. */
  close(jobId: number): number {
    const job = this.#running.get(jobId);
    if (!job) return 0;

    clearTimeout(job.timer);
    this.#running.delete(jobId);
    return (performance.now() - (job.startedAt ?? job.handedAt)) / 1_000;
  }
}
