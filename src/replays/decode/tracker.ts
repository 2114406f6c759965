import { asInt } from './fields.js';
import { VChoice, VersionedReader, type VStruct, type VValue } from './versioned.js';

/** Tracker event ids (REPLAY_FORMAT.md §12.2) that the statistics use. */
export const TrackerEvent = {
  playerStats: 0,
  unitBorn: 1,
  upgrade: 5,
  unitInit: 6,
} as const;

/** One tracker event: its game loop, id and body struct. */
export interface TrackerEventRecord {
  loop: number;
  id: number;
  body: VStruct;
}

/**
 * Walks `replay.tracker.events`, calling `visit` for every event. Each event is a loop delta
 * (a choice holding an int), an event id and a struct; the stream has no other framing.
 */
export function walkTrackerEvents(
  bytes: Uint8Array,
  visit: (event: TrackerEventRecord) => void,
  wanted?: ReadonlySet<number>,
): void {
  // Annotated so that `reader.fail` (returns never) narrows the body below.
  const reader: VersionedReader = new VersionedReader(bytes);
  let loop = 0;
  while (reader.remaining > 0) {
    const delta = asInt(reader.value(), 'tracker loop delta');
    const id = asInt(reader.value(), 'tracker event id');
    if (delta < 0) reader.fail('corrupt', 'a tracker event goes back in time');
    loop += delta;

    // Unit positions and deaths are most of a long game; walk past them without building them.
    if (wanted !== undefined && !wanted.has(id)) {
      reader.skip();
      continue;
    }

    const body = reader.value();
    if (!isStruct(body)) reader.fail('corrupt', 'a tracker event body is not a struct');
    visit({ loop, id, body });
  }
}

function isStruct(value: VValue): value is VStruct {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Uint8Array) &&
    !Array.isArray(value) &&
    !(value instanceof VChoice)
  );
}
