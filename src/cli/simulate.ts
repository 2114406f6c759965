import { parseArgs } from 'node:util';
import { defaultRulesConfig, type RulesConfig } from '../ladder/rules/config.js';
import {
  formatReports,
  runSimulation,
  type Policy,
  type SimulationReport,
} from '../ladder/simulate/index.js';

// `ladder simulate`: replays a synthetic community through the real rules and prints the
// figures of the chosen policy; `optimal` also runs the predecessor's `greedy` wave on the same
// community as the baseline, so the comparison comes from one run. The baseline is the
// predecessor as it ran: with the default constants, whatever the overrides say, unless
// `--baseline-same-rules` gives it the overridden constants too.

const usage = `usage: ladder simulate --players N --hours H --seed S --policy optimal|greedy [--json] [--no-baseline]
       [--latency 0,30,100] [--wait-bonus 20] [--window-base 100] [--window-growth 50]
       [--baseline-same-rules]
`;

function positive(name: string, value: string | undefined, fallback: number): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : `--${name} must be a positive number (got "${value}")`;
}

/** Matchmaking constants overridden from the command line (§6.4 names). */
function overrides(
  values: Record<string, string | boolean | undefined>,
  problems: string[],
): RulesConfig {
  const m = { ...defaultRulesConfig.matchmaking };
  const num = (name: string) => {
    const raw = values[name];
    if (typeof raw !== 'string') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      problems.push(`--${name} must be a non-negative number (got "${raw}")`);
    return n;
  };

  m.waitBonus = num('wait-bonus') ?? m.waitBonus;
  m.windowBase = num('window-base') ?? m.windowBase;
  m.windowGrowth = num('window-growth') ?? m.windowGrowth;
  if (typeof values.latency === 'string') {
    const parts = values.latency.split(',').map(Number);
    if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
      problems.push(`--latency must be three penalties like 0,30,100 (got "${values.latency}")`);
    } else {
      m.latencyPenalty = parts as [number, number, number];
    }
  }
  return { ...defaultRulesConfig, matchmaking: m };
}

/** `ladder simulate`: prints the figures of one or two policies over the same community. */
export async function run(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        players: { type: 'string' },
        hours: { type: 'string' },
        seed: { type: 'string' },
        policy: { type: 'string' },
        json: { type: 'boolean' },
        'no-baseline': { type: 'boolean' },
        'baseline-same-rules': { type: 'boolean' },
        latency: { type: 'string' },
        'wait-bonus': { type: 'string' },
        'window-base': { type: 'string' },
        'window-growth': { type: 'string' },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`);
    return 2;
  }

  const players = positive('players', values.players, 500);
  const hours = positive('hours', values.hours, 24);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const policy = values.policy ?? 'optimal';
  const problems = [players, hours].filter((v): v is string => typeof v === 'string');
  if (!Number.isInteger(seed)) problems.push(`--seed must be an integer (got "${values.seed}")`);
  if (policy !== 'optimal' && policy !== 'greedy')
    problems.push(`--policy must be optimal or greedy (got "${policy}")`);
  if (problems.length > 0 || typeof players !== 'number' || typeof hours !== 'number') {
    process.stderr.write(`${problems.join('\n')}\n${usage}`);
    return 2;
  }

  const rules = overrides(values, problems);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n${usage}`);
    return 2;
  }

  const policies: Policy[] =
    policy === 'optimal' && !values['no-baseline'] ? ['optimal', 'greedy'] : [policy as Policy];
  const baselineRules = values['baseline-same-rules'] ? rules : defaultRulesConfig;
  const reports = policies.map((p) =>
    runSimulation({ players, hours, seed, policy: p, rules: p === policy ? rules : baselineRules }),
  );

  if (values.json) {
    process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    return 0;
  }

  const constants = (r: RulesConfig) => {
    const m = r.matchmaking;
    return `window ${m.windowBase} + ${m.windowGrowth}·w, bonus ${m.waitBonus}, latency ${m.latencyPenalty.join('/')}`;
  };
  const used = policies.map((p) => `${p}: ${constants(p === policy ? rules : baselineRules)}`);
  process.stdout.write(
    `players ${players}, hours ${hours}, seed ${seed}\n${used.join('\n')}\n\n${formatReports(reports)}\n`,
  );
  const [main, base] = reports as [SimulationReport, SimulationReport | undefined];
  if (base) {
    const change = base.gapMedian === 0 ? 0 : (main.gapMedian - base.gapMedian) / base.gapMedian;
    process.stdout.write(
      `\nmedian gap vs greedy: ${(change * 100).toFixed(1)} % (target ≤ −30 %); ` +
        `median wait ${main.waitMedianS.toFixed(0)} s vs ${base.waitMedianS.toFixed(0)} s (target: no worse)\n`,
    );
  }
  return 0;
}
