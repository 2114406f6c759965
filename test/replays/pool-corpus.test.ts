import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PooledReplayParser, type ReplaySummary } from '../../src/replays/index.js';
import { corpusReplayNames, readCorpusReplay, readExpected } from './corpus.js';

// The real decoder in real workers over the whole corpus: what crosses the thread boundary
// (transferred bytes in, a structured-clone summary out) must arrive intact.

let pool: PooledReplayParser;

beforeAll(() => {
  pool = new PooledReplayParser({ workers: 2, deadlineMs: 10_000, queueMax: 1_000 });
});

afterAll(async () => {
  await pool.close();
});

// SCHEMA.md allows `null` for what old builds do not record reliably; accept it only there.
function expectedFor(name: string, actual: ReplaySummary): Record<string, unknown> {
  const { protocolSource: _source, ...expected } = readExpected(name) as Record<string, unknown> &
    Pick<ReplaySummary, 'baseBuild' | 'players'>;
  if (expected.baseBuild < 80_949 && actual.observers === null) expected.observers = null;
  if (expected.baseBuild < 24_247) {
    expected.players = expected.players.map((player, index) => ({
      ...player,
      teamId: actual.players[index]?.teamId === null ? null : player.teamId,
      isComputer: actual.players[index]?.isComputer === null ? null : player.isComputer,
    }));
  }

  return expected;
}

describe('PooledReplayParser with the real decoder', () => {
  it('reads every corpus replay in worker threads to its expected summary', async () => {
    const names = corpusReplayNames();
    const results = await Promise.all(
      names.map((name) => pool.parse(readCorpusReplay(name), { fileName: name })),
    );

    expect(results).toHaveLength(203);
    results.forEach(({ summary }, index) => {
      const name = names[index]!;
      expect(summary, name).toEqual(expectedFor(name, summary));
    });
  });

  it('answers a replay cut in half with a typed error from the worker', async () => {
    const name = corpusReplayNames().find((n) => n.startsWith('5.0'))!;
    const whole = readCorpusReplay(name);
    const cut = whole.slice(0, Math.floor(whole.byteLength / 2));

    const error = await pool.parse(cut, { fileName: name }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(truncated|corrupt)$/) });
  });
});
