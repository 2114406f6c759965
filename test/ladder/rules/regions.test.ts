import { describe, expect, it } from 'vitest';
import {
  isBwRace,
  isRaceCode,
  otherSide,
  raceCodes,
  sideOf,
} from '../../../src/ladder/rules/races.js';
import {
  defaultServerTable,
  isRegionCode,
  latencyClass,
  regionCodes,
  serverFor,
} from '../../../src/ladder/rules/regions.js';

describe('region→server table', () => {
  it('is symmetric for all 16 × 16 region pairs', () => {
    for (const a of regionCodes) {
      for (const b of regionCodes) expect(serverFor(a, b)).toBe(serverFor(b, a));
    }
  });

  it('keeps the product cells the community should review', () => {
    expect(serverFor('NAW', 'MEA')).toBe('KOR');
    expect(serverFor('NAW', 'FER')).toBe('KOR');
    expect(serverFor('EUE', 'KRJ')).toBe('USC');
    expect(serverFor('OCE', 'OCE')).toBe('AUS');
    expect(serverFor('NAW', 'EUW')).toBe('USE');
  });

  it('classes latency by home server and zone, with overrides', () => {
    expect(latencyClass('NAW', 'USW')).toBe(0);
    expect(latencyClass('NAW', 'USE')).toBe(1);
    expect(latencyClass('EUW', 'USE')).toBe(2);
    expect(latencyClass('OCE', 'SNG')).toBe(1);
    expect(latencyClass('EUW', 'USE', defaultServerTable, { EUW: { USE: 1 } })).toBe(1);
  });

  it('recognises codes and refuses anything else', () => {
    expect(isRegionCode('KRJ')).toBe(true);
    expect(isRegionCode('krj')).toBe(false);
    expect(isRegionCode(7)).toBe(false);
  });
});

describe('races', () => {
  it('has six fixed codes, three per side', () => {
    expect(raceCodes.filter(isBwRace)).toEqual(['bw_terran', 'bw_zerg', 'bw_protoss']);
    expect(raceCodes.map(sideOf).filter((s) => s === 'sc2')).toHaveLength(3);
    expect(otherSide('bw')).toBe('sc2');
  });

  it('refuses unknown race codes', () => {
    expect(isRaceCode('sc2_zerg')).toBe(true);
    expect(isRaceCode('zerg')).toBe(false);
    expect(isRaceCode(null)).toBe(false);
  });
});
