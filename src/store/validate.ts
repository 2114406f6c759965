import { races, type Change, type Race } from './entities.js';
import { StoreError } from './errors.js';
import { tableOf, type Column } from './tables.js';

// Shape checks for every change before anything is applied. A change that passes can always be
// journaled and flushed: no field the table lacks, no value its column type rejects, and no
// NUL character (PostgreSQL text and jsonb cannot hold one). A batch with one bad change is
// refused whole.

const maxIdLength = 200;
const int4Max = 2_147_483_647;
const raceSet: ReadonlySet<string> = new Set<Race>(races);

/** Throws `invalid_change` naming the first bad change, its field and the rule it breaks. */
export function validateChanges(changes: readonly Change[]): void {
  if (!Array.isArray(changes) || changes.length === 0) {
    throw invalid('a write needs a non-empty array of changes');
  }
  for (const [index, change] of changes.entries()) validateChange(change, index);
}

function validateChange(change: Change, index: number): void {
  if (typeof change !== 'object' || change === null)
    throw invalid(`change ${index} is not an object`);
  const table = tableOf.get(change.kind);
  if (!table) throw invalid(`change ${index} has unknown kind ${JSON.stringify(change.kind)}`);

  const record = change.record as unknown as Record<string, unknown>;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw invalid(`change ${index} (${change.kind}) has no record`);
  }

  const { id } = record;
  if (typeof id !== 'string' || id.length === 0 || id.length > maxIdLength) {
    throw invalid(
      `${change.kind} change ${index}: id must be a string of 1–${maxIdLength} characters`,
    );
  }

  const where = `${change.kind} ${JSON.stringify(id)}`;
  const known = new Set(table.columns.map((column) => column.field));
  for (const field of Object.keys(record)) {
    if (!known.has(field)) throw invalid(`${where}: unknown field ${field}`);
  }
  for (const column of table.columns) {
    const problem = checkValue(column, record[column.field]);
    if (problem) throw invalid(`${where}: ${column.field} ${problem}`);
  }

  const race = record.race;
  if (race !== undefined && !raceSet.has(race as string)) {
    throw invalid(`${where}: race must be one of ${races.join(', ')}`);
  }
}

function checkValue(column: Column, value: unknown): string | undefined {
  if (value === undefined) return 'is missing (use null for no value)';
  if (value === null) return column.field === 'id' ? 'must not be null' : undefined;

  switch (column.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be a string';
      if (value.includes('\u0000')) return 'must not contain a NUL character';
      return isWellFormed(value) ? undefined : 'must be well-formed Unicode (a lone surrogate)';
    case 'int8':
      return Number.isSafeInteger(value) ? undefined : 'must be a safe integer';
    case 'int4':
      return Number.isInteger(value) && Math.abs(value as number) <= int4Max
        ? undefined
        : 'must be a 32-bit integer';
    case 'float8':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'must be a finite number';
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'jsonb':
      return checkJson(value);
  }
}

function checkJson(value: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return 'must be JSON (no cycles, no bigint)';
  }
  if (text === undefined) return 'must be JSON';
  if (text.includes('\\u0000')) return 'must not contain a NUL character';
  // Round-trip check: NaN, Infinity, undefined members and class instances do not survive.
  return isPlainJson(value) ? undefined : 'must hold only JSON values';
}

// A lone UTF-16 surrogate cannot be encoded as UTF-8: it would come back as U+FFFD.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isWellFormed(text: string): boolean {
  return !loneSurrogate.test(text);
}

function isPlainJson(value: unknown): boolean {
  if (typeof value === 'string') return isWellFormed(value);
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.entries(value).every(
    ([key, member]) => isWellFormed(key) && member !== undefined && isPlainJson(member),
  );
}

function invalid(message: string): StoreError {
  return new StoreError('invalid_change', message);
}
