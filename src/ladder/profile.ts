import type { GameRecord, Player, Race, RankLetter, Season } from '../store/index.js';
import { abortBudget } from './aborts.js';
import type { LadderContext } from './context.js';
import { refuse, type Result } from './results.js';
import { defaultElo } from './rules/index.js';

// `/profile [player:]` (PRODUCT.md §4.4) as data: every figure comes from match records
// through the store's player statistics ([P-1], [R-7]); the Discord and web adapters only
// format it. Reads only, so it never writes and never refuses a banned caller.

/** Games with their win rate (wins ÷ games, draws counted as games; null without games). */
export interface ProfileRecord extends GameRecord {
  winRate: number | null;
}

/** One race of a profile: its current-season entry and its recent form across seasons. */
export interface ProfileRace {
  race: Race;
  /** The current season's rating; null when the race has no entry this season ("no games yet"). */
  rating: number | null;
  /** The provisional mark `?` (§7.3). */
  isProvisional: boolean;
  /** Rank letter now (`U`: unranked, e.g. idle past the cutoff) and 1-based global rank. */
  letter: RankLetter;
  rank: number | null;
  season: ProfileRecord;
  last14Days: ProfileRecord;
  last30Days: ProfileRecord;
  last90Days: ProfileRecord;
  /** The rating after each game or adjustment this season, oldest first: the chart's points. */
  chart: { at: number; rating: number }[];
}

/** What only the player sees on their own profile. */
export interface OwnProfile {
  /** Accepted the current terms (an older version asks again). */
  termsAccepted: boolean;
  setupCompletedAt: number;
  abortsLeft: number;
  abortsResetAt: number;
}

/** A player's public profile, plus `own` when the caller asked for themselves. */
export interface ProfileView {
  playerId: string;
  ladderName: string;
  country: string | null;
  /** Null reads "not set" ([P-1]). */
  region: string | null;
  altNames: string[];
  seasonId: string | null;
  /** Races with games this season or ever queued, in race order. */
  races: ProfileRace[];
  /** All time, every season and race. */
  total: ProfileRecord;
  /** In-game names of the SC2 accounts linked through verified replays (§8.3). */
  linkedAccounts: string[];
  own: OwnProfile | null;
}

/**
 * The profile of the player `query` names (a ladder name, a mention `<@id>` or a Discord id),
 * or the caller's own without a query.
 */
export function profileOf(
  ctx: LadderContext,
  callerDiscordId: string,
  query?: string,
): Result<{ profile: ProfileView }> {
  const read = ctx.store.read;
  const player =
    query === undefined || query.trim() === ''
      ? read.playerByDiscordId(callerDiscordId)
      : findByQuery(ctx, query.trim());
  if (!player) return refuse('unknown_player');
  if (player.ladderName === null || player.setupCompletedAt === null) return refuse('no_profile');

  const season = read.currentSeason();
  const stats = read.playerStats(player.id, season?.id ?? '');
  const queued = queuedRaces(ctx, player.id);
  const shown = stats.races.filter((line) => line.season.games > 0 || queued.has(line.race));

  const isOwn = player.discordId === callerDiscordId;
  const budget = isOwn ? abortBudget(ctx, player) : undefined;
  return {
    ok: true,
    profile: {
      playerId: player.id,
      ladderName: player.ladderName,
      country: player.country,
      region: player.region,
      altNames: [...player.altNames],
      seasonId: season?.id ?? null,
      races: shown.map((line) => ({
        race: line.race,
        ...seasonEntry(ctx, season, player.id, line.race, line.season.games),
        season: withRate(line.season),
        last14Days: withRate(line.last14Days),
        last30Days: withRate(line.last30Days),
        last90Days: withRate(line.last90Days),
      })),
      total: withRate(stats.total),
      linkedAccounts: linkedNames(ctx, player.id),
      own: budget
        ? {
            termsAccepted:
              player.termsAcceptedAt !== null && player.termsVersion === ctx.settings.termsVersion,
            setupCompletedAt: player.setupCompletedAt,
            abortsLeft: budget.left,
            abortsResetAt: budget.resetAt,
          }
        : null,
    },
  };
}

/** A ladder name (or alt name, when only one player has it), a mention, or a Discord id. */
function findByQuery(ctx: LadderContext, query: string): Player | undefined {
  const read = ctx.store.read;
  const mention = /^<@!?([^\s>]+)>$/.exec(query);
  if (mention) return read.playerByDiscordId(mention[1]!);
  const byName = read.playerByName(query) ?? read.playerByDiscordId(query);
  if (byName) return byName;
  const byAlt = read.playersByAnyName(query);
  return byAlt.length === 1 ? byAlt[0] : undefined;
}

/** The races a player has ever chosen: saved choices and entries of any season. */
function queuedRaces(ctx: LadderContext, playerId: string): Set<Race> {
  const read = ctx.store.read;
  const found = new Set<Race>();
  const choices = read.queuePreference(playerId);
  if (choices?.bwRace) found.add(choices.bwRace);
  if (choices?.sc2Race) found.add(choices.sc2Race);
  for (const season of read.seasons()) {
    for (const entry of read.ratingsOfPlayer(season.id, playerId)) found.add(entry.race);
  }
  return found;
}

/** The current-season entry of one race: rating, mark, rank and chart. */
function seasonEntry(
  ctx: LadderContext,
  season: Season | undefined,
  playerId: string,
  race: Race,
  games: number,
): Pick<ProfileRace, 'rating' | 'isProvisional' | 'letter' | 'rank' | 'chart'> {
  const read = ctx.store.read;
  const entry = season ? read.rating(season.id, playerId, race) : undefined;
  if (!season || !entry) {
    return { rating: null, isProvisional: false, letter: 'U', rank: null, chart: [] };
  }

  const ranked = read.rankOf(season.id, playerId, race);
  const rules = season.rules;
  const isProvisional =
    rules.system === 'elo'
      ? games < eloProvisionalGames(ctx)
      : (entry.rd ?? rules.rd) > rules.provisionalRd;
  const chart = read
    .ratingHistory(season.id, playerId, race)
    .filter((line) => line.supersededAt === null)
    .map((line) => ({ at: line.at, rating: line.after }));
  return {
    rating: entry.rating,
    isProvisional,
    letter: ranked?.letter ?? 'U',
    rank: ranked?.rank ?? null,
    chart,
  };
}

function eloProvisionalGames(ctx: LadderContext): number {
  const rating = ctx.settings.rules.rating;
  return rating.kind === 'elo' ? rating.provisionalGames : defaultElo.provisionalGames;
}

/** Every name seen on the player's linked toons, once each, in link order. */
function linkedNames(ctx: LadderContext, playerId: string): string[] {
  const names = new Set<string>();
  for (const link of ctx.store.read.toonLinksOfPlayer(playerId)) {
    for (const name of link.names) names.add(name);
  }
  return [...names];
}

function withRate(record: GameRecord): ProfileRecord {
  return { ...record, winRate: record.games === 0 ? null : record.wins / record.games };
}
