import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import { buildGuildCreate, memberChunks } from './guild-payload.js';
import type { EmulatorClock } from './clock.js';
import type { Recorder } from './recorder.js';
import type { DiscordState } from './state.js';

/** One bot session: survives its socket so that the client can resume it. */
interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Sent dispatches, oldest first, for RESUME. */
  buffer: { s: number; text: string }[];
  socket: WebSocket | null;
}

/** Gateway settings. */
export interface GatewayOptions {
  /** @defaultValue 41 250 */
  heartbeatIntervalMs?: number;
  /** Dispatches kept per session for RESUME. @defaultValue 5 000 */
  replayFrames?: number;
  /** One identify per this many ms (max_concurrency 1); faster ones get op 9. @defaultValue 5 000 */
  identifyIntervalMs?: number;
}

const knownIntents = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((all, bit) => all | bit, 0);

// Privileged intent → the application flags that allow it (full or "limited" variants).
const privileged: [intent: number, flags: number][] = [
  [GatewayIntentBits.GuildPresences, (1 << 12) | (1 << 13)],
  [GatewayIntentBits.GuildMembers, (1 << 14) | (1 << 15)],
  [GatewayIntentBits.MessageContent, (1 << 18) | (1 << 19)],
];

/** Counters a test can read. */
export interface GatewayStats {
  identifies: number;
  resumes: number;
  heartbeats: number;
  dispatches: number;
}

/**
 * The WebSocket gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with the
 * replay buffer, op 7 / op 9, close codes, and intent-filtered dispatches.
 */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private lastIdentifyMs = -Infinity;
  /** While true, heartbeats go unanswered (the client then treats the link as a zombie). */
  withholdAcks = false;
  readonly stats: GatewayStats = { identifies: 0, resumes: 0, heartbeats: 0, dispatches: 0 };

  constructor(
    private readonly state: DiscordState,
    private readonly clock: EmulatorClock,
    private readonly recorder: Recorder,
    private readonly baseUrl: () => string,
    private readonly options: GatewayOptions = {},
  ) {}

  /** Takes over an HTTP upgrade on `/gateway` (fresh) or `/gateway-resume`. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  /** True while at least one session is connected. */
  isConnected(): boolean {
    for (const session of this.sessions.values()) if (session.socket) return true;
    return false;
  }

  /**
   * Sends a dispatch to every session whose intents include `intent` (0: always). Sessions
   * without MESSAGE_CONTENT get `stripped` instead of `data` when it is given.
   */
  dispatch(t: string, data: unknown, intent = 0, stripped?: unknown): void {
    let full: string | undefined;
    let bare: string | undefined;
    for (const session of this.sessions.values()) {
      if (intent !== 0 && (session.intents & intent) === 0) continue;
      const useBare =
        stripped !== undefined && (session.intents & GatewayIntentBits.MessageContent) === 0;
      const body = useBare ? (bare ??= JSON.stringify(stripped)) : (full ??= JSON.stringify(data));
      this.sendDispatch(session, t, body);
    }
  }

  /** Asks every connected client for an immediate heartbeat (op 1 from the server). */
  requestHeartbeat(): void {
    for (const session of this.sessions.values()) {
      this.send(session.socket, GatewayOpcodes.Heartbeat, session.seq);
    }
  }

  /** Asks every connected client to reconnect and resume (op 7). */
  requestReconnect(): void {
    for (const session of this.sessions.values())
      this.send(session.socket, GatewayOpcodes.Reconnect, null);
  }

  /** Sends op 9; `resumable` false makes the client identify again. */
  invalidateSessions(resumable: boolean): void {
    for (const session of [...this.sessions.values()]) {
      this.send(session.socket, GatewayOpcodes.InvalidSession, resumable);
      if (!resumable) this.sessions.delete(session.id);
    }
  }

  /** Closes every socket with `code` (sessions stay resumable unless the code says otherwise). */
  closeAll(code: number): void {
    for (const session of this.sessions.values()) session.socket?.close(code);
  }

  /** Closes the server side of every socket. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    let session: Session | null = null;
    let sends = 0;
    let windowStartMs = this.clock.now();
    const interval = this.options.heartbeatIntervalMs ?? 41_250;
    this.send(ws, GatewayOpcodes.Hello, { heartbeat_interval: interval });

    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      const now = this.clock.now();
      if (now - windowStartMs >= 60_000) {
        windowStartMs = now;
        sends = 0;
      }

      // Discord: at most 120 client frames per 60 s, and none over 4096 bytes.
      if (++sends > 120) return ws.close(4008, 'Rate limited.');
      if (isBinary || raw.length > 4096) return ws.close(4002, 'Error while decoding payload.');
      const frame = parseFrame(raw);
      if (!frame) return ws.close(4002, 'Error while decoding payload.');
      this.recorder.frame('in', frame.op, null, null, raw.length);

      if (frame.op === GatewayOpcodes.Heartbeat) {
        this.stats.heartbeats++;
        if (!this.withholdAcks) this.send(ws, GatewayOpcodes.HeartbeatAck, null);
      } else if (frame.op === GatewayOpcodes.Identify) {
        if (session) return ws.close(4005, 'Already authenticated.');
        session = this.identify(ws, frame.d);
      } else if (frame.op === GatewayOpcodes.Resume) {
        if (session) return ws.close(4005, 'Already authenticated.');
        session = this.resume(ws, frame.d);
      } else if (!session) {
        ws.close(4003, 'Not authenticated.');
      } else if (frame.op === GatewayOpcodes.RequestGuildMembers) {
        this.sendMemberChunks(session, frame.d);
      } else if (frame.op !== GatewayOpcodes.PresenceUpdate) {
        ws.close(4001, 'Unknown opcode.');
      }
    });

    ws.on('close', (code: number) => {
      if (!session || session.socket !== ws) return;
      session.socket = null;
      // 1000/1001 from the client end the session; other codes keep it resumable.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
    });

    ws.on('error', () => ws.terminate());
  }

  private identify(ws: WebSocket, d: unknown): Session | null {
    const body = (d ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    if (body.token !== this.state.token && body.token !== `Bot ${this.state.token}`) {
      ws.close(4004, 'Authentication failed.');
      return null;
    }

    const intents = typeof body.intents === 'number' ? body.intents : -1;
    if (intents < 0 || (intents & ~knownIntents) !== 0) {
      ws.close(4013, 'Invalid intent(s).');
      return null;
    }

    for (const [intent, flags] of privileged) {
      if ((intents & intent) !== 0 && (this.state.applicationFlags & flags) === 0) {
        ws.close(4014, 'Disallowed intent(s).');
        return null;
      }
    }

    const shard = Array.isArray(body.shard) ? body.shard : [0, 1];
    const [shardId, shardCount] = shard as [unknown, unknown];
    const validShard =
      typeof shardId === 'number' &&
      typeof shardCount === 'number' &&
      shardId === 0 &&
      shardCount === 1;
    if (!validShard) {
      ws.close(shardCount === 1 ? 4010 : 4011, 'Invalid shard.');
      return null;
    }

    // max_concurrency 1: a second identify within the interval is refused with op 9.
    const now = this.clock.now();
    if (now - this.lastIdentifyMs < (this.options.identifyIntervalMs ?? 5_000)) {
      this.send(ws, GatewayOpcodes.InvalidSession, false);
      return null;
    }

    this.lastIdentifyMs = now;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents,
      seq: 0,
      buffer: [],
      socket: ws,
    };
    this.sessions.set(session.id, session);
    this.stats.identifies++;

    const ready = {
      v: 10,
      user: this.state.bot,
      guilds: [{ id: this.state.guildId, unavailable: true }],
      session_id: session.id,
      resume_gateway_url: `${this.baseUrl().replace('http', 'ws')}/gateway-resume`,
      shard: [0, 1],
      application: { id: this.state.applicationId, flags: this.state.applicationFlags },
    };
    this.sendDispatch(session, 'READY', JSON.stringify(ready));
    const guild = buildGuildCreate(this.state, this.clock.now());
    if (intents & GatewayIntentBits.Guilds) {
      this.sendDispatch(session, 'GUILD_CREATE', JSON.stringify(guild));
    }
    return session;
  }

  private resume(ws: WebSocket, d: unknown): Session | null {
    const body = (d ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    if (body.token !== this.state.token) {
      ws.close(4004, 'Authentication failed.');
      return null;
    }

    const session = this.sessions.get(String(body.session_id));
    const seq = typeof body.seq === 'number' ? body.seq : -1;
    const oldest = session?.buffer[0]?.s ?? (session ? session.seq + 1 : 0);
    if (!session || seq > session.seq || seq < oldest - 1) {
      this.send(ws, GatewayOpcodes.InvalidSession, false);
      return null;
    }

    // A session has one socket: the old one, if still open, is replaced.
    session.socket?.terminate();
    session.socket = ws;
    this.stats.resumes++;
    for (const frame of session.buffer) {
      if (frame.s > seq) this.write(ws, frame.text, 0, frame.s);
    }

    this.sendDispatch(session, 'RESUMED', '{}');
    return session;
  }

  private sendMemberChunks(session: Session, d: unknown): void {
    for (const chunk of memberChunks(this.state, d)) {
      this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', JSON.stringify(chunk));
    }
  }

  private sendDispatch(session: Session, t: string, body: string): void {
    const s = ++session.seq;
    const text = `{"op":0,"t":"${t}","s":${s},"d":${body}}`;
    session.buffer.push({ s, text });
    if (session.buffer.length > (this.options.replayFrames ?? 5_000)) session.buffer.shift();
    this.stats.dispatches++;
    if (session.socket) this.write(session.socket, text, 0, s, t);
  }

  private send(ws: WebSocket | null, op: number, d: unknown): void {
    if (ws) this.write(ws, JSON.stringify({ op, d, s: null, t: null }), op, null);
  }

  private write(
    ws: WebSocket,
    text: string,
    op: number,
    s: number | null,
    t: string | null = null,
  ) {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(text);
    this.recorder.frame('out', op, t, s, text.length);
  }
}

function parseFrame(raw: Buffer): { op: number; d: unknown } | null {
  try {
    const frame = JSON.parse(raw.toString('utf8')) as { op?: unknown; d?: unknown };
    return typeof frame.op === 'number' ? { op: frame.op, d: frame.d } : null;
  } catch {
    return null;
  }
}
