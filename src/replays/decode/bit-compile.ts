import type { BitReader } from './bit-reader.js';
import type { BitType, BitValue } from './bit-types.js';

// Turns a bit-packed type into reader functions once, at module load: no per-field dispatch at
// decode time, and runs of fixed-width fields that nobody reads are skipped in one step.

/** Reads one value. */
export type BitDecoder = (reader: BitReader) => BitValue;

type Skipper = (reader: BitReader) => void;

/** Width in bits when every value of `type` has the same width, else `null`. */
function fixedWidth(type: BitType): number | null {
  if (type.kind === 'int') return type.bits;
  if (type.kind === 'bool') return 1;
  if (type.kind === 'blob' && type.bits === 0) return null;
  if (type.kind !== 'struct') return null;
  let total = 0;
  for (const [, field] of type.fields) {
    const width = fixedWidth(field);
    if (width === null) return null;
    total += width;
  }

  return total;
}

function compileSkipper(type: BitType): Skipper {
  const width = fixedWidth(type);
  if (width !== null) return (reader) => reader.skipBits(width);

  switch (type.kind) {
    case 'blob':
      return (reader) => reader.skipAlignedBytes(type.offset + reader.bits(type.bits));
    case 'bitarray':
      return (reader) => reader.skipBits(reader.bits(type.bits));
    case 'array': {
      // Arrays of plain ints (rewards, licenses) skip in one step.
      const elementWidth = fixedWidth(type.of);
      if (elementWidth !== null) {
        return (reader) => reader.skipBits(reader.bits(type.bits) * elementWidth);
      }

      const skipElement = compileSkipper(type.of);
      return (reader) => {
        const length = reader.bits(type.bits);
        for (let i = 0; i < length; i++) skipElement(reader);
      };
    }

    case 'optional': {
      const skipValue = compileSkipper(type.of);
      return (reader) => {
        if (reader.bits(1) === 1) skipValue(reader);
      };
    }

    default: {
      const steps = type.kind === 'struct' ? skipSteps(type.fields.map(([, t]) => t)) : [];
      return (reader) => {
        for (const step of steps) step(reader);
      };
    }
  }
}

// Consecutive fixed-width fields merge into one skip.
function skipSteps(types: BitType[]): Skipper[] {
  const steps: Skipper[] = [];
  let pending = 0;
  for (const type of types) {
    const width = fixedWidth(type);
    if (width !== null) {
      pending += width;
      continue;
    }

    if (pending > 0) {
      const bits = pending;
      steps.push((reader) => reader.skipBits(bits));
      pending = 0;
    }

    steps.push(compileSkipper(type));
  }

  if (pending > 0) steps.push((reader) => reader.skipBits(pending));
  return steps;
}

/** Compiles `type` into a decoder; struct fields not wanted are skipped, not built. */
export function compileDecoder(type: BitType): BitDecoder {
  switch (type.kind) {
    case 'int': {
      const { offset, bits } = type;
      // Wider than 32 bits only for debug flags, which nobody reads; keep the low word exact.
      if (bits > 32) {
        return (reader) => {
          reader.skipBits(bits - 32);
          return offset + reader.bits(32);
        };
      }

      return (reader) => offset + reader.bits(bits);
    }

    case 'bool':
      return (reader) => reader.bits(1);
    case 'blob':
      return (reader) => reader.alignedBytes(type.offset + reader.bits(type.bits));
    case 'bitarray':
      return (reader) => {
        reader.skipBits(reader.bits(type.bits));
        return null;
      };
    case 'array': {
      const readElement = compileDecoder(type.of);
      return (reader) => {
        const length = reader.bits(type.bits);
        const items: BitValue[] = [];
        for (let i = 0; i < length; i++) items.push(readElement(reader));
        return items;
      };
    }

    case 'optional': {
      const readValue = compileDecoder(type.of);
      return (reader) => (reader.bits(1) === 1 ? readValue(reader) : null);
    }

    case 'struct':
      return compileStruct(type.fields);
  }
}

function compileStruct(fields: Array<[string, BitType, boolean]>): BitDecoder {
  const steps: Array<{ name: string; read: BitDecoder } | { skip: Skipper }> = [];
  let skipped: BitType[] = [];
  const flush = () => {
    for (const skip of skipSteps(skipped)) steps.push({ skip });
    skipped = [];
  };

  for (const [name, type, isWanted] of fields) {
    if (!isWanted) {
      skipped.push(type);
      continue;
    }

    flush();
    steps.push({ name, read: compileDecoder(type) });
  }

  flush();
  return (reader) => {
    const out: { [field: string]: BitValue } = {};
    for (const step of steps) {
      if ('skip' in step) step.skip(reader);
      else out[step.name] = step.read(reader);
    }

    return out;
  };
}
