import { races, type Change, type Race } from './entities.js';
import { StoreError } from './errors.js';
import { tableOf, type Column, type Table } from './tables.js';

// Shape checks for every change before anything is applied. A change that passes can always be
// journaled and flushed: no field the table lacks, no value its column type rejects, and no
// NUL character (PostgreSQL text and jsonb cannot hold one). A batch with one bad change is
// refused whole.

const maxIdLength = 200;
const int4Max = 2_147_483_647;
const raceSet: ReadonlySet<string> = new Set<Race>(races);

// Field names of each table, built once: a Set per change was a hot spot of bulk writes.
const knownFields = new Map<Table, ReadonlySet<string>>();

function fieldsOf(table: Table): ReadonlySet<string> {
  let known = knownFields.get(table);
  if (!known) {
    known = new Set(table.columns.map((column) => column.field));
    knownFields.set(table, known);
  }
  return known;
}

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

  // Named only when something is wrong: building it for every valid change cost time.
  const where = () => `${change.kind} ${JSON.stringify(id)}`;
  const known = fieldsOf(table);
  for (const field of Object.keys(record)) {
    if (!known.has(field)) throw invalid(`${where()}: unknown field ${field}`);
  }
  for (const column of table.columns) {
    const problem = checkValue(column, record[column.field]);
    if (problem) throw invalid(`${where()}: ${column.field} ${problem}`);
  }

  const race = record.race;
  if (race !== undefined && !raceSet.has(race as string)) {
    throw invalid(`${where()}: race must be one of ${races.join(', ')}`);
  }
}

function checkValue(column: Column, value: unknown): string | undefined {
  if (value === undefined) return 'is missing (use null for no value)';
  if (value === null) return column.field === 'id' ? 'must not be null' : undefined;

  switch (column.type) {
    case 'text':
      return typeof value === 'string' ? stringProblem(value) : 'must be a string';
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
  // One walk checks everything JSON.stringify would silently change or PostgreSQL refuse.
  try {
    return jsonProblem(value);
  } catch {
    return 'must be JSON (nested too deep or cyclic)';
  }
}

// A lone UTF-16 surrogate cannot be encoded as UTF-8: it would come back as U+FFFD.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Almost every string has neither a NUL nor any surrogate: one scan clears it.
// eslint-disable-next-line no-control-regex -- the NUL is what this looks for.
const suspect = /[\u0000\uD800-\uDFFF]/;

function isWellFormed(text: string): boolean {
  return !loneSurrogate.test(text);
}

function stringProblem(text: string): string | undefined {
  if (!suspect.test(text)) return undefined;
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  return isWellFormed(text) ? undefined : 'must be well-formed Unicode (a lone surrogate)';
}

function jsonProblem(value: unknown, depth = 0): string | undefined {
  if (depth > 64) throw new RangeError('too deep');
  if (typeof value === 'string') return stringProblem(value);
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : 'must hold finite numbers';

  if (Array.isArray(value)) {
    for (const member of value) {
      const problem = jsonProblem(member, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }

  // Only plain objects survive JSON unchanged: no Date, Map, class instances, undefined members.
  if (typeof value !== 'object') return 'must hold only JSON values';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 'must hold only JSON values';
  for (const key in value) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) return 'must hold only JSON values (an undefined member)';
    const problem = stringProblem(key) ?? jsonProblem(member, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function invalid(message: string): StoreError {
  return new StoreError('invalid_change', message);
}
