import { crc32 } from 'node:zlib';
import type { Change } from './entities.js';

// Journal segment layout:
//   magic "EVLJRNL1" (8 bytes)
//   record*: uint32le bodyLength · uint32le crc32(body) · body (UTF-8 JSON {"s": seq, "c": changes})
// A record is whole or it is not there: a crash mid-append leaves a short or mismatching tail,
// which the reader reports as `tornAt` so the caller can cut it off.

/** The first bytes of every journal segment. */
export const segmentMagic = Buffer.from('EVLJRNL1', 'latin1');

/** Bytes before each record's body. */
export const recordHeaderBytes = 8;

/** Largest body accepted; a longer length field can only be garbage. */
export const maxRecordBytes = 256 * 1024 * 1024;

/** One journal record: a batch written by one `store.write` call. */
export interface JournalRecord {
  seq: number;
  changes: Change[];
  /**
   * Each change's record as JSON, when the writer made it: the journal and the flusher both
   * use it, so a record is serialized once (never stored; a decoded record has none).
   */
  encoded?: readonly string[];
}

/** Each change's record as JSON, for `JournalRecord.encoded`. */
export function encodeChanges(changes: readonly Change[]): string[] {
  return changes.map((change) => JSON.stringify(change.record));
}

/** Encodes one record with its header. */
export function encodeRecord(record: JournalRecord): Buffer {
  const { encoded } = record;
  // The same body JSON.stringify would make of {s, c}, assembled from the encoded records.
  const json = encoded
    ? `{"s":${record.seq},"c":[${record.changes
        .map((change, i) => `{"kind":${JSON.stringify(change.kind)},"record":${encoded[i]!}}`)
        .join(',')}]}`
    : JSON.stringify({ s: record.seq, c: record.changes });
  const body = Buffer.from(json, 'utf8');
  const frame = Buffer.allocUnsafe(recordHeaderBytes + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  body.copy(frame, recordHeaderBytes);
  return frame;
}

/** What a segment's bytes hold. */
export interface DecodedSegment {
  records: JournalRecord[];
  /** Length of the valid prefix (magic plus whole records). */
  validBytes: number;
  /** Offset of the first torn or damaged record, or null when the segment ends cleanly. */
  tornAt: number | null;
  /** Why the tail was rejected. */
  tornReason: 'short_header' | 'short_body' | 'bad_length' | 'bad_checksum' | 'bad_body' | null;
}

/** Whether `bytes` starts like a journal segment (an empty file is a fresh segment). */
export function hasSegmentMagic(bytes: Buffer): boolean {
  if (bytes.length < segmentMagic.length)
    return segmentMagic.subarray(0, bytes.length).equals(bytes);
  return bytes.subarray(0, segmentMagic.length).equals(segmentMagic);
}

/** Decodes a segment, stopping at the first record that is not whole and intact. */
export function decodeSegment(bytes: Buffer): DecodedSegment {
  const records: JournalRecord[] = [];
  if (bytes.length < segmentMagic.length) {
    const torn = bytes.length === 0 ? null : 0;
    return {
      records,
      validBytes: 0,
      tornAt: torn,
      tornReason: torn === null ? null : 'short_header',
    };
  }

  let offset = segmentMagic.length;
  const torn = (reason: DecodedSegment['tornReason']): DecodedSegment => ({
    records,
    validBytes: offset,
    tornAt: offset,
    tornReason: reason,
  });

  while (offset < bytes.length) {
    if (bytes.length - offset < recordHeaderBytes) return torn('short_header');
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    if (length === 0 || length > maxRecordBytes) return torn('bad_length');

    const start = offset + recordHeaderBytes;
    if (bytes.length - start < length) return torn('short_body');
    const body = bytes.subarray(start, start + length);
    if (crc32(body) !== checksum) return torn('bad_checksum');

    const record = parseBody(body);
    if (!record) return torn('bad_body');
    records.push(record);
    offset = start + length;
  }
  return { records, validBytes: offset, tornAt: null, tornReason: null };
}

function parseBody(body: Buffer): JournalRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;

  const { s, c } = value as { s?: unknown; c?: unknown };
  if (typeof s !== 'number' || !Number.isSafeInteger(s) || s <= 0 || !Array.isArray(c))
    return undefined;
  return { seq: s, changes: c as Change[] };
}
