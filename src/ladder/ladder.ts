import { silentLogger, type Logger } from '../logger.js';
import type { Match, Store } from '../store/index.js';
import { abortBudget } from './aborts.js';
import * as adminQueue from './admin-queue.js';
import * as adminWork from './admin-work.js';
import * as admin from './admin.js';
import { systemClock, type Clock } from './clock.js';
import type { LadderContext } from './context.js';
import { processMatch } from './deadlines.js';
import { LadderEvents } from './events.js';
import { lockedMatchOf } from './guards.js';
import * as flow from './match-flow.js';
import { matchmakingMetrics, snapshotWindowMs, type MatchmakingMetrics } from './metrics.js';
import type { PairWave } from './pairing.js';
import * as players from './players.js';
import { profileOf } from './profile.js';
import * as queue from './queue.js';
import { submitReplay, type ReplayUpload } from './replays.js';
import { refuse, type Result } from './results.js';
import { pairWave } from './rules/index.js';
import { Scheduler } from './scheduler.js';
import * as seasons from './seasons.js';
import { ladderSettings, type LadderSettings } from './settings.js';
import { verifyWithRules, type ReplayVerifier } from './verify.js';
import { runWave } from './waves.js';

/** How to build a ladder. */
export interface LadderOptions {
  store: Store;
  /** @defaultValue the system clock */
  clock?: Clock;
  settings?: Partial<LadderSettings>;
  logger?: Logger;
  /** @defaultValue the rules' global minimum-cost matching */
  pairWave?: PairWave;
  /** @defaultValue the rules' checks over the store's view */
  verifier?: ReplayVerifier;
}

/**
 * The ladder application: every player and admin operation as a method returning a typed
 * result, the match state machine with stored deadlines, waves, and events for adapters.
 */
export class Ladder {
  /** Events for the Discord adapter and the web pages. */
  readonly events: LadderEvents;
  readonly #ctx: LadderContext;
  readonly #scheduler: Scheduler;

  constructor(options: LadderOptions) {
    const log = options.logger ?? silentLogger;
    this.events = new LadderEvents(log);
    const ctx: LadderContext = {
      store: options.store,
      clock: options.clock ?? systemClock,
      settings: ladderSettings(options.settings),
      events: this.events,
      log,
      pairWave: options.pairWave ?? pairWave,
      verifier: options.verifier ?? verifyWithRules,
      onMatchesWritten: (matches) => {
        for (const match of matches) this.#scheduler.arm(match);
      },
    };
    this.#ctx = ctx;
    this.#scheduler = new Scheduler(ctx);
  }

  /** Re-arms every deadline from the store (extending those the outage swallowed) and the waves. */
  start(): Promise<void> {
    return this.#scheduler.start();
  }

  /** Stops every timer and records the stop time. */
  stop(): Promise<void> {
    return this.#scheduler.stop();
  }

  /** Match timers currently armed. */
  get armedTimers(): number {
    return this.#scheduler.armed;
  }

  // Players (§3, §4.1–§4.3)
  touchPlayer = (discordId: string, discordName: string, locale: string | null = null) =>
    players.touchPlayer(this.#ctx, discordId, discordName, locale);
  acceptTerms = (discordId: string) => players.acceptTerms(this.#ctx, discordId);
  declineTerms = (discordId: string) => players.declineTerms(this.#ctx, discordId);
  saveSetup = (discordId: string, input: players.SetupInput) =>
    players.saveSetup(this.#ctx, discordId, input);
  ackNotice = (discordId: string, key: string) => players.ackNotice(this.#ctx, discordId, key);
  setCountry = (discordId: string, country: string) =>
    players.setCountry(this.#ctx, discordId, country);

  /** `/profile` (§4.4): `query` names another player; without it, the caller's own profile. */
  profile = (discordId: string, query?: string) => profileOf(this.#ctx, discordId, query);

  // Queue (§4.6)
  saveQueueChoices = (discordId: string, choices: queue.QueueChoices) =>
    queue.saveChoices(this.#ctx, discordId, choices);
  ackQuickstart = (discordId: string) => queue.ackQuickstart(this.#ctx, discordId);
  joinQueue = (discordId: string) => queue.joinQueue(this.#ctx, discordId);
  leaveQueue = (discordId: string) => queue.leaveQueue(this.#ctx, discordId);
  queueState = () => queue.queueState(this.#ctx);

  // Matches (§5)
  confirm = (discordId: string, matchId: string) =>
    flow.confirmMatch(this.#ctx, discordId, matchId);
  abort = (discordId: string, matchId: string) => flow.abortMatch(this.#ctx, discordId, matchId);
  report = (discordId: string, matchId: string, value: string) =>
    flow.reportResult(this.#ctx, discordId, matchId, value);
  claimNoShow = (discordId: string, matchId: string) =>
    flow.claimNoShow(this.#ctx, discordId, matchId);
  withdrawNoShow = (discordId: string, matchId: string) =>
    flow.withdrawNoShow(this.#ctx, discordId, matchId);
  contestNoShow = (discordId: string, matchId: string) =>
    flow.contestNoShow(this.#ctx, discordId, matchId);
  reportProblem = (discordId: string, matchId: string, text: string) =>
    flow.reportProblem(this.#ctx, discordId, matchId, text);
  submitReplay = (upload: ReplayUpload) => submitReplay(this.#ctx, upload);

  /** Aborts left this month and the reset time ([M-9]). */
  abortsLeft(discordId: string): Result<{ left: number; resetAt: number }> {
    const player = this.#ctx.store.read.playerByDiscordId(discordId);
    if (!player) return refuse('unknown_player');
    return { ok: true, ...abortBudget(this.#ctx, player) };
  }

  /** The match that locks a player, if any. */
  lockedMatch(discordId: string): Match | undefined {
    const player = this.#ctx.store.read.playerByDiscordId(discordId);
    return player ? lockedMatchOf(this.#ctx, player.id) : undefined;
  }

  // Admin (§9.2); `adminId` is the admin's Discord id.
  resolve = (adminId: string, match: string, outcome: string, reason: string) =>
    admin.resolveMatch(this.#ctx, adminId, match, outcome, reason);
  adjustRating = (
    adminId: string,
    player: string,
    race: string,
    op: 'set' | 'add' | 'subtract',
    value: number,
    reason: string,
  ) => admin.adjustRating(this.#ctx, adminId, player, race, op, value, reason);
  removeFromQueue = (adminId: string, player: string, reason: string) =>
    adminQueue.removeFromQueue(this.#ctx, adminId, player, reason);
  clearQueue = (adminId: string, reason: string) =>
    adminQueue.clearQueue(this.#ctx, adminId, reason);
  setQueueOpen = (adminId: string, open: boolean, reason: string) =>
    adminQueue.setQueueOpen(this.#ctx, adminId, open, reason);
  ban = (adminId: string, player: string, reason: string) =>
    admin.banPlayer(this.#ctx, adminId, player, reason);
  unban = (adminId: string, player: string, reason: string) =>
    admin.unbanPlayer(this.#ctx, adminId, player, reason);
  resetAborts = (adminId: string, player: string, count: number, reason: string) =>
    admin.resetAborts(this.#ctx, adminId, player, count, reason);

  claimWorkItem = (adminId: string, itemId: string) =>
    adminWork.claimWorkItem(this.#ctx, adminId, itemId);
  dismissWorkItem = (adminId: string, itemId: string, reason: string) =>
    adminWork.dismissWorkItem(this.#ctx, adminId, itemId, reason);
  undoResolution = (adminId: string, match: string) =>
    adminWork.undoResolution(this.#ctx, adminId, match);

  /** Matchmaking quality of the last 24 h, for `/admin snapshot` ([MM-7]). */
  matchmakingSnapshot(): MatchmakingMetrics {
    const now = this.#ctx.clock.now();
    return matchmakingMetrics(this.#ctx, now - snapshotWindowMs, now + 1);
  }

  endSeason = (adminId: string, reason: string) => seasons.endSeason(this.#ctx, adminId, reason);
  settleArchives = () => seasons.settleArchives(this.#ctx);

  /** Runs the wave of `waveAt` now (the scheduler does this on the interval). */
  runWave = (waveAt: number) => runWave(this.#ctx, waveAt);
  /** Applies a due deadline or reminder of one match now. */
  processMatch = (matchId: string) => processMatch(this.#ctx, matchId);
}
