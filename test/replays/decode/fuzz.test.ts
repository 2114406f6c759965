import { describe, expect, it } from 'vitest';

import { decodeAttributes } from '../../../src/replays/decode/attributes.js';
import { decodeDetails } from '../../../src/replays/decode/details.js';
import { decodeReplay, readArchiveFiles, ReplayError } from '../../../src/replays/decode/index.js';
import { decodeLobby } from '../../../src/replays/decode/init-data.js';
import { decodeStats } from '../../../src/replays/decode/stats.js';
import { corpusFiles, evoFiles, readReplay } from './corpus.js';
import { expectTypedOutcome, expectValidDecode, mutate, seededRandom } from './fuzz-helpers.js';

// Offsets to cut at: every byte of the headers, then evenly spread over the whole file.
function cutOffsets(length: number): number[] {
  const offsets = new Set<number>();
  for (let i = 0; i < 48; i++) offsets.add(i);
  for (let i = 0; i < 24; i++) offsets.add(Math.floor((length * i) / 24));
  for (const near of [1024, 1024 + 32, 1024 + 208, length - 1]) offsets.add(near);
  return [...offsets].filter((at) => at >= 0 && at < length);
}

describe('decodeReplay on damaged input', () => {
  it('gives a typed error or a valid summary for every corpus file cut at many offsets', () => {
    let cases = 0;
    let errors = 0;
    for (const file of corpusFiles()) {
      const bytes = readReplay(file);
      for (const at of cutOffsets(bytes.length)) {
        const label = `${file} cut at ${at}`;
        const outcome = expectTypedOutcome(() => decodeReplay(bytes.subarray(0, at)), label);
        if (outcome instanceof ReplayError) errors++;
        else expectValidDecode(outcome, label);
        cases++;
      }
    }

    expect(cases).toBeGreaterThan(10_000);
    expect(errors).toBeGreaterThan(cases * 0.9);
  }, 300_000);

  it('gives a typed error or a valid summary for 10,000 seeded mutations of whole files', () => {
    const random = seededRandom(0x5c2);
    const files = corpusFiles();
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const file = files[i % files.length]!;
      const bytes = readReplay(file);
      // A third anywhere, a third in the headers and tables' start, a third in the tail tables.
      const region = i % 3;
      const from = region === 1 ? 0 : region === 2 ? Math.max(0, bytes.length - 1024) : 0;
      const to = region === 1 ? 2048 : bytes.length;
      const label = `mutation ${i} of ${file}`;
      const outcome = expectTypedOutcome(
        () => decodeReplay(mutate(bytes, random, from, to), { stats: i % 4 === 0 }),
        label,
      );
      const key = outcome instanceof ReplayError ? outcome.code : 'ok';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (!(outcome instanceof ReplayError)) expectValidDecode(outcome, label);
    }

    // Both outcomes must occur, or the fuzzing is not reaching the parser.
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(100);
    expect(outcomes.get('corrupt') ?? 0).toBeGreaterThan(100);
  }, 300_000);
});

describe('inner-file decoders on damaged plain data', () => {
  // Compressed files are guarded by bzip2 CRCs; mutate the plain bytes to reach the parsers.
  const files = evoFiles().concat(corpusFiles().filter((f) => f.startsWith('5.0.1')));
  const plain = files.map((file) =>
    readArchiveFiles(readReplay(file), [
      'replay.details',
      'replay.attributes.events',
      'replay.initData',
    ]),
  );

  it('survives 12,000 mutations of details, attributes and initData', () => {
    const random = seededRandom(42);
    let ok = 0;
    for (let i = 0; i < 12_000; i++) {
      const inner = plain[i % plain.length]!;
      const which = i % 3;
      const label = `inner mutation ${i} (${which})`;
      const outcome = expectTypedOutcome(() => {
        if (which === 0) return decodeDetails(mutate(inner.get('replay.details')!, random));
        if (which === 1) {
          return decodeAttributes(mutate(inner.get('replay.attributes.events')!, random), 95299);
        }

        return decodeLobby(mutate(inner.get('replay.initData')!, random));
      }, label);
      if (!(outcome instanceof ReplayError)) ok++;
    }

    expect(ok).toBeGreaterThan(100);
  }, 300_000);

  it('rejects every cut of a details, attributes or initData file with a typed error', () => {
    const inner = plain[0]!;
    for (const name of ['replay.details', 'replay.attributes.events', 'replay.initData']) {
      const bytes = inner.get(name)!;
      for (let at = 0; at < bytes.length; at += 7) {
        const outcome = expectTypedOutcome(() => {
          const cut = bytes.subarray(0, at);
          if (name === 'replay.details') return decodeDetails(cut);
          if (name === 'replay.initData') return decodeLobby(cut);
          return decodeAttributes(cut, 95299);
        }, `${name} cut at ${at}`);
        expect(outcome, `${name} cut at ${at}`).toBeInstanceOf(ReplayError);
      }
    }
  });

  it('survives 2,000 mutations and 200 cuts of tracker events with statistics on', () => {
    const random = seededRandom(99);
    const trackers = evoFiles()
      .slice(0, 6)
      .concat(['5.0.15.95299_Persephone_LE_replay_sefi1.SC2Replay'])
      .map((file) => {
        const files = readArchiveFiles(readReplay(file), ['replay.tracker.events']);
        return files.get('replay.tracker.events')!;
      });
    for (let i = 0; i < 2_000; i++) {
      const tracker = trackers[i % trackers.length]!;
      expectTypedOutcome(() => decodeStats(mutate(tracker, random), 2), `tracker mutation ${i}`);
    }

    const long = trackers.at(-1)!;
    for (let i = 0; i < 200; i++) {
      const at = Math.floor((long.length * i) / 200);
      expectTypedOutcome(() => decodeStats(long.subarray(0, at), 2), `tracker cut at ${at}`);
    }
  }, 120_000);
});
