import { describe, expect, it } from 'vitest';
import { InlineReplayParser, ReplayError } from '../../src/replays/index.js';
import { corpusFiles, expectedSummary, readReplay } from './decode/corpus.js';

const name = corpusFiles().find((n) => n.startsWith('5.0.1'))!;

describe('InlineReplayParser', () => {
  it('reads a replay with the real decoder and leaves the caller its bytes', async () => {
    const parser = new InlineReplayParser();
    const bytes = readReplay(name);
    const positions: number[] = [];

    const { summary } = await parser.parse(bytes, {
      fileName: name,
      onQueuePosition: (p) => positions.push(p),
    });
    expect(summary).toEqual(expectedSummary(name));
    expect(positions).toEqual([0]);
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('refuses oversized and non-replay files with their codes', async () => {
    const parser = new InlineReplayParser({ maxBytes: 1_000 });
    await expect(parser.parse(readReplay(name))).rejects.toMatchObject({ code: 'too_large' });
    await expect(parser.parse(Uint8Array.of(1, 2, 3))).rejects.toMatchObject({
      code: 'not_a_replay',
    });
  });

  it('reports a decoder that throws something untyped as corrupt, keeping the cause', async () => {
    const defect = new TypeError('boom');
    const parser = new InlineReplayParser({
      decode: () => {
        throw defect;
      },
    });

    const error = await parser.parse(readReplay(name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayError);
    expect(error).toMatchObject({ code: 'corrupt', cause: defect });
  });

  it('refuses work with busy once closed', async () => {
    const parser = new InlineReplayParser();
    await parser.close();
    await expect(parser.parse(readReplay(name))).rejects.toMatchObject({ code: 'busy' });
  });
});
