import { describe, expect, it } from 'vitest';

import bzip from 'seek-bzip';

import { decodeBzip2 } from '../../../src/replays/decode/bzip2.js';
import { blockTableKey, decryptWords } from '../../../src/replays/decode/crypt.js';
import { ReplayError } from '../../../src/replays/decode/index.js';
import { corpusFiles, readReplay } from './corpus.js';
import { mutate, seededRandom } from './fuzz-helpers.js';

/** Every single-unit bzip2 stream of a replay, with its declared output size. */
function bzip2Streams(bytes: Uint8Array): Array<{ data: Uint8Array; size: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = view.getUint32(8, true);
  const count = view.getUint32(base + 0x1c, true);
  const blocks = decryptWords(
    bytes,
    base + view.getUint32(base + 0x14, true),
    count * 4,
    blockTableKey,
  );
  const streams: Array<{ data: Uint8Array; size: number }> = [];
  for (let i = 0; i < count; i++) {
    const [offset, archived, size, flags] = [0, 1, 2, 3].map((k) => blocks[i * 4 + k]!);
    const start = base + offset!;
    if ((flags! & 0x01000000) === 0 || archived! >= size! || bytes[start] !== 0x10) continue;
    streams.push({ data: bytes.subarray(start + 1, start + archived!), size: size! });
  }

  return streams;
}

describe('decodeBzip2', () => {
  it('decodes every bzip2 stream of the corpus exactly as seek-bzip does', () => {
    let checked = 0;
    for (const file of corpusFiles()) {
      for (const { data, size } of bzip2Streams(readReplay(file))) {
        const want = bzip.decode(Buffer.from(data), size);
        expect(Buffer.from(decodeBzip2(data, size)).equals(want), file).toBe(true);
        checked++;
      }
    }

    expect(checked).toBeGreaterThan(1000);
  }, 300_000);

  it('rejects a wrong declared size, a cut stream and a bad header with corrupt', () => {
    const [stream] = bzip2Streams(readReplay('Khione SEL (Official EU).SC2Replay'));
    const { data, size } = stream!;
    const codeOf = (work: () => unknown) => {
      try {
        work();
        return 'ok';
      } catch (err) {
        return err instanceof ReplayError ? err.code : String(err);
      }
    };

    expect(codeOf(() => decodeBzip2(data, size))).toBe('ok');
    expect(codeOf(() => decodeBzip2(data, size - 1))).toBe('corrupt');
    expect(codeOf(() => decodeBzip2(data, size + 1))).toBe('corrupt');
    expect(codeOf(() => decodeBzip2(data.subarray(0, data.length - 3), size))).toBe('corrupt');
    expect(codeOf(() => decodeBzip2(new Uint8Array([0x42, 0x5a, 0x68, 0x30]), size))).toBe(
      'corrupt',
    );
  });

  it('turns 3,000 mutated streams into output or a corrupt error, never anything else', () => {
    const random = seededRandom(7);
    const streams = bzip2Streams(readReplay('Khione SEL (Official EU).SC2Replay'));
    for (let i = 0; i < 3000; i++) {
      const { data, size } = streams[i % streams.length]!;
      try {
        expect(decodeBzip2(mutate(data, random), size)).toHaveLength(size);
      } catch (err) {
        expect(err, `mutation ${i}`).toBeInstanceOf(ReplayError);
        expect((err as ReplayError).code).toBe('corrupt');
      }
    }
  }, 120_000);
});
