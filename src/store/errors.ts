import { LadderError } from '../errors.js';

/** Codes raised by the data layer. */
export type StoreErrorCode =
  | 'invalid_change'
  | 'conflict'
  | 'closed'
  | 'journal_failed'
  | 'journal_corrupt'
  | 'unknown_data_dir'
  | 'data_dir_in_use'
  | 'schema_too_new'
  | 'migration_failed'
  | 'database_unavailable'
  | 'flush_mark_moved'
  | 'flusher_failed';

/** A data-layer failure; `seq` names the journal record involved, when there is one. */
export class StoreError extends LadderError<StoreErrorCode> {
  readonly seq: number | undefined;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown; seq?: number }) {
    super(code, message, options);
    this.seq = options?.seq;
  }
}
