import { describe, expect, it } from 'vitest';
import type { Player } from '../../../src/store/index.js';
import {
  addPlayer,
  confirmBoth,
  minute,
  pairUp,
  summaryOf,
  upload,
  useLadders,
} from './harness.js';

// `/profile` as data (PRODUCT.md §4.4): figures from match records, the season's entry with
// its mark, rank and chart, splits that move with the clock, other players by name or
// mention, and the refusals.

const { setupAlphaBravo: setup } = useLadders();
const day = 86_400_000;

describe('profile', () => {
  it('shows a finished game on both profiles, own details only to the owner', async () => {
    const [h, a, b] = await setup();
    const match = await confirmBoth(h, await pairUp(h, a, b));
    await h.clock.advance(20 * minute);
    const verified = await h.ladder.submitReplay(upload(a, summaryOf(h, match, 'p1')));
    expect(verified.ok && verified.match.stage).toBe('finalized');

    const own = h.ladder.profile(a);
    if (!own.ok) throw new Error(own.reason);
    expect(own.profile).toMatchObject({
      ladderName: 'Alpha',
      country: 'DE',
      region: 'EUW',
      seasonId: 's1',
      total: { games: 1, wins: 1, losses: 0, draws: 0, winRate: 1 },
      linkedAccounts: ['Alpha'],
      own: { termsAccepted: true, abortsLeft: 3 },
    });
    expect(own.profile.races).toHaveLength(1);
    expect(own.profile.races[0]).toMatchObject({
      race: 'bw_zerg',
      rating: 1520,
      isProvisional: true,
      rank: 1,
      season: { games: 1, wins: 1 },
      last14Days: { games: 1, wins: 1 },
      chart: [{ at: match.createdAt, rating: 1520 }],
    });

    const other = h.ladder.profile(a, 'bravo');
    if (!other.ok) throw new Error(other.reason);
    expect(other.profile).toMatchObject({ ladderName: 'Bravo', own: null });
    expect(other.profile.races[0]).toMatchObject({
      race: 'sc2_terran',
      rating: 1480,
      season: { games: 1, losses: 1, winRate: 0 },
    });
    expect(h.ladder.profile(a, `<@${b}>`)).toMatchObject({ profile: { ladderName: 'Bravo' } });
    expect(h.ladder.profile(a, b)).toMatchObject({ profile: { ladderName: 'Bravo' } });

    // The splits count back from now: 20 days later the game left the 14-day line only.
    await h.clock.advance(20 * day);
    const later = h.ladder.profile(a);
    expect(later.ok && later.profile.races[0]).toMatchObject({
      season: { games: 1 },
      last14Days: { games: 0, winRate: null },
      last30Days: { games: 1 },
      last90Days: { games: 1 },
    });
  });

  it('lists queued races without games as "no games yet", and a missing region as not set', async () => {
    const [h] = await setup();
    const c = await addPlayer(h, 'Charlie', { bw: 'bw_protoss', sc2: 'sc2_zerg' });
    const player = h.store.read.playerByDiscordId(c) as Player;
    await h.store.write([{ kind: 'player', record: { ...player, region: null } }]);

    const result = h.ladder.profile(c);
    if (!result.ok) throw new Error(result.reason);
    expect(result.profile.region).toBeNull();
    expect(result.profile.races.map((r) => [r.race, r.rating, r.letter])).toEqual([
      ['bw_protoss', null, 'U'],
      ['sc2_zerg', null, 'U'],
    ]);
    expect(result.profile.total).toMatchObject({ games: 0, winRate: null });
  });

  it('refuses an unknown player and a player without setup', async () => {
    const [h, a] = await setup();
    expect(h.ladder.profile(a, 'Nobody')).toEqual({ ok: false, reason: 'unknown_player' });
    expect(h.ladder.profile('d-stranger')).toEqual({ ok: false, reason: 'unknown_player' });

    await h.ladder.touchPlayer('d-new', 'newcomer');
    expect(h.ladder.profile('d-new')).toEqual({ ok: false, reason: 'no_profile' });
    expect(h.ladder.profile(a, 'd-new')).toEqual({ ok: false, reason: 'no_profile' });
  });
});
