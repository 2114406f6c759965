// A child for the ladder crash test: opens the ladder on a data folder and plays the start of
// matches as fast as it can until it is killed. It prints "ack join <discordId>" once a queue
// join resolved and "ack match <matchId>" once both confirmations resolved: each line is
// printed only after the operation's batch was acknowledged by the store.
// Usage: node --import tsx test/ladder/app/crash-child.ts DATA_DIR RUN

import { Ladder } from '../../../src/ladder/index.js';
import { openStore } from '../../../src/store/index.js';

const [dataDir, run] = process.argv.slice(2);
if (!dataDir || !run) {
  process.stderr.write('usage: crash-child DATA_DIR RUN\n');
  process.exit(2);
}

const store = await openStore({ dataDir, flushIntervalMs: 5, segmentBytes: 256 * 1024 });
// Default settings: joins and confirmations need no test mod or map titles.
const ladder = new Ladder({ store });
process.stdout.write('ready\n');

/** A Latin ladder name unique per run and number (names are 3–12 Latin letters). */
function nameOf(n: number): string {
  let name = '';
  for (let rest = Number(run) * 100_000 + n; name.length < 6; rest = Math.floor(rest / 26)) {
    name += String.fromCharCode(97 + (rest % 26));
  }
  return `P${name}`;
}

async function register(n: number, races: { bwRace: string | null; sc2Race: string | null }) {
  const name = nameOf(n);
  const discordId = `crash-${run}-${n}`;
  await ladder.touchPlayer(discordId, name.toLowerCase());
  await ladder.acceptTerms(discordId);
  await ladder.saveSetup(discordId, {
    ladderName: name, battleTag: `${name}#1234`, altNames: [], country: 'DE', region: 'EUW',
    language: null,
  }); // prettier-ignore
  await ladder.ackQuickstart(discordId);
  await ladder.saveQueueChoices(discordId, { ...races, vetoes: [] });
  const joined = await ladder.joinQueue(discordId);
  if (joined.ok) process.stdout.write(`ack join ${discordId}\n`);
  return discordId;
}

for (let n = 0; ; n += 2) {
  const a = await register(n, { bwRace: 'bw_zerg', sc2Race: null });
  const b = await register(n + 1, { bwRace: null, sc2Race: 'sc2_terran' });
  await ladder.runWave((Math.floor(Date.now() / 45_000) + 1) * 45_000);
  const match = ladder.lockedMatch(a);
  if (!match) continue;
  const first = await ladder.confirm(a, match.id);
  const second = await ladder.confirm(b, match.id);
  if (first.ok && second.ok) process.stdout.write(`ack match ${match.id}\n`);
}
