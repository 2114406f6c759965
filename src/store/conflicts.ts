import { appendOnlyKinds, ratingId, type Change, type Player } from './entities.js';
import { StoreError } from './errors.js';
import type { ReadModel } from './read-model.js';

// Rules that need the current state: ids of append-only records are never reused, and a
// Discord id, a ladder name (ignoring case) and a match number belong to one record each. A
// batch is checked as if applied in order, so a batch may hand a name from one player to
// another.

/** Throws `conflict` (or `invalid_change` for a mis-keyed rating) if the batch breaks a rule. */
export function checkConflicts(model: ReadModel, changes: readonly Change[]): void {
  // Owner of each unique key as the batch changes it; null = released earlier in the batch.
  const overlay = new Map<string, string | null>();
  const seen = new Set<string>();
  const ownerOf = (
    key: string,
    index: { get(raw: string | number): string | undefined },
    raw: string | number,
  ) => (overlay.has(key) ? overlay.get(key) : index.get(raw));

  for (const change of changes) {
    const { id } = change.record;
    const key = `${change.kind}/${id}`;
    if (appendOnlyKinds.has(change.kind) && (seen.has(key) || hasRecord(model, change))) {
      throw conflict(`${change.kind} ${JSON.stringify(id)} already exists and is append-only`);
    }
    seen.add(key);

    if (change.kind === 'player') {
      checkPlayer(model, change.record, overlay, ownerOf);
    } else if (change.kind === 'match') {
      const { number } = change.record;
      const owner = ownerOf(`match#${number}`, model.matchByNumber, number);
      if (owner && owner !== id) throw conflict(`match number ${number} belongs to match ${owner}`);
      overlay.set(`match#${number}`, id);
    } else if (change.kind === 'rating') {
      const { seasonId, playerId, race } = change.record;
      if (id !== ratingId(seasonId, playerId, race)) {
        throw new StoreError(
          'invalid_change',
          `rating ${JSON.stringify(id)} must have the id ${ratingId(seasonId, playerId, race)}`,
        );
      }
    }
  }
}

function checkPlayer(
  model: ReadModel,
  record: Player,
  overlay: Map<string, string | null>,
  ownerOf: (
    key: string,
    index: ReadonlyMap<string, string>,
    raw: string,
  ) => string | null | undefined,
): void {
  const old = model.records.player.get(record.id);
  if (old && old.discordId !== record.discordId) overlay.set(`discord#${old.discordId}`, null);
  if (old?.ladderName) overlay.set(`name#${old.ladderName.toLowerCase()}`, null);

  const discordOwner = ownerOf(
    `discord#${record.discordId}`,
    model.playerByDiscordId,
    record.discordId,
  );
  if (discordOwner && discordOwner !== record.id) {
    throw conflict(`Discord id ${record.discordId} belongs to player ${discordOwner}`);
  }
  overlay.set(`discord#${record.discordId}`, record.id);

  if (record.ladderName === null) return;
  const name = record.ladderName.toLowerCase();
  const nameOwner = ownerOf(`name#${name}`, model.playerByName, name);
  if (nameOwner && nameOwner !== record.id) {
    throw conflict(`ladder name ${record.ladderName} belongs to player ${nameOwner}`);
  }
  overlay.set(`name#${name}`, record.id);
}

function hasRecord(model: ReadModel, change: Change): boolean {
  return (model.records[change.kind] as Map<string, unknown>).has(change.record.id);
}

function conflict(message: string): StoreError {
  return new StoreError('conflict', message);
}
