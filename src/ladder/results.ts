// What every operation returns. A user mistake is a reason code the Discord layer turns into
// text; it is never an exception, and it never changes anything.

/** Why an operation was refused. */
export type Reason =
  // players and guards ([G-1])
  | 'unknown_player'
  | 'no_profile'
  | 'banned'
  | 'terms_not_accepted'
  | 'setup_incomplete'
  | 'invalid_setup'
  | 'unknown_country'
  | 'unknown_notice'
  // queue
  | 'already_queued'
  | 'in_match'
  | 'queue_closed'
  | 'no_race'
  | 'unknown_race'
  | 'wrong_side'
  | 'unknown_map'
  | 'too_many_vetoes'
  | 'quickstart_not_read'
  | 'not_in_queue'
  // matches
  | 'unknown_match'
  | 'not_participant'
  | 'match_over'
  | 'wrong_stage'
  | 'late'
  | 'already_confirmed'
  | 'no_aborts_left'
  | 'already_reported'
  | 'invalid_report'
  | 'needs_replay'
  | 'too_early'
  | 'has_evidence'
  | 'not_claimant'
  | 'not_accused'
  | 'problem_window_closed'
  // replays
  | 'no_open_match'
  | 'not_confirmed'
  | 'several_open_matches'
  | 'duplicate_replay'
  | 'invalid_replay'
  // admin
  | 'self_action'
  | 'invalid_reason'
  | 'invalid_outcome'
  | 'already_banned'
  | 'not_banned'
  | 'out_of_range'
  | 'no_entry'
  | 'unknown_work_item'
  | 'nothing_to_undo'
  | 'undo_expired'
  | 'no_next_season';

/** A refusal, with optional details for the reply (the match number, bad fields...). */
export interface Refusal {
  ok: false;
  reason: Reason;
  /** The match concerned, when the reply names it ("Finish Match #N first"). */
  matchNumber?: number;
  /** Per-field problems of a form. */
  problems?: { field: string; rule: string }[];
}

/** Success with a payload, or a refusal. */
export type Result<T extends object = object> = ({ ok: true } & T) | Refusal;

/** Builds a refusal. */
export function refuse(reason: Reason, extra: Omit<Refusal, 'ok' | 'reason'> = {}): Refusal {
  return { ok: false, reason, ...extra };
}
