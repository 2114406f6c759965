import { randomUUID } from 'node:crypto';
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

/** A new record id with a readable prefix. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
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
