import { describe, expect, it } from 'vitest';
import type { Match } from '../../../src/store/index.js';
import {
  confirmBoth, emitted, minute, pairUp, summaryOf, upload, useLadders, type Harness,
} from './harness.js'; // prettier-ignore

// T20 in every open stage: banning a participant voids the match with reason `banned`, cancels
// its deadline, unlocks the opponent without touching their rating, and requeues them only if
// they had confirmed a match still awaiting confirmation. A dispute's card is closed.

const { setupAlphaBravo } = useLadders();

type Stage = 'unconfirmed' | 'opponent_confirmed' | 'in_progress' | 'no_show_claimed' | 'disputed';

/** Brings a fresh match of Alpha (BW) and Bravo (SC2) to `stage`; Bravo is the one banned. */
async function matchIn(stage: Stage): Promise<[Harness, Match, string, string]> {
  const [h, a, b] = await setupAlphaBravo();
  let match = await pairUp(h, a, b);
  if (stage === 'opponent_confirmed') await h.ladder.confirm(a, match.id);
  if (stage === 'in_progress' || stage === 'no_show_claimed' || stage === 'disputed') {
    match = await confirmBoth(h, match);
  }
  if (stage === 'no_show_claimed') {
    await h.clock.advance(10 * minute);
    await h.ladder.claimNoShow(a, match.id);
  }
  if (stage === 'disputed') {
    await h.ladder.submitReplay(upload(a, summaryOf(h, match, null)));
    await h.ladder.report(a, match.id, 'win');
    await h.ladder.report(b, match.id, 'win');
  }
  const current = h.store.read.match(match.id) as Match;
  expect(current.stage).toBe(stage.includes('confirmed') ? 'awaiting_confirmation' : stage);
  return [h, current, a, b];
}

describe('a ban ends the open match fairly for the opponent', () => {
  it.each<Stage>([
    'unconfirmed',
    'opponent_confirmed',
    'in_progress',
    'no_show_claimed',
    'disputed',
  ])('%s: voided for banned, deadline gone, opponent free and unrated', async (stage) => {
    const [h, match, a, b] = await matchIn(stage);
    const opponentRatings = h.store.read.ratingsOfPlayer('s1', match.p1Id);
    const endedBefore = emitted(h, 'match_ended').length;

    expect(await h.ladder.ban('admin', b, 'cheating in ladder games')).toMatchObject({
      ok: true,
      voided: 1,
    });
    expect(h.store.read.match(match.id)).toMatchObject({
        stage: 'voided', voidReason: 'banned', outcome: 'void', deadlineAt: null,
      }); // prettier-ignore
    expect(h.ladder.armedTimers).toBe(0);
    expect(h.ladder.lockedMatch(a)).toBeUndefined();
    expect(h.store.read.ratingsOfPlayer('s1', match.p1Id)).toEqual(opponentRatings);
    expect(
      emitted(h, 'match_ended')
        .slice(endedBefore)
        .map((e) => e.match.id),
    ).toEqual([match.id]);
    expect(h.store.read.auditEntries({ playerId: match.p2Id })[0]).toMatchObject({
      action: 'ban',
      after: { banned: true, voided: 1 },
    });

    // Only an opponent who confirmed a match still awaiting confirmation goes back in.
    const requeued = h.store.read.openQueueEntryOf(match.p1Id);
    if (stage === 'opponent_confirmed') {
      expect(requeued).toBeDefined();
      expect(emitted(h, 'requeued').map((e) => e.matchId)).toEqual([match.id]);
    } else {
      expect(requeued).toBeUndefined();
      expect((await h.ladder.joinQueue(a)).ok).toBe(true);
    }

    if (stage === 'disputed') {
      expect(h.store.read.workItem(match.workItemId ?? '')?.status).toBe('resolved');
      expect(emitted(h, 'dispute_resolved').map((e) => e.match.id)).toEqual([match.id]);
    }
  });

  it('keeps the voided match voided: the deadline passing later changes nothing', async () => {
    const [h, match, , b] = await matchIn('in_progress');
    await h.ladder.ban('admin', b, 'cheating in ladder games');
    const voided = h.store.read.match(match.id);
    await h.clock.advance(3 * 60 * minute);
    expect(h.store.read.match(match.id)).toEqual(voided);
  });
});
