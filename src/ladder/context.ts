import { randomInt } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Change, Match, Store } from '../store/index.js';
import type { Clock } from './clock.js';
import type { LadderEvents, PendingEvent } from './events.js';
import type { PairWave } from './pairing.js';
import type { LadderSettings } from './settings.js';
import type { ReplayVerifier } from './verify.js';

// What every operation module shares. Operations read the store, decide, and hand one batch of
// changes plus the events it causes to `commit`. Reading and the call to `store.write` happen in
// one synchronous stretch, so two operations can never interleave between check and change.

/** The shared parts of one ladder instance. */
export interface LadderContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: LadderSettings;
  readonly events: LadderEvents;
  readonly log: Logger;
  readonly pairWave: PairWave;
  readonly verifier: ReplayVerifier;
  /** Called with every match a commit wrote, once durable; the scheduler re-arms it. */
  onMatchesWritten: (matches: readonly Match[]) => void;
}

// Ids sort by creation time: 11 hex digits of the millisecond clock (enough until the year
// 2527), then 9 of a sequence that starts at a random point each millisecond and counts up
// within it. New rows then land at the right edge of each primary-key btree instead of on a
// random page of it (measured in src/store/flusher.ts). Within one process ids never repeat or
// go backwards, even when the clock does; the random start keeps two processes apart. Ids stay
// opaque: nothing may parse them.
const sequenceLimit = 16 ** 9;
let lastMs = 0;
let sequence = 0;

/** A new record id with a readable prefix: `prefix_` and 20 hex digits, ordered by creation. */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // The lower half of the range: a burst of 2^35 ids in one millisecond still fits.
    sequence = randomInt(sequenceLimit / 2);
  } else if (++sequence >= sequenceLimit) {
    lastMs += 1;
    sequence = randomInt(sequenceLimit / 2);
  }
  return `${prefix}_${lastMs.toString(16).padStart(11, '0')}${sequence.toString(16).padStart(9, '0')}`;
}

/**
 * Writes one batch and, once durable, re-arms the written matches and emits the events.
 * Must be called in the same synchronous stretch as the checks that led to it.
 */
export async function commit(
  ctx: LadderContext,
  changes: readonly Change[],
  events: readonly PendingEvent[] = [],
): Promise<void> {
  if (changes.length > 0) await ctx.store.write(changes);

  const matches = changes.flatMap((change) => (change.kind === 'match' ? [change.record] : []));
  if (matches.length > 0) ctx.onMatchesWritten(matches);
  for (const { name, event } of events) ctx.events.emit(name, event as never);
}
