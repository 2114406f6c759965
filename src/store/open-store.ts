import type { Store, StoreOptions } from './api.js';
import { StoreError } from './errors.js';

/** Opens the store: checks the data folder, migrates, loads memory, replays the journal. */
export async function openStore(options: StoreOptions): Promise<Store> {
  // TODO: the implementation lands in the next commits of the store brief; remove this stub then.
  await Promise.resolve();
  throw new StoreError('closed', `store not implemented yet (dataDir ${options.dataDir})`);
}
