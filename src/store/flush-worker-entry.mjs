/* global URL */
// The file the flush worker thread starts from. Workers do not inherit the parent's module
// hooks on Node 20, so this registers tsx itself, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./flush-worker.ts', import.meta.url).href);
