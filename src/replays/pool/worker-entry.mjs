/* global URL */
// The file piscina starts in each worker thread. Workers do not inherit the parent's module
// hooks on Node 20, so this registers tsx itself, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import(new URL('./worker.ts', import.meta.url).href);

/** The task handler piscina calls: parse one replay. */
export default worker.default;
