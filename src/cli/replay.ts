import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { InlineReplayParser, ReplayError, type DecodedReplay } from '../replays/index.js';

// `ladder replay FILE... [--json] [--stats]`: reads replays and prints their summaries. Bad
// files are reported one line each on stderr; the rest are still read, and the exit status
// says whether any failed.

const usage = `usage: ladder replay FILE... [--json] [--stats]

  --json    one JSON object per line, in the shape of SCHEMA.md
  --stats   also decode tracker statistics (build orders, per-minute series)
`;

/** Runs `ladder replay`: 0 if every file was read, 1 if any failed, 2 on bad usage. */
export async function run(args: string[]): Promise<number> {
  const files = args.filter((arg) => !arg.startsWith('--'));
  const flags = new Set(args.filter((arg) => arg.startsWith('--')));
  const unknown = [...flags].filter((flag) => !['--json', '--stats'].includes(flag));
  if (files.length === 0 || unknown.length > 0) {
    const problem = unknown.length > 0 ? `ladder replay: unknown option ${unknown[0]}\n\n` : '';
    process.stderr.write(`${problem}${usage}`);
    return 2;
  }

  let maxBytes: number;
  try {
    maxBytes = loadConfig().REPLAY_MAX_BYTES;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`ladder replay: ${error.message}\n`);
    return 2;
  }

  // The command line reads one file at a time on its own thread; the bot uses the pool.
  const parser = new InlineReplayParser({ maxBytes });
  const isJson = flags.has('--json');
  const stats = flags.has('--stats');
  let failures = 0;

  for (const file of files) {
    const bytes = await readBytes(file);
    if (bytes === null) {
      failures += 1;
      continue;
    }

    try {
      const decoded = await parser.parse(bytes, { fileName: basename(file), stats });
      process.stdout.write(isJson ? `${toJsonLine(decoded)}\n` : formatText(file, decoded));
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      failures += 1;
      process.stderr.write(`ladder replay: ${file}: ${error.code}: ${error.message}\n`);
    }
  }

  await parser.close();
  return failures > 0 ? 1 : 0;
}

// A file that cannot be read is reported like a bad replay: one line, then the next file.
async function readBytes(file: string): Promise<Uint8Array | null> {
  try {
    return await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    process.stderr.write(`ladder replay: ${file}: cannot read the file (${reason})\n`);
    return null;
  }
}

function toJsonLine(decoded: DecodedReplay): string {
  return JSON.stringify(
    decoded.stats ? { ...decoded.summary, stats: decoded.stats } : decoded.summary,
  );
}

function formatText(file: string, { summary, stats }: DecodedReplay): string {
  const minutes = Math.floor(summary.durationSeconds / 60);
  const seconds = String(Math.floor(summary.durationSeconds % 60)).padStart(2, '0');
  const lines = [
    file,
    `  ${summary.map} · ${summary.version} (base ${summary.baseBuild}) · ${summary.gameSpeed}`,
    `  started ${summary.startTime} · ${minutes}:${seconds} · sha256 ${summary.sha256}`,
  ];

  summary.players.forEach((player, index) => {
    const tag = player.clanTag ? `[${player.clanTag}] ` : '';
    const who = `${tag}${player.name ?? '(no name)'}`;
    const team = player.teamId === null ? '' : ` team ${player.teamId}`;
    const computer = player.isComputer ? ' computer' : '';
    lines.push(
      `  ${index + 1}. ${player.result.padEnd(9)} ${who} (${player.race})${team}${computer}`,
    );
  });

  const observers = summary.observers === null ? 'unknown' : summary.observers.join(', ') || 'none';
  lines.push(`  observers: ${observers}`);
  for (const player of stats ?? []) {
    const last = player.perMinute.at(-1);
    const economy = last
      ? `, minute ${last.minute}: ${last.workers} workers, army ${last.armyValue}`
      : '';
    lines.push(`  stats p${player.playerId}: ${player.buildOrder.length} build items${economy}`);
  }

  return `${lines.join('\n')}\n`;
}
