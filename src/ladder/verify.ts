import type { LobbySettings, ReplaySummary } from '../replays/decode/types.js';
import type { Match, Player, StoreReader } from '../store/index.js';
import { verifyReplay, type ParticipantIdentity, type ReplayVerification } from './rules/index.js';
import type { LadderSettings } from './settings.js';

// The application's side of replay verification: it gathers what the pure check reads from
// the store (identities, linked toons, reuse) and hands back its verdict. The ladder takes the
// verifier as a function so tests can replace it.

export type { ReplayVerification, VerificationCheck } from './rules/index.js';

/** What a verifier reads. */
export interface VerifyInput {
  summary: ReplaySummary;
  lobby: LobbySettings | null;
  sha256: string;
  match: Match;
  read: StoreReader;
  settings: LadderSettings;
}

/** Checks one replay against its match. Pure: reads, never writes. */
export type ReplayVerifier = (input: VerifyInput) => ReplayVerification;

function identityOf(
  read: StoreReader,
  player: Player | undefined,
  id: string,
): ParticipantIdentity {
  return {
    playerId: id,
    ladderName: player?.ladderName ?? '',
    altNames: player?.altNames ?? [],
    battleTag: player?.battleTag ?? null,
    toons: read.toonLinksOfPlayer(id).map((link) => link.id),
  };
}

/** The default verifier: the rules' checks 5–16 over the store's view of the match. */
export const verifyWithRules: ReplayVerifier = ({
  summary,
  lobby,
  sha256,
  match,
  read,
  settings,
}) => {
  const reusedIn = [
    ...new Set(
      read
        .replaysBySha256(sha256)
        .map((r) => r.matchId)
        .filter((id) => id !== match.id),
    ),
  ];
  const titles = settings.mapTitles[match.mapId] ?? [match.mapId];

  return verifyReplay({
    summary,
    lobby,
    match: {
      id: match.id,
      createdAtMs: match.createdAt,
      p1: identityOf(read, read.player(match.p1Id), match.p1Id),
      p2: identityOf(read, read.player(match.p2Id), match.p2Id),
      p1Race: match.p1Race,
      p2Race: match.p2Race,
      map: { titles },
    },
    reusedIn,
    lookup: {
      playerByToon: (toon) => read.toonLink(toon)?.playerId ?? null,
      playerByName: (name) => {
        const byName = read.playersByAnyName(name)[0];
        if (byName) return byName.id;
        for (const p of read.players()) {
          if (p.battleTag?.split('#')[0]?.toLowerCase() === name) return p.id;
        }
        return null;
      },
    },
    mod: settings.mod,
    settings: settings.rules.verification,
  });
};
