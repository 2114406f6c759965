import { VChoice, type VStruct, type VValue } from './versioned.js';
import { ReplayError } from './types.js';

// Typed access to decoded versioned values. A field of the wrong kind is `corrupt`: a crafted
// file must never reach the summary with a blob where a number belongs.

function wrongKind(what: string): never {
  throw new ReplayError('corrupt', `${what} has the wrong kind of value`);
}

/** The value as a struct. */
export function asStruct(value: VValue | undefined, what: string): VStruct {
  if (
    value === null ||
    typeof value !== 'object' ||
    value instanceof Uint8Array ||
    value instanceof VChoice ||
    Array.isArray(value)
  ) {
    return wrongKind(what);
  }

  return value;
}

/** The value as an array. */
export function asArray(value: VValue | undefined, what: string): VValue[] {
  return Array.isArray(value) ? value : wrongKind(what);
}

/** The value as a safe integer (choices yield their inner value). */
export function asInt(value: VValue | undefined, what: string): number {
  const inner = value instanceof VChoice ? value.value : value;
  return typeof inner === 'number' ? inner : wrongKind(what);
}

/** The value as an integer or `fallback` when absent. */
export function optInt(value: VValue | undefined, what: string, fallback: number): number {
  return value === undefined || value === null ? fallback : asInt(value, what);
}

/** The value as an integer that may need 64 bits. */
export function asBigInt(value: VValue | undefined, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  return wrongKind(what);
}

/** The value as bytes. */
export function asBytes(value: VValue | undefined, what: string): Uint8Array {
  return value instanceof Uint8Array ? value : wrongKind(what);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The value as UTF-8 text; `fallback` when absent. */
export function asText(value: VValue | undefined, what: string, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  return utf8.decode(asBytes(value, what));
}
