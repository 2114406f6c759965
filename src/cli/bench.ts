import type { CommandModule } from './commands.js';

// `ladder bench <name> [options]`: the project's benchmarks, each in bench/<name>.ts.
const benches: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  'ladder-app': {
    summary: 'ladder app: one wave of N queued players end to end, and a season re-rating',
    load: () => import('../../bench/ladder-app.js'),
  },
  wave: {
    summary: 'matchmaking: one wave of N queued players (default 1,000), optimal vs greedy',
    load: () => import('../../bench/wave.js'),
  },
  emulator: {
    summary: 'Discord emulator: gateway events/s, requests/s, interactions/s, 10,000 actors',
    load: () => import('../../bench/emulator.js'),
  },
  crash: {
    summary: 'store crash safety: 100 SIGKILLs of a writing child, acknowledged writes lost',
    load: () => import('../../bench/crash.js'),
  },
  store: {
    summary:
      'data layer: load, reads, acknowledged writes, flush rows/s (100k players, 1M matches)',
    load: () => import('../../bench/store.js'),
  },
  replays: {
    summary: 'replay decode latency, floor ratio and pool throughput over the corpus',
    load: () => import('../../bench/replays.js'),
  },
};

/** `ladder bench NAME`: runs one benchmark and prints its figures. */
export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const entry = name ? benches[name] : undefined;
  if (!entry) {
    const list = Object.entries(benches)
      .map(([key, value]) => `  ${key.padEnd(10)} ${value.summary}`)
      .join('\n');
    process.stderr.write(`usage: ladder bench <name> [--json]\n\nbenchmarks:\n${list}\n`);
    return 2;
  }
  const module = await entry.load();
  return (await module.run(rest)) ?? 0;
}
