import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobDeadlines } from '../../src/replays/pool/job-deadlines.js';

// The pool's deadline bookkeeping on a fake clock: no worker, no waiting.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('JobDeadlines', () => {
  it('allows deadline plus start-up grace before a job is picked up', () => {
    const deadlines = new JobDeadlines(1_000, 5_000);
    const signal = deadlines.open(1);

    vi.advanceTimersByTime(5_999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect(deadlines.hasStarted(1)).toBe(false);
  });

  it('gives a started job exactly its deadline from the start', () => {
    const deadlines = new JobDeadlines(1_000, 5_000);
    const signal = deadlines.open(7);

    vi.advanceTimersByTime(4_000);
    deadlines.markStarted(7);
    vi.advanceTimersByTime(999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect(deadlines.hasStarted(7)).toBe(true);
  });

  it('ignores a second start report and reports for unknown jobs', () => {
    const deadlines = new JobDeadlines(1_000, 5_000);
    const signal = deadlines.open(2);

    deadlines.markStarted(2);
    vi.advanceTimersByTime(600);
    deadlines.markStarted(2);
    deadlines.markStarted(99);
    vi.advanceTimersByTime(400);
    expect(signal.aborted).toBe(true);
  });

  it('measures a closed job from its start and leaves no timer behind', () => {
    const deadlines = new JobDeadlines(1_000, 5_000);
    const signal = deadlines.open(3);

    vi.advanceTimersByTime(200);
    deadlines.markStarted(3);
    vi.advanceTimersByTime(250);
    expect(deadlines.close(3)).toBeCloseTo(0.25, 6);
    expect(vi.getTimerCount()).toBe(0);

    vi.advanceTimersByTime(10_000);
    expect(signal.aborted).toBe(false);
    expect(deadlines.close(3)).toBe(0);
  });

  it('measures a job that never started from its hand-off', () => {
    const deadlines = new JobDeadlines(1_000, 5_000);
    deadlines.open(4);
    vi.advanceTimersByTime(300);
    expect(deadlines.close(4)).toBeCloseTo(0.3, 6);
  });
});
