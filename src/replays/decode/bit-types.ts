// A small type language for bit-packed data: enough to describe (and walk) the lobby state.

/** One bit-packed type. */
export type BitType =
  | { kind: 'int'; offset: number; bits: number }
  | { kind: 'bool' }
  | { kind: 'blob'; offset: number; bits: number }
  | { kind: 'bitarray'; bits: number }
  | { kind: 'array'; bits: number; of: BitType }
  | { kind: 'optional'; of: BitType }
  | { kind: 'struct'; fields: Array<[string, BitType, boolean]> };

/** A decoded bit-packed value; bools are 0/1, absent optionals `null`. */
export type BitValue = number | Uint8Array | BitValue[] | { [field: string]: BitValue } | null;

/** An integer of `bits` bits plus `offset`. */
export const int = (bits: number, offset = 0): BitType => ({ kind: 'int', offset, bits });
/** A one-bit boolean. */
export const bool: BitType = { kind: 'bool' };
/** Bytes whose length is `offset` plus a `bits`-bit count. */
export const blob = (bits: number, offset = 0): BitType => ({ kind: 'blob', offset, bits });
/** A bit array whose length is a `bits`-bit count. */
export const bitarray = (bits: number): BitType => ({ kind: 'bitarray', bits });
/** An array whose length is a `bits`-bit count. */
export const array = (bits: number, of: BitType): BitType => ({ kind: 'array', bits, of });
/** A value behind a one-bit presence flag. */
export const optional = (of: BitType): BitType => ({ kind: 'optional', of });
/**
 * Fields in wire order (object key order). With `wanted`, only those fields are built; the
 * others are walked without allocating, which is most of the lobby state.
 */
export const struct = (fields: Record<string, BitType>, wanted?: string[]): BitType => ({
  kind: 'struct',
  fields: Object.entries(fields).map(([name, type]) => [
    name,
    type,
    wanted === undefined || wanted.includes(name),
  ]),
});
