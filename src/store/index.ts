// The data layer's whole face. Reads are synchronous and in memory (`store.read`); writes go
// through `store.write(changes)`, which resolves once the change is durable in the journal.
//
//   const store = await openStore({ dataDir: config.LADDER_DATA_DIR, logger });
//   const player = store.read.playerByDiscordId('1234');
//   await store.write([{ kind: 'player', record: { ...player, country: 'KR', updatedAt: now } }]);
//
// Records are whole: a change replaces the record with the same id. Build the new record from
// the old one with a spread; never mutate a record you read.

export { openStore } from './open-store.js';
export { storeOptionsFromConfig } from './from-config.js';
export { migrateStore, type MigrationResult } from './migrate.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export type {
  GameRecord,
  LeaderboardFilter,
  LeaderboardPage,
  RankLetter,
  PlayerStats,
  RaceStats,
  RankedEntry,
  Store,
  StoreOptions,
  StoreReader,
  StoreStats,
} from './api.js';
export * from './entities.js';
export { bandSizes, bandLetterTable, defaultBandShares } from './rank-bands.js';
export { rankedWindowMs } from './ranking.js';
