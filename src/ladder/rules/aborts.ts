// The abort budget of PRODUCT.md §5 [M-9], derived from history: nothing runs at the monthly
// reset, the month boundary in UTC is simply where counting starts.

/** The start of the calendar month (UTC) that contains `nowMs`. */
export function monthStartUtc(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The next reset: 00:00 UTC on the 1st of the following month. */
export function nextAbortResetUtc(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** What the budget is derived from. */
export interface AbortHistory {
  /** Times of charged aborts (player aborts and upheld no-shows), ms since the epoch. */
  chargedAtMs: readonly number[];
  /** The latest admin reset, if any: the value set and when. */
  adminSet?: { value: number; atMs: number } | undefined;
}

/**
 * Aborts left at `nowMs`: the monthly budget minus this month's charges, or, when an admin set
 * a value this month, that value minus the charges since. Never below zero.
 */
export function abortsLeft(history: AbortHistory, nowMs: number, perMonth: number): number {
  const monthStart = monthStartUtc(nowMs);
  const admin = history.adminSet;
  const useAdmin = admin !== undefined && admin.atMs >= monthStart && admin.atMs <= nowMs;

  const base = useAdmin ? admin.value : perMonth;
  const since = useAdmin ? admin.atMs : monthStart;
  const charged = history.chargedAtMs.filter((t) => t >= since && t <= nowMs).length;
  return Math.max(0, base - charged);
}
