import { Agent, request } from 'node:http';
import WebSocket from 'ws';

// A deliberately thin bot for the emulator benchmark, run in its own process so that the
// emulator keeps its core: raw gateway frames (no discord.js), keep-alive HTTP, and answers to
// every interaction. The parent drives it over IPC.

type ParentMessage =
  | { type: 'start'; base: string; token: string; applicationId: string; guildId: string }
  | { type: 'count'; target: number }
  | { type: 'rest'; channelIds: string[]; total: number; concurrency: number };

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: { heartbeat_interval: number; id: string; token: string };
}

let base = '';
let token = '';
let agent = new Agent({ keepAlive: true, maxSockets: 64 });
let counted = 0;
let countTarget = Infinity;

function send(message: unknown): void {
  process.send?.(message);
}

function call(method: string, path: string, body: unknown, auth = true): Promise<number> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/v10${path}`,
      {
        method,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...(auth ? { authorization: `Bot ${token}` } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

function connect(applicationId: string, guildId: string): void {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/gateway?v=10&encoding=json`);
  let seq: number | null = null;
  ws.on('message', (raw: Buffer) => {
    const text = raw.toString('utf8');
    // Cheap path for the flood: our frames start with op and t, so count without parsing.
    if (text.startsWith('{"op":0,"t":"MESSAGE_CREATE"')) {
      if (++counted === countTarget) send({ type: 'counted', count: counted });
      return;
    }

    const frame = JSON.parse(text) as Frame;
    if (frame.s !== null) seq = frame.s;
    if (frame.op === 10) {
      setInterval(
        () => ws.send(JSON.stringify({ op: 1, d: seq })),
        frame.d.heartbeat_interval,
      ).unref();
      ws.send(
        JSON.stringify({
          op: 2,
          d: { token, intents: 1 | 512 | 4096, properties: {}, shard: [0, 1] },
        }),
      );
    } else if (frame.t === 'GUILD_CREATE') {
      const commands = [{ name: 'ping', description: 'pong' }];
      void call('PUT', `/applications/${applicationId}/guilds/${guildId}/commands`, commands).then(
        () => send({ type: 'ready' }),
      );
    } else if (frame.t === 'INTERACTION_CREATE') {
      const path = `/interactions/${frame.d.id}/${frame.d.token}/callback`;
      void call('POST', path, { type: 4, data: { content: 'pong' } }, false);
    }
  });
}

async function flood(channelIds: string[], total: number, concurrency: number): Promise<void> {
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const status = await call('POST', `/channels/${channelIds[i % channelIds.length]}/messages`, {
        content: `load ${i}`,
      });
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  send({ type: 'rest-done', ms: performance.now() - started, statuses });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'start') {
    base = message.base;
    token = message.token;
    connect(message.applicationId, message.guildId);
  } else if (message.type === 'count') {
    counted = 0;
    countTarget = message.target;
  } else {
    void flood(message.channelIds, message.total, message.concurrency);
  }
});
process.on('disconnect', () => process.exit(0));
