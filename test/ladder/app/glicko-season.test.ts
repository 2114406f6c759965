import { describe, expect, it, vi } from 'vitest';
import {
  defaultGlicko2,
  glicko2Idle,
  rateGlicko2,
  type Glicko2Rating,
} from '../../../src/ladder/rules/index.js';
import type { Match, Season } from '../../../src/store/index.js';
import {
  confirmBoth, fourPlayers, nextWave, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// A Glicko-2 season through the application: results and corrections rate exactly as a replay
// of the whole history from scratch would, inactivity periods included, and every ledger line
// carries the volatility a re-rating resumes from.

const { setup } = useLadders();
const day = 86_400_000;
const rules = {
  system: 'glicko2', start: 1500, rd: 350, volatility: 0.06, tau: 0.5, inactivityDays: 7,
  provisionalRd: 110,
} as const; // prettier-ignore

async function glickoLadder(): Promise<Harness> {
  const h = await setup();
  const season = h.store.read.season('s1') as Season;
  await h.store.write([{ kind: 'season', record: { ...season, rules } }]);
  return h;
}

/** Queues both and runs waves until their windows meet (new Glicko-2 ratings move far). */
async function pairUp(h: Harness, bw: string, sc2: string): Promise<Match> {
  for (const id of [bw, sc2]) expect((await h.ladder.joinQueue(id)).ok).toBe(true);
  for (let wave = 0; wave < 40; wave += 1) {
    const waveAt = nextWave(h);
    await h.clock.advanceTo(waveAt);
    await h.ladder.runWave(waveAt);
    const match = h.ladder.lockedMatch(bw);
    if (match) return match;
  }
  throw new Error('no match formed');
}

async function play(h: Harness, bw: string, sc2: string, winner: 'p1' | 'p2'): Promise<Match> {
  const match = await confirmBoth(h, await pairUp(h, bw, sc2));
  const result = await h.ladder.submitReplay(upload(bw, summaryOf(h, match, winner)));
  if (!result.ok || result.match.stage !== 'finalized') throw new Error('not settled');
  return result.match;
}

/** Every entry's state from a replay of the finalized matches, in creation order. */
function replayFromScratch(matches: readonly Match[]) {
  const settings = {
    ...defaultGlicko2,
    ...rules,
    kind: 'glicko2' as const,
    inactivityPeriodDays: 7,
  };
  const states = new Map<string, { g: Glicko2Rating; lastGameAt: number | null }>();
  const ordered = matches
    .filter((m) => m.stage === 'finalized' && m.outcome !== 'void')
    .sort((x, y) => x.createdAt - y.createdAt || x.number - y.number);
  for (const m of ordered) {
    const keys = [`${m.p1Id}/${m.p1Race}`, `${m.p2Id}/${m.p2Race}`] as const;
    const [s1, s2] = keys.map((key) => {
      const s = states.get(key) ?? {
        g: { rating: 1500, rd: rules.rd, volatility: rules.volatility },
        lastGameAt: null,
      };
      const periods =
        s.lastGameAt === null ? 0 : Math.floor((m.createdAt - s.lastGameAt) / (7 * day));
      return glicko2Idle(s.g, periods, settings);
    }) as [Glicko2Rating, Glicko2Rating];
    const score = m.outcome === 'p1_win' ? 1 : m.outcome === 'draw' ? 0.5 : 0;
    const r = rateGlicko2(s1, s2, score, settings);
    states.set(keys[0], {
      g: { ...r.p1, rating: Math.round(r.p1.rating) },
      lastGameAt: m.createdAt,
    });
    states.set(keys[1], {
      g: { ...r.p2, rating: Math.round(r.p2.rating) },
      lastGameAt: m.createdAt,
    });
  }
  return states;
}

describe('a Glicko-2 season', () => {
  it('rates results and corrections as a replay of the whole history, idle periods included', async () => {
    const h = await glickoLadder();
    const { bw, sc2 } = await fourPlayers(h);
    const played: Match[] = [];
    const check = () => {
      const all = played.map((m) => h.store.read.match(m.id) as Match);
      for (const [key, want] of replayFromScratch(all)) {
        const [playerId, race] = key.split('/') as [string, 'bw_zerg'];
        const got = h.store.read.rating('s1', playerId, race);
        expect(got, key).toMatchObject({ rating: want.g.rating, lastGameAt: want.lastGameAt });
        expect(got?.rd, key).toBeCloseTo(want.g.rd, 9);
        expect(got?.volatility, key).toBeCloseTo(want.g.volatility, 12);
      }
    };

    for (let i = 0; i < 8; i += 1) {
      played.push(await play(h, bw[i % 2]!, sc2[(i >> 1) % 2]!, i % 3 === 0 ? 'p2' : 'p1'));
      check();
      // Gaps of 0, 8 and 16 days: rating deviations widen over idle periods.
      await h.clock.advance((i % 3) * 8 * day);
    }
    // Corrections in the middle, of the latest game, and of the first one.
    await h.ladder.resolve('admin', played[3]!.id, 'draw', 'correction one');
    check();
    await h.ladder.resolve('admin', played[7]!.id, 'void', 'correction two');
    check();
    await h.ladder.resolve('admin', played[0]!.id, 'p1_win', 'correction three');
    check();
    // A new result resumes from the ledger: the season is not read from its start.
    const wholeSeason = vi.spyOn(h.store.read, 'seasonLedger');
    const suffix = vi.spyOn(h.store.read, 'seasonLedgerSince');
    played.push(await play(h, bw[0]!, sc2[1]!, 'p1'));
    check();
    expect(wholeSeason).not.toHaveBeenCalled();
    expect(suffix).toHaveBeenCalled();

    // The live ledger lines chain: each line's volatility before is the one before it after.
    const lines = h.store.read
      .ratingHistory('s1', played[0]!.p1Id, 'bw_zerg')
      .filter((line) => line.supersededAt === null);
    expect(lines.length).toBeGreaterThan(2);
    for (let i = 1; i < lines.length; i += 1) {
      expect(lines[i]!.volatilityBefore).toBe(lines[i - 1]!.volatilityAfter);
      expect(lines[i]!.before).toBe(lines[i - 1]!.after);
    }
  });
});
