import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChannelType,
  GatewayIntentBits,
  type APIChannel,
  type APIInteraction,
  type APIMessage,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { silentLogger } from '../../src/logger.js';
import { Actor } from './actors.js';
import { Cdn } from './cdn.js';
import { EmulatorClock } from './clock.js';
import { EmulatorError } from './errors.js';
import { Faults } from './faults.js';
import { Gateway } from './gateway.js';
import { handleRequest } from './http-server.js';
import {
  InteractionStore,
  type InteractionDeadlines,
  type InteractionRecord,
} from './interactions.js';
import { RateLimiter, type RateLimitOptions } from './rate-limits.js';
import { Recorder } from './recorder.js';
import { Router } from './router.js';
import { channelRoutes } from './routes/channels.js';
import { guildRoutes } from './routes/guilds.js';
import { interactionRoutes } from './routes/interactions.js';
import { metaRoutes } from './routes/meta.js';
import { SnowflakeGenerator } from './snowflake.js';
import { addPlayer, seedState, type DiscordState, type SeedOptions } from './state.js';
import { Watchers } from './watchers.js';

/** Settings of one emulator. */
export interface EmulatorOptions extends SeedOptions {
  /** Loopback only. @defaultValue 127.0.0.1 */
  host?: string;
  /** @defaultValue 0 (an ephemeral port) */
  port?: number;
  /** @defaultValue 41 250 */
  heartbeatIntervalMs?: number;
  /** Minimum time between identifies (max_concurrency 1). @defaultValue 5 000 */
  identifyIntervalMs?: number;
  rateLimits?: RateLimitOptions;
  deadlines?: InteractionDeadlines;
  /** Write every request, frame and interaction event here as JSON lines. */
  recordPath?: string;
  /** Per-file upload limit. @defaultValue 10 MiB */
  attachmentSizeLimit?: number;
  /** Lifetime of signed CDN URLs. @defaultValue 24 h */
  cdnUrlLifetimeMs?: number;
  logger?: Logger;
}

const allRoutes = [...metaRoutes, ...interactionRoutes, ...channelRoutes, ...guildRoutes];

/**
 * A local Discord: REST under `/api/v10`, the gateway on `/gateway`, a CDN on `/attachments`,
 * and in-process actors that play the users. Point discord.js at `apiUrl` with `rest.api`.
 */
export class DiscordEmulator {
  readonly clock = new EmulatorClock();
  readonly ids = new SnowflakeGenerator(() => this.clock.now());
  readonly state: DiscordState;
  readonly recorder: Recorder;
  readonly limiter: RateLimiter;
  readonly faults = new Faults();
  readonly cdn: Cdn;
  readonly interactions: InteractionStore;
  readonly gateway: Gateway;
  readonly log: Logger;
  /** Ephemeral messages: reachable only through their interaction's webhook. */
  readonly ephemeral = new Map<string, APIMessage>();
  /** Which user a bot message was addressed to, so that its edits reach the same actor. */
  readonly audience = new Map<string, string>();
  /** Every message created or edited, for `waitForMessage`. */
  readonly messageWatch = new Watchers<APIMessage>('message');
  /** Every guild channel created, for `waitForChannel`. */
  readonly channelWatch = new Watchers<APIChannel>('channel');
  private readonly actors = new Map<string, Actor>();
  private readonly router = new Router(allRoutes);
  private server: Server | null = null;
  private base = '';

  constructor(readonly options: EmulatorOptions = {}) {
    this.log = options.logger ?? silentLogger;
    this.state = seedState(this.ids, this.clock.now(), options);
    this.recorder = new Recorder(options.recordPath);
    this.limiter = new RateLimiter(this.clock, this.recorder, options.rateLimits);
    const url = () => this.baseUrl;
    this.cdn = new Cdn(this.clock, this.ids, url, {
      urlLifetimeMs: options.cdnUrlLifetimeMs ?? 86_400_000,
    });
    this.interactions = new InteractionStore(this.clock, options.deadlines);
    const gatewayOptions = {
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      identifyIntervalMs: options.identifyIntervalMs ?? 5_000,
    };
    this.gateway = new Gateway(this.state, this.clock, this.recorder, url, gatewayOptions);
  }

  /** Starts listening; resolves to the base URL (`http://127.0.0.1:PORT`). */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      handleRequest(this, this.router, req, res).catch((error: unknown) => {
        // Only a broken socket gets here; the exchange is lost, the server goes on.
        this.log.warn({ err: error }, 'request failed while answering');
        res.destroy();
      });
    });
    server.on('upgrade', (req, socket, head: Buffer) => {
      const path = new URL(req.url ?? '/', 'http://emulator.local').pathname;
      if (path === '/gateway' || path === '/gateway/' || path === '/gateway-resume') {
        this.gateway.upgrade(req, socket, head);
      } else socket.destroy();
    });
    server.keepAliveTimeout = 30_000;

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve);
    });
    const address = server.address() as AddressInfo;
    this.server = server;
    this.base = `http://${address.address}:${address.port}`;
    this.log.info({ url: this.base }, 'emulator listening');
    return this.base;
  }

  /** Closes sockets and the server, and flushes the recording. */
  async stop(): Promise<void> {
    await this.gateway.close();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    for (const actor of this.actors.values()) actor.cancelWaits();
    await this.recorder.close();
  }

  /** `http://127.0.0.1:PORT`; throws before `start`. */
  get baseUrl(): string {
    if (!this.base) throw new EmulatorError('not_listening', 'call start() first');
    return this.base;
  }

  /** The gateway URL handed out by `GET /gateway/bot` (the client appends its query). */
  get gatewayUrl(): string {
    return `${this.baseUrl.replace('http', 'ws')}/gateway`;
  }

  /** The value for discord.js `rest.api`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  /** The bot token discord.js must log in with. */
  get token(): string {
    return this.state.token;
  }

  /** Ids of the players, in seed order (the bot excluded). */
  playerIds(): string[] {
    return [...this.state.members.keys()].filter((id) => id !== this.state.bot.id);
  }

  /**
   * Adds `count` players to the guild. Before login that is seeding; after it, pass `announce`
   * so the bot gets GUILD_MEMBER_ADD for each, as when people join.
   */
  addPlayers(count: number, announce = false): string[] {
    const ids: string[] = [];
    const start = this.state.users.size;
    for (let i = 0; i < count; i++) {
      const id = this.ids.next();
      const member = addPlayer(this.state, id, `player${start + i}`, this.clock.now());
      ids.push(id);
      if (!announce) continue;
      const data = { ...member, guild_id: this.state.guildId };
      this.gateway.dispatch('GUILD_MEMBER_ADD', data, GatewayIntentBits.GuildMembers);
    }

    return ids;
  }

  /** The actor playing user `userId` (or the n-th player), created on first use. */
  actor(user: string | number): Actor {
    const id = typeof user === 'number' ? this.nthPlayer(user) : user;
    if (!id || !this.state.users.has(id)) {
      throw new EmulatorError('unknown_actor', `no user ${String(user)} in the emulator`);
    }

    let actor = this.actors.get(id);
    if (!actor) {
      actor = new Actor(this, id);
      this.actors.set(id, actor);
    }

    return actor;
  }

  // Walks the members without building the whole list, and stops at the one wanted.
  private nthPlayer(index: number): string | undefined {
    let seen = 0;
    for (const id of this.state.members.keys()) {
      if (id === this.state.bot.id) continue;
      if (seen++ === index) return id;
    }

    return undefined;
  }

  /** Hands a bot message or edit to the actor it concerns (if that user has an actor). */
  deliver(userId: string, kind: 'message' | 'edit', message: APIMessage): void {
    this.actors.get(userId)?.receive(kind, message);
  }

  /** Hands a modal the bot showed to the actor who triggered it. */
  deliverModal(userId: string, data: Record<string, unknown>, record: InteractionRecord): void {
    this.actors.get(userId)?.receiveModal(data, record);
  }

  /** Sends an interaction to the bot and starts its 3 s clock. */
  dispatchInteraction(
    payload: APIInteraction,
    userId: string,
    channelId: string,
  ): InteractionRecord {
    const record = this.interactions.add(payload, userId, channelId);
    this.recorder.dispatched(payload.id);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return record;
  }

  /** The DM channel between the bot and `userId`, created on first use. */
  dmChannel(userId: string): APIChannel {
    const existing = this.state.dmByUser.get(userId);
    const record = existing ? this.state.channels.get(existing) : undefined;
    if (record) return record.channel;

    const user = this.state.users.get(userId);
    const channel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      last_message_id: null,
      recipients: user ? [user] : [],
      flags: 0,
    } as unknown as APIChannel;
    this.state.channels.set(channel.id, { channel, messages: new Map(), recipientId: userId });
    this.state.dmByUser.set(userId, channel.id);
    return channel;
  }

  /** A member leaves the guild: GUILD_MEMBER_REMOVE, and the bot can no longer DM them. */
  removeMember(userId: string): void {
    const member = this.state.members.get(userId);
    if (!member?.user) return;
    this.state.members.delete(userId);
    const data = { guild_id: this.state.guildId, user: member.user };
    this.gateway.dispatch('GUILD_MEMBER_REMOVE', data, GatewayIntentBits.GuildMembers);
  }

  /**
   * The first message in `channelId` matching `predicate`: one already there (oldest first),
   * or the next one created or edited.
   */
  waitForMessage(
    channelId: string,
    predicate: (message: APIMessage) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<APIMessage> {
    const history = this.state.channels.get(channelId)?.messages.values() ?? [];
    for (const message of history) if (predicate(message)) return Promise.resolve(message);
    const matches = (message: APIMessage) => message.channel_id === channelId && predicate(message);
    return this.messageWatch.wait(matches, timeoutMs);
  }

  /** The first guild channel whose name matches `pattern`, existing or yet to be created. */
  waitForChannel(pattern: RegExp, timeoutMs = 5_000): Promise<APIChannel> {
    const matches = (channel: APIChannel) => pattern.test(channel.name ?? '');
    for (const record of this.state.channels.values()) {
      if (record.recipientId === undefined && matches(record.channel)) {
        return Promise.resolve(record.channel);
      }
    }

    return this.channelWatch.wait(matches, timeoutMs);
  }

  /** Asks the bot to reconnect and resume (op 7). */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Invalidates the bot's session (op 9). */
  invalidateSession(resumable: boolean): void {
    this.gateway.invalidateSessions(resumable);
  }

  /** Moves emulator time forward (deadlines, URL expiry, rate-limit windows). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
  }
}
