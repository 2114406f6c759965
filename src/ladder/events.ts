import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import type { Match, QueueEntry, QueueExit, Race, Replay, Wave, WorkItem } from '../store/index.js';

// Events for the adapters (Discord, web). Every event is emitted only after the change it
// describes is durable ([M-1]), so an adapter may announce it at once.

/** The stage deadline that passed and what it led to. */
export interface DeadlinePassed {
  match: Match;
  /** The stage whose deadline passed. */
  stage: Match['stage'];
}

/** Every event the ladder emits, by name. */
export interface LadderEventMap {
  /** T1: a wave paired two players; both must confirm. */
  match_found: { match: Match };
  /** A confirmation window was renewed after an outage ([M-3]). */
  confirmation_renewed: { match: Match };
  /** The 20 s reminder to a player who has not confirmed. */
  confirmation_reminder: { match: Match; playerId: string };
  /** T2: one player confirmed; the other is told. */
  opponent_confirmed: { match: Match; playerId: string };
  /** T3: both confirmed; details go out, with each player's unacknowledged race notices. */
  match_started: { match: Match; notices: { playerId: string; keys: string[] }[] };
  /** The 45 and 80 min reminders to a player with neither a replay nor a report. */
  report_reminder: { match: Match; playerId: string; key: string };
  /** A stage deadline passed and was applied. */
  deadline_passed: DeadlinePassed;
  /** T9: one player reported; the other is asked to agree. */
  opponent_reported: { match: Match; playerId: string; value: 'win' | 'loss' | 'draw' };
  /** T12 / T15 / T16 no-show claim changes. */
  no_show_claimed: { match: Match; claimantId: string };
  no_show_withdrawn: { match: Match };
  /** An upload was checked (every upload, rejected ones included: [V-2]). */
  replay_verified: { match: Match; replay: Replay };
  /** A match reached `finalized`. */
  result_final: { match: Match };
  /** A match ended without a result: aborted, abandoned or voided. */
  match_ended: { match: Match };
  dispute_opened: { match: Match; workItem: WorkItem };
  dispute_resolved: { match: Match; workItem: WorkItem | null };
  /** The 24 h admin reminder of an open dispute. */
  dispute_reminder: { match: Match };
  /** A work-queue card: review item or signal. */
  work_item_opened: { workItem: WorkItem };
  /** An entry's letter rank or rating changed after a result or correction. */
  rank_changed: {
    playerId: string;
    race: Race;
    ratingBefore: number | null;
    ratingAfter: number;
    letterBefore: string;
    letterAfter: string;
  };
  /** A player left the pool for a reason other than a match. */
  queue_left: { entry: QueueEntry; reason: QueueExit };
  /** An innocent player went back into the pool with their original wait (T4, T5, T20). */
  requeued: { entry: QueueEntry; matchId: string };
  /** A wave ran. */
  wave_done: WaveReport;
}

/** Figures of one wave ([MM-6]): the stored wave record without its bookkeeping. */
export type WaveReport = Omit<Wave, 'id' | 'seasonId' | 'createdAt'>;

/** Name of a ladder event. */
export type LadderEventName = keyof LadderEventMap;

/** A typed event bus; a throwing listener is logged and never breaks the ladder. */
export class LadderEvents {
  readonly #emitter = new EventEmitter();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
    this.#emitter.setMaxListeners(0);
  }

  /** Subscribes to one event. */
  on<K extends LadderEventName>(name: K, listener: (event: LadderEventMap[K]) => void): this {
    this.#emitter.on(name, listener);
    return this;
  }

  /** Unsubscribes. */
  off<K extends LadderEventName>(name: K, listener: (event: LadderEventMap[K]) => void): this {
    this.#emitter.off(name, listener);
    return this;
  }

  /** Emits one event to every listener. */
  emit<K extends LadderEventName>(name: K, event: LadderEventMap[K]): void {
    for (const listener of this.#emitter.listeners(name)) {
      try {
        (listener as (e: LadderEventMap[K]) => void)(event);
      } catch (err) {
        this.#log.error({ err, event: name }, 'event listener failed');
      }
    }
  }
}

/** An event waiting for its change to be durable. */
export type PendingEvent = {
  [K in LadderEventName]: { name: K; event: LadderEventMap[K] };
}[LadderEventName];

/** Builds a pending event with its payload type checked. */
export function pending<K extends LadderEventName>(
  name: K,
  event: LadderEventMap[K],
): PendingEvent {
  return { name, event } as PendingEvent;
}
