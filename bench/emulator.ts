import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  DiscordEmulator,
  type Actor,
  type InteractionHandle,
} from '../tools/discord-emulator/index.js';
import { percentile } from '../tools/discord-emulator/recorder.js';

// `ladder bench emulator`: how fast the emulator serves, so that it never limits a load test.
// The emulator runs on this process's main thread (one core); a thin raw-gateway bot runs in a
// child process on the other core. With N connected actors it measures: gateway events
// delivered per second (actor DMs → MESSAGE_CREATE at the bot), REST requests served per second
// (message POSTs over keep-alive), and interaction round trips per second with time to first
// response. Each figure is the median of several runs.

const loadBot = fileURLToPath(
  new URL('../tools/discord-emulator/load/load-bot.ts', import.meta.url),
);

interface Figures {
  eventsPerS: number;
  requestsPerS: number;
  interactionsPerS: number;
  ttfrP50: number;
  ttfrP95: number;
  ttfrP99: number;
  unanswered: number;
  cpuShare: number;
  eventsPerCpuS: number;
  requestsPerCpuS: number;
  interactionsPerCpuS: number;
}

/** Runs the benchmark and prints its figures. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      actors: { type: 'string', default: '10000' },
      events: { type: 'string', default: '50000' },
      requests: { type: 'string', default: '20000' },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
    },
  });
  const actorCount = Number(values.actors);
  const events = Number(values.events);
  const requests = Number(values.requests);
  const runs = Number(values.runs);

  // Limits off: this measures the emulator's capacity, not Discord's policy.
  const emu = new DiscordEmulator({
    members: actorCount,
    rateLimits: { globalPerSecond: 1e9, defaultRule: { limit: 1e9, windowMs: 1_000 } },
  });
  emu.limiter.setRule('POST /channels/:channelId/messages', {
    bucket: 'm',
    limit: 1e9,
    windowMs: 1_000,
  });
  await emu.start();
  const actors = emu.playerIds().map((id) => emu.actor(id));
  const channelIds = actors.map((actor) => emu.dmChannel(actor.userId).id);

  const child = fork(loadBot, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send({
    type: 'start',
    base: emu.baseUrl,
    token: emu.token,
    applicationId: emu.state.applicationId,
    guildId: emu.state.guildId,
  });
  await nextMessage(child, 'ready');

  const results: Figures[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    // Rates per second of this process's CPU time as well: on a shared machine the wall-clock
    // rates fall with other load, the per-CPU-second ones much less.
    let cpuMark = process.cpuUsage();
    const cpuSeconds = () => {
      const used = process.cpuUsage(cpuMark);
      cpuMark = process.cpuUsage();
      return (used.user + used.system) / 1e6;
    };
    const eventsPerS = await measureEvents(child, actors, events);
    const eventsPerCpuS = events / cpuSeconds();
    const requestsPerS = await measureRequests(child, channelIds, requests);
    const requestsPerCpuS = requests / cpuSeconds();
    const interactions = await measureInteractions(actors);
    const interactionsPerCpuS = actors.length / cpuSeconds();
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    results.push({
      eventsPerS,
      requestsPerS,
      ...interactions,
      cpuShare,
      eventsPerCpuS,
      requestsPerCpuS,
      interactionsPerCpuS,
    });
  }

  child.disconnect();
  await emu.stop();
  print(results, { actors: actorCount, events, requests, runs }, values.json === true);
  return 0;
}

async function measureEvents(child: ChildProcess, actors: Actor[], total: number): Promise<number> {
  child.send({ type: 'count', target: total });
  const started = performance.now();
  const counted = nextMessage(child, 'counted');
  for (let i = 0; i < total; i++) {
    actors[i % actors.length]!.sendDm(`event ${i}`);
    // Let the sockets drain now and then, as a real driver would between arrivals.
    if (i % 500 === 499) await yieldToLoop();
  }

  await counted;
  return total / ((performance.now() - started) / 1000);
}

async function measureRequests(child: ChildProcess, channelIds: string[], total: number) {
  // The bot also receives each created message as MESSAGE_CREATE; those are not counted here.
  child.send({ type: 'count', target: Infinity });
  child.send({ type: 'rest', channelIds, total, concurrency: 32 });
  const done = (await nextMessage(child, 'rest-done')) as {
    ms: number;
    statuses: Record<string, number>;
  };
  if ((done.statuses['200'] ?? 0) !== total)
    throw new Error(`unexpected statuses ${JSON.stringify(done.statuses)}`);
  return total / (done.ms / 1000);
}

async function measureInteractions(actors: Actor[]) {
  // Closed loop: 500 interactions in flight, each actor once; a new one starts as one is answered.
  const started = performance.now();
  const handles: InteractionHandle[] = [];
  let next = 0;
  const lane = async () => {
    while (next < actors.length) {
      const handle = actors[next++]!.runSlash('ping');
      handles.push(handle);
      await handle.acknowledged(10_000).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: 500 }, lane));
  const elapsedS = (performance.now() - started) / 1000;

  const answered = handles.filter((h) => h.record.answeredAtMs !== null);
  const ttfr = answered
    .map((h) => (h.record.answeredAtMs ?? 0) - h.record.createdAtMs)
    .sort((a, b) => a - b);
  // Forget what the actors received, so memory stays flat across runs.
  for (const actor of actors) actor.clearInbox();
  return {
    interactionsPerS: answered.length / elapsedS,
    ttfrP50: percentile(ttfr, 50),
    ttfrP95: percentile(ttfr, 95),
    ttfrP99: percentile(ttfr, 99),
    unanswered: handles.length - answered.length,
  };
}

function nextMessage(child: ChildProcess, type: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    void once(child, 'exit').then(() => reject(new Error('load bot exited')));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function print(results: Figures[], setup: Record<string, number>, json: boolean): void {
  const keys = Object.keys(results[0] ?? {}) as (keyof Figures)[];
  const medians = Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k]))]));
  if (json) {
    process.stdout.write(`${JSON.stringify({ setup, medians, runs: results })}\n`);
    return;
  }

  const round = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  process.stdout.write(
    [
      `emulator benchmark: ${setup.actors} actors, ${setup.runs} runs (medians; all runs below)`,
      `  gateway events delivered   ${round(medians.eventsPerS ?? 0)} /s, ${round(medians.eventsPerCpuS ?? 0)} per CPU-s  (${setup.events} DM MESSAGE_CREATE per run)`,
      `  REST requests served       ${round(medians.requestsPerS ?? 0)} /s, ${round(medians.requestsPerCpuS ?? 0)} per CPU-s  (${setup.requests} message POSTs per run, 32 in flight)`,
      `  interaction round trips    ${round(medians.interactionsPerS ?? 0)} /s, ${round(medians.interactionsPerCpuS ?? 0)} per CPU-s  (one /ping per actor per run)`,
      `  time to first response     p50 ${medians.ttfrP50} ms, p95 ${medians.ttfrP95} ms, p99 ${medians.ttfrP99} ms (500 in flight; ${medians.unanswered} unanswered)`,
      `  emulator CPU share         ${round(medians.cpuShare ?? 0)} of one core`,
      ...results.map(
        (r, i) =>
          `  run ${i + 1}: events ${round(r.eventsPerS)}/s, requests ${round(r.requestsPerS)}/s, interactions ${round(r.interactionsPerS)}/s`,
      ),
      '',
    ].join('\n'),
  );
}
