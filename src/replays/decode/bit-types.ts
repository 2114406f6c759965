import type { BitReader } from './bit-reader.js';

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

/** Walks one value of `type` without building it. */
export function skipBits(reader: BitReader, type: BitType): void {
  switch (type.kind) {
    case 'int':
      reader.skipBits(type.bits);
      return;
    case 'bool':
      reader.skipBits(1);
      return;
    case 'blob':
      reader.skipAlignedBytes(type.offset + reader.bits(type.bits));
      return;
    case 'bitarray':
      reader.skipBits(reader.bits(type.bits));
      return;
    case 'array': {
      const length = reader.bits(type.bits);
      // Arrays of plain ints (rewards, licenses) skip in one step.
      if (type.of.kind === 'int') reader.skipBits(length * type.of.bits);
      else for (let i = 0; i < length; i++) skipBits(reader, type.of);
      return;
    }

    case 'optional':
      if (reader.bits(1) === 1) skipBits(reader, type.of);
      return;
    case 'struct':
      for (const [, fieldType] of type.fields) skipBits(reader, fieldType);
  }
}

/** Reads one value of `type`. Unused parts are still walked: the layout has no lengths. */
export function readBits(reader: BitReader, type: BitType): BitValue {
  switch (type.kind) {
    case 'int':
      // Wider than 32 bits only for debug flags, which nobody reads; keep the low word exact.
      if (type.bits > 32) {
        reader.skipBits(type.bits - 32);
        return type.offset + reader.bits(32);
      }

      return type.offset + reader.bits(type.bits);
    case 'bool':
      return reader.bits(1);
    case 'blob':
      return reader.alignedBytes(type.offset + reader.bits(type.bits));
    case 'bitarray':
      reader.skipBits(reader.bits(type.bits));
      return null;
    case 'array': {
      const length = reader.bits(type.bits);
      const items: BitValue[] = [];
      for (let i = 0; i < length; i++) items.push(readBits(reader, type.of));
      return items;
    }

    case 'optional':
      return reader.bits(1) === 1 ? readBits(reader, type.of) : null;
    case 'struct': {
      const out: { [field: string]: BitValue } = {};
      for (const [name, fieldType, isWanted] of type.fields) {
        if (isWanted) out[name] = readBits(reader, fieldType);
        else skipBits(reader, fieldType);
      }

      return out;
    }
  }
}
