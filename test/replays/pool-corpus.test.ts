import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PooledReplayParser } from '../../src/replays/index.js';
import { corpusFiles, expectedSummary, readReplay, summaryDifferences } from './decode/corpus.js';

// The real decoder in real workers over the whole corpus: what crosses the thread boundary
// (transferred bytes in, a structured-clone summary out) must arrive intact.

let pool: PooledReplayParser;

beforeAll(() => {
  pool = new PooledReplayParser({ workers: 2, deadlineMs: 10_000, queueMax: 1_000 });
});

afterAll(async () => {
  await pool.close();
});

describe('PooledReplayParser with the real decoder', () => {
  it('reads every corpus replay in worker threads to its expected summary', async () => {
    const names = corpusFiles();
    const results = await Promise.all(
      names.map((name) => pool.parse(readReplay(name), { fileName: name })),
    );

    expect(results).toHaveLength(203);
    const differences = results.flatMap(({ summary }, index) => {
      const name = names[index]!;
      return summaryDifferences(summary, expectedSummary(name)).map((d) => `${name}: ${d}`);
    });
    expect(differences).toEqual([]);
  });

  it('answers a replay cut in half with a typed error from the worker', async () => {
    const name = corpusFiles().find((n) => n.startsWith('5.0'))!;
    const whole = readReplay(name);
    const cut = whole.slice(0, Math.floor(whole.byteLength / 2));

    const error = await pool.parse(cut, { fileName: name }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/^(truncated|corrupt)$/) });
  });
});

// A small seeded generator, so a failing mutation can be replayed.
function* mutations(seed: number, source: Uint8Array, count: number): Generator<Uint8Array> {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };

  for (let i = 0; i < count; i += 1) {
    const copy = new Uint8Array(source);
    const flips = 1 + Math.floor(next() * 8);
    for (let f = 0; f < flips; f += 1) {
      // Keep the magic, so the mutation reaches the decoder in the worker.
      copy[4 + Math.floor(next() * (copy.length - 4))] = Math.floor(next() * 256);
    }

    yield copy;
  }
}

describe('PooledReplayParser under mutated files', () => {
  it('answers every mutated replay with a summary or a typed error, within the deadline', async () => {
    const name = corpusFiles().find((n) => n.startsWith('5.0.1'))!;
    const jobs = [...mutations(20_260_101, readReplay(name), 300)].map((bytes) =>
      pool.parse(bytes, { fileName: name }).then(
        () => 'ok',
        (error: unknown) => (error as { code?: string }).code ?? 'untyped',
      ),
    );

    const outcomes = await Promise.all(jobs);
    const allowed = [
      'ok',
      'not_a_replay',
      'truncated',
      'corrupt',
      'unsupported_compression',
      'missing_file',
    ];
    expect(outcomes.filter((o) => !allowed.includes(o))).toEqual([]);
    expect(pool.busyWorkers).toBe(0);
  });
});
