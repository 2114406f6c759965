import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultRulesConfig } from '../src/ladder/rules/config.js';
import { greedyWave } from '../src/ladder/rules/pairing/greedy-wave.js';
import { solveWave, waveBound } from '../src/ladder/rules/pairing/pair-wave.js';
import { alphaPool, communityPool } from '../src/ladder/simulate/index.js';

// `ladder bench wave [--queued 1000] [--runs 15] [--seed 1] [--waited W] [--bound] [--json]`:
// the compute time of one wave over N queued players from the simulator's community (regions,
// two-game players, vetoes), waves waited spread over 1–6, or all W as in a burst of joins.
// Prints the median and spread of several runs for the exact wave and, in the same run, for
// the predecessor's greedy wave, each after 30 untimed warm-up runs (see `time`). `--bound`
// also solves the fractional matching bound of the pool, an independent floor under the exact
// wave's cost.

// Wall time and this thread's CPU time per run: on a shared machine the CPU time shows the
// work itself, the wall time also includes waiting for a core. The timed runs follow
// `warmUpRuns` untimed ones over the same pool: after a single warm-up the first timed waves
// were still being compiled (18–28 ms against 11 ms later), and a ladder runs its waves every
// 45 s in one long-lived process, so the steady state is the figure that matters.
const warmUpRuns = 30;

function time(fn: () => void, runs: number): { wall: number[]; cpu: number[] } {
  for (let i = 0; i < warmUpRuns; i += 1) fn(); // warm-up runs, not counted
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    fn();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

/** Runs the wave benchmark and prints its figures. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      queued: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      waited: { type: 'string' },
      json: { type: 'boolean' },
      bound: { type: 'boolean' },
    },
  });
  const queued = Number(values.queued ?? 1000);
  const runs = Number(values.runs ?? 15);
  const seed = Number(values.seed ?? 1);
  const waited = values.waited === undefined ? null : Number(values.waited);
  if (![queued, runs, seed, waited ?? 1].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write(
      'usage: ladder bench wave [--queued N] [--runs N] [--seed N] [--waited W] [--bound] [--json]\n',
    );
    return 2;
  }

  const entries = communityPool(queued, seed, alphaPool, waited);
  const s = defaultRulesConfig.matchmaking;
  const { result: optimal, certificate } = solveWave(entries, alphaPool, s);
  const greedy = greedyWave(entries, alphaPool, s);
  const costOf = (pairs: readonly { cost: number }[]) => pairs.reduce((sum, p) => sum + p.cost, 0);
  const figures = {
    queued,
    runs,
    optimal: {
      pairs: optimal.pairs.length,
      exact: optimal.exact ?? false,
      cost: costOf(optimal.pairs),
      bound: values.bound ? waveBound(entries, alphaPool, s) : null,
      allowedEdges: optimal.allowedEdges,
      solves: certificate.rounds,
      stages: certificate.stages,
      ms: time(() => solveWave(entries, alphaPool, s), runs),
    },
    greedy: {
      pairs: greedy.pairs.length,
      cost: costOf(greedy.pairs),
      ms: time(() => greedyWave(entries, alphaPool, s), runs),
    },
  };

  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return 0;
  }

  const o = figures.optimal;
  const bound =
    o.bound === null
      ? ''
      : ` (fractional bound ${o.bound.pairs} pairs, cost ${o.bound.cost.toFixed(1)})`;
  process.stdout.write(
    `optimal  ${queued} queued: ${o.pairs} pairs, cost ${o.cost.toFixed(1)}${bound}, ` +
      `proven optimal: ${o.exact}, ${o.allowedEdges} allowed edges, ${o.solves} solves, ` +
      `${o.stages} blossom stages; ${timing(o.ms, runs)}\n`,
  );
  const g = figures.greedy;
  process.stdout.write(
    `greedy   ${queued} queued: ${g.pairs} pairs, cost ${g.cost.toFixed(1)}; ${timing(g.ms, runs)}\n`,
  );
  return 0;
}

function timing(ms: { wall: number[]; cpu: number[] }, runs: number): string {
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] as number;
  return (
    `over ${runs} runs after ${warmUpRuns} warm-up runs: ` +
    `wall median ${median(ms.wall).toFixed(2)} ms ` +
    `(min ${(ms.wall[0] as number).toFixed(2)}, max ${(ms.wall.at(-1) as number).toFixed(2)}), ` +
    `CPU median ${median(ms.cpu).toFixed(2)} ms`
  );
}
