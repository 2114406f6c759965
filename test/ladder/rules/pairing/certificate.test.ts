import { describe, expect, it } from 'vitest';
import { defaultRulesConfig } from '../../../../src/ladder/rules/config.js';
import { solveWave } from '../../../../src/ladder/rules/pairing/pair-wave.js';
import { alphaPool } from '../../../../src/ladder/simulate/index.js';
import { communityPool } from '../wave-fixtures.js';
import { checkCertificate } from './certificate.js';

// Large waves cannot be brute-forced; their certificate is checked instead, by a checker that
// lists every pair itself. The checker must also reject a certificate that is slightly wrong.

const s = defaultRulesConfig.matchmaking;

describe('wave certificates', () => {
  for (const [players, seed, waited] of [
    [200, 1, null],
    [200, 2, 1],
    [500, 3, null],
    [1000, 1, null],
    [1000, 4, 1],
  ] as const) {
    it(`prove the wave optimal (${players} players, seed ${seed}, waited ${waited ?? '1–6'})`, () => {
      const pool = communityPool(players, seed, waited);
      const { result, certificate } = solveWave(pool, alphaPool, s);
      const check = checkCertificate(certificate, alphaPool, s);
      expect(check.problems).toEqual([]);
      expect(result.exact).toBe(true);
      expect(check.pairs).toBe(result.pairs.length);
      expect(result.allowedEdges).toBe(check.allowed);
      expect(check.cost).toBeCloseTo(
        result.pairs.reduce((sum, p) => sum + p.cost, 0),
        6,
      );
    });
  }

  const solved = () => solveWave(communityPool(200, 5), alphaPool, s).certificate;

  it('rejects a matched player whose dual is lowered', () => {
    const cert = solved();
    const v = cert.mate.findIndex((u) => u >= 0);
    const dual = Float64Array.from(cert.dual);
    dual[v] = (dual[v] as number) - 2;
    const check = checkCertificate({ ...cert, dual }, alphaPool, s);
    expect(check.problems.some((p) => p.includes('reduced cost'))).toBe(true);
  });

  it('rejects a matched player whose dual is raised (its pair is no longer tight)', () => {
    const cert = solved();
    const v = cert.mate.findIndex((u) => u >= 0);
    const dual = Float64Array.from(cert.dual);
    dual[v] = (dual[v] as number) + 2;
    const check = checkCertificate({ ...cert, dual }, alphaPool, s);
    expect(check.problems.some((p) => p.startsWith('matched pair'))).toBe(true);
  });

  it('rejects a matching with one pair dropped (its players keep positive duals)', () => {
    const cert = solved();
    const mate = Int32Array.from(cert.mate);
    const v = mate.findIndex((u) => u >= 0);
    mate[mate[v] as number] = -1;
    mate[v] = -1;
    const check = checkCertificate({ ...cert, mate }, alphaPool, s);
    expect(check.problems.some((p) => p.startsWith('free player'))).toBe(true);
  });

  it('rejects a K too small to put the number of pairs first', () => {
    const cert = solved();
    const check = checkCertificate({ ...cert, big: 2 }, alphaPool, s);
    expect(check.problems.some((p) => p.startsWith('K '))).toBe(true);
  });
});

describe('waves solved in many rounds', () => {
  // With 1–3 opponents a player the first solve misses most of the optimum: pricing adds
  // pairs round after round, and each later solve starts from the last cover resumed for
  // them. The answer must be the one of the default solve, and proven.
  for (const [players, seed, opponents] of [
    [300, 11, 1],
    [300, 14, 2],
    [600, 13, 3],
  ] as const) {
    it(`agree with the default solve (${players} players, ${opponents} opponents each)`, () => {
      const pool = communityPool(players, seed);
      const few = solveWave(pool, alphaPool, s, opponents);
      const usual = solveWave(pool, alphaPool, s);
      expect(few.certificate.rounds).toBeGreaterThan(usual.certificate.rounds);
      expect(checkCertificate(few.certificate, alphaPool, s).problems).toEqual([]);
      expect(few.result.pairs.length).toBe(usual.result.pairs.length);
      const cost = (r: typeof few) => r.result.pairs.reduce((sum, p) => sum + p.cost, 0);
      expect(cost(few)).toBeCloseTo(cost(usual), 6);
    });
  }
});
