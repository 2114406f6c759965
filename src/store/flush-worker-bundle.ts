import { createRequire, isBuiltin } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { tsxWorkerEntry } from './thread-flusher.js';

// NOTE (why a bundle): a worker thread does not inherit tsx's module hooks on Node 20, and
// registering them again in the worker (flush-worker-entry.mjs) cost the process ~70 MB of RSS
// for as long as the store is open: a worker that registered tsx and loaded the flusher's
// modules added ~90 MB, one started from plain JavaScript importing pg and pino ~20 MB
// (scratch measurements, RSS of the parent before and 4 s after starting the worker). So the
// flusher's own modules are bundled here, once per process, into one JavaScript module the
// worker starts from (a data: URL); packages stay outside it, imported by their file URLs.

const source = fileURLToPath(new URL('./flush-worker.ts', import.meta.url));
const require = createRequire(import.meta.url);

/** Packages (and Node's modules) are imported, not bundled: from a data: URL, by file URL. */
const packagesByUrl: Plugin = {
  name: 'packages-by-url',
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, (args) => ({
      path: isBuiltin(args.path) ? args.path : pathToFileURL(require.resolve(args.path)).href,
      external: true,
    }));
  },
};

let bundled: Promise<URL | string> | undefined;

/**
 * The module the flush worker starts from: the bundle, or, when bundling fails, the entry that
 * registers tsx in the worker (slower to start and heavier, the same behaviour).
 */
export function flushWorkerEntry(): Promise<URL | string> {
  bundled ??= bundle().catch(() => tsxWorkerEntry);
  return bundled;
}

async function bundle(): Promise<URL> {
  const result = await build({
    entryPoints: [source],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    plugins: [packagesByUrl],
  });
  const code = result.outputFiles[0]!.text;
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
