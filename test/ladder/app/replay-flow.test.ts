import { describe, expect, it } from 'vitest';
import type { ReplayVerifier } from '../../../src/ladder/index.js';
import type { Match } from '../../../src/store/index.js';
import {
  addPlayer, confirmBoth, emitted, minute, pairUp, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// What an upload does in each stage (PRODUCT.md §5.2 T6, T7, T8, T8b), with a verifier whose
// verdict each test sets: a verified result settles, a held one counts as the uploader's report,
// any accepted replay ends a no-show claim, a dispute only gathers evidence.

const { setup } = useLadders();

type Verdict = { status: 'verified' | 'accepted' | 'rejected'; outcome: Match['outcome'] };
let verdict: Verdict = { status: 'accepted', outcome: null };
const verifier: ReplayVerifier = () => ({
  status: verdict.status, outcome: verdict.outcome === 'void' ? null : verdict.outcome,
  checks: [], signals: [], modRegion: null, toons: [],
}); // prettier-ignore

/** A confirmed match of Alpha (BW, p1) and Bravo (SC2, p2) on a ladder using `verifier`. */
async function playing(): Promise<[Harness, Match, string, string]> {
  const h = await setup({ verifier });
  const a = await addPlayer(h, 'Alpha', { bw: 'bw_zerg' });
  const b = await addPlayer(h, 'Bravo', { sc2: 'sc2_terran' });
  return [h, await confirmBoth(h, await pairUp(h, a, b)), a, b];
}

/** Uploads a replay of `match` by `discordId` under the given verdict. */
async function uploadWith(h: Harness, discordId: string, match: Match, v: Verdict) {
  verdict = v;
  return h.ladder.submitReplay(upload(discordId, summaryOf(h, match, null)));
}

const stored = (h: Harness, m: Match) => h.store.read.match(m.id) as Match;

describe('replays in each stage', () => {
  it('T7: a held replay with an outcome is the uploader’s report and ends a no-show claim', async () => {
    const [h, match, a, b] = await playing();
    await h.clock.advance(10 * minute);
    await h.ladder.claimNoShow(a, match.id);
    await uploadWith(h, b, match, { status: 'accepted', outcome: 'p2_win' });

    const resumed = stored(h, match);
    expect(resumed).toMatchObject({
      stage: 'in_progress', noShowClaimantId: null, noShowBy: null, p1Report: null,
      p2Report: { value: 'win', source: 'replay' },
    }); // prettier-ignore
    expect(resumed.reportBy).toBeGreaterThanOrEqual(h.clock.now() + 20 * minute);
    expect(resumed.events.map((e) => e.event)).toContain('no_show_cancelled');
    expect(emitted(h, 'opponent_reported')).toMatchObject([{ playerId: match.p2Id, value: 'win' }]);

    await h.ladder.report(a, match.id, 'loss');
    expect(stored(h, match)).toMatchObject({
      stage: 'finalized',
      outcome: 'p2_win',
      outcomeSource: 'agreement',
    });
  });

  it('T8: a held replay without an outcome ends a claim and records no report', async () => {
    const [h, match, a, b] = await playing();
    await h.clock.advance(10 * minute);
    await h.ladder.claimNoShow(a, match.id);
    await uploadWith(h, a, match, { status: 'accepted', outcome: null });

    expect(stored(h, match)).toMatchObject({
      stage: 'in_progress', noShowClaimantId: null, p1Report: null, p2Report: null,
    }); // prettier-ignore
    // The reports unlock: either player may now report.
    expect(await h.ladder.report(b, match.id, 'win')).toMatchObject({ ok: true });
  });

  it('T6: a verified replay settles the match and sends a contradicted report to review', async () => {
    const [h, match, a, b] = await playing();
    await uploadWith(h, b, match, { status: 'accepted', outcome: null });
    await h.ladder.report(a, match.id, 'win');
    await uploadWith(h, b, match, { status: 'verified', outcome: 'p2_win' });

    expect(stored(h, match)).toMatchObject({
      stage: 'finalized',
      outcome: 'p2_win',
      outcomeSource: 'replay',
    });
    const reviews = h.store.read.openWorkItems('review');
    expect(reviews).toMatchObject([{ topic: 'report_contradicted', playerIds: [match.p1Id] }]);
    expect(h.store.read.rating('s1', match.p2Id, 'sc2_terran')?.rating).toBe(1520);
  });

  it('T8b: in a dispute a held replay is kept as evidence and changes nothing else', async () => {
    const [h, match, a, b] = await playing();
    await uploadWith(h, a, match, { status: 'accepted', outcome: null });
    await h.ladder.report(a, match.id, 'win');
    await h.ladder.report(b, match.id, 'win');
    const disputed = stored(h, match);

    await uploadWith(h, b, match, { status: 'accepted', outcome: 'p2_win' });
    const after = stored(h, match);
    expect(after).toMatchObject({
      stage: 'disputed',
      disputeBy: disputed.disputeBy,
      p1Report: disputed.p1Report,
      p2Report: disputed.p2Report,
    });
    expect(h.store.read.replaysOfMatch(match.id)).toHaveLength(2);
    expect(h.store.read.workItem(disputed.workItemId ?? '')?.status).toBe('open');
  });

  it('a rejected replay is stored and announced, and the match goes on unchanged', async () => {
    const [h, match, , b] = await playing();
    const result = await uploadWith(h, b, match, { status: 'rejected', outcome: 'p2_win' });
    expect(result).toMatchObject({ ok: true, verification: { status: 'rejected' } });
    expect(stored(h, match)).toMatchObject({
      stage: 'in_progress',
      p1Report: null,
      p2Report: null,
    });
    expect(h.store.read.replaysOfMatch(match.id)).toMatchObject([{ status: 'rejected' }]);
    expect(emitted(h, 'replay_verified')).toHaveLength(1);
    // A rejected file does not unlock the report buttons.
    expect(await h.ladder.report(b, match.id, 'win')).toMatchObject({
      ok: false,
      reason: 'needs_replay',
    });
  });
});
