import { describe, expect, it } from 'vitest';

import { decodeReplay, readArchiveFiles } from '../../../src/replays/decode/index.js';
import { walkTrackerEvents } from '../../../src/replays/decode/tracker.js';
import { corpusFiles, readReplay } from './corpus.js';

const ladderGame = '5.0.15.95299_Persephone_LE_replay_sefi1.SC2Replay';

describe('tracker statistics', () => {
  it('walks the 232 tracker events of Khione EU, starting with PlayerSetup at loop 0', () => {
    const bytes = readReplay('Khione SEL (Official EU).SC2Replay');
    const tracker = readArchiveFiles(bytes, ['replay.tracker.events']).get('replay.tracker.events');
    const events: Array<{ loop: number; id: number }> = [];
    walkTrackerEvents(tracker!, ({ loop, id }) => events.push({ loop, id }));
    expect(events).toHaveLength(232);
    expect(events[0]).toEqual({ loop: 0, id: 9 });
    expect(events.at(-1)!.loop).toBe(2);
  });

  it('gives each player of a ladder game a build order of 40 timed items', () => {
    const { stats, summary } = decodeReplay(readReplay(ladderGame), { stats: true });
    expect(stats).toHaveLength(summary.players.length);
    const [terran, protoss] = stats!;
    expect(terran!.buildOrder).toHaveLength(40);
    expect(terran!.buildOrder[0]).toEqual({ name: 'SCV', kind: 'unit', gameSeconds: 17.625 });
    expect(terran!.buildOrder.find((item) => item.name === 'Barracks')?.kind).toBe('structure');
    expect(protoss!.buildOrder.some((item) => item.name === 'Pylon')).toBe(true);
    expect(terran!.buildOrder.some((item) => item.kind === 'upgrade')).toBe(true);
    for (const player of stats!) {
      const times = player.buildOrder.map((item) => item.gameSeconds);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((time) => time > 0)).toBe(true);
    }
  });

  it('gives one sample per game minute with supply, workers, army and income', () => {
    const { stats, summary } = decodeReplay(readReplay(ladderGame), { stats: true });
    const series = stats![0]!.perMinute;
    expect(series.map((sample) => sample.minute)).toEqual(series.map((_, i) => i));
    expect(series.length).toBe(Math.floor(summary.gameLoops / 960) + 1);
    expect(series[0]).toMatchObject({ workers: 14, supplyUsed: 15, supplyCap: 15 });
    expect(series.at(-1)!.armyValue).toBeGreaterThan(0);
    expect(series.some((sample) => sample.gasIncome > 0)).toBe(true);
  });

  it('decodes statistics for every corpus replay, empty where there are no tracker events', () => {
    let withStats = 0;
    for (const file of corpusFiles()) {
      const { stats, summary } = decodeReplay(readReplay(file), { stats: true });
      expect(stats, file).toHaveLength(stats!.length === 0 ? 0 : summary.players.length);
      if (stats!.some((player) => player.perMinute.length > 0)) withStats++;
    }

    expect(withStats).toBeGreaterThanOrEqual(60);
  }, 120_000);

  it('leaves statistics out unless asked', () => {
    expect(decodeReplay(readReplay(ladderGame)).stats).toBeUndefined();
  });
});
