import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, apiErrors, RateLimitedError } from './errors.js';
import type { DiscordEmulator } from './emulator.js';
import type { RouteContext, RouteMatch, Router, UploadedFile } from './router.js';

const apiPrefix = '/api/v10';

/** A parsed request body: JSON (or `payload_json`) plus files. */
interface ParsedBody {
  body: Record<string, unknown>;
  /** Set when the JSON body is an array (command bulk overwrite). */
  list: unknown[] | null;
  files: UploadedFile[];
  bytesIn: number;
}

/**
 * Answers one HTTP request: the CDN route, or a REST route under `/api/v10` with auth, faults,
 * rate limits, body parsing, Discord-shaped errors and recording.
 */
export async function handleRequest(
  emu: DiscordEmulator,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startMs = emu.recorder.now();
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/attachments/')) return serveAttachment(emu, url, res);

  const path = url.pathname.startsWith(apiPrefix) ? url.pathname.slice(apiPrefix.length) : null;
  const match = path === null ? null : router.match(method, path);
  const template =
    typeof match === 'object' && match ? match.route.pattern : (path ?? url.pathname);
  let status = 500;
  let headers: Record<string, string> = {};
  let payload: unknown;
  let scope: string | undefined;
  let bucket: string | undefined;
  let files = 0;
  let bytesIn = 0;

  try {
    const parsed = await readBody(req, emu.options.attachmentSizeLimit ?? 10_485_760);
    bytesIn = parsed.bytesIn;
    files = parsed.files.length;
    if (match === null) throw apiErrors.notFound();
    if (match === 'method') throw apiErrors.methodNotAllowed();
    const authed = match.route.auth !== false;
    if (authed && req.headers.authorization !== `Bot ${emu.state.token}`) {
      throw apiErrors.unauthorized();
    }

    const plan = emu.faults.plan(method, template);
    if (plan.delayMs > 0) await sleep(plan.delayMs);
    const limited = limitedAnswer(emu, method, match, authed, plan.forced);
    bucket = limited.bucket;
    headers = limited.headers;
    if (limited.status) {
      status = limited.status;
      scope = limited.scope;
      payload = limited.body;
    } else {
      const ctx: RouteContext = {
        emu,
        params: match.params,
        query: url.searchParams,
        body: parsed.body,
        list: parsed.list,
        files: parsed.files,
      };
      const result = await match.route.handler(ctx);
      payload = result.body;
      status = result.status ?? (payload === undefined ? 204 : 200);
    }
  } catch (error) {
    if (error instanceof RateLimitedError) {
      // The bucket still shows requests left, so clients read this 429 as a sublimit.
      ({
        status,
        scope,
        headers,
        body: payload,
      } = tooMany(emu, error.retryAfterS, 'user', headers));
    } else if (error instanceof ApiError) {
      status = error.status;
      payload = error.body();
    } else {
      emu.log.error({ err: error, method, path: url.pathname }, 'route failed');
      status = 500;
      payload = { code: 0, message: '500: Internal Server Error' };
    }
  }

  const bytesOut = writeResponse(res, status, headers, payload);
  emu.limiter.noteStatus(status, scope);
  const code = (payload as { code?: unknown } | undefined)?.code;
  const params = typeof match === 'object' && match ? match.params : {};
  const interactionId =
    params.interactionId ?? (params.token ? emu.interactions.idForToken(params.token) : undefined);
  emu.recorder.rest({
    kind: 'rest',
    startMs,
    endMs: emu.recorder.now(),
    method,
    path: url.pathname,
    route: template,
    ...(bucket ? { bucket } : {}),
    ...(typeof match === 'object' && match ? { major: match.major } : {}),
    status,
    ...(typeof code === 'number' && code !== 0 ? { code } : {}),
    ...(scope ? { scope } : {}),
    bytesIn,
    bytesOut,
    files,
    ...(interactionId ? { interactionId } : {}),
  });
}

interface LimitAnswer {
  bucket?: string;
  headers: Record<string, string>;
  status?: number;
  scope?: string;
  body?: unknown;
}

// The order Discord applies: the temporary ban, forced faults, then global and bucket limits.
function limitedAnswer(
  emu: DiscordEmulator,
  method: string,
  match: RouteMatch,
  authed: boolean,
  forced: ReturnType<DiscordEmulator['faults']['plan']>['forced'],
): LimitAnswer {
  if (emu.limiter.isBanned()) return tooMany(emu, 600, 'global', {});
  if (forced && forced.status !== 429) {
    return {
      headers: {},
      status: forced.status,
      body: { code: 0, message: `${forced.status}: injected` },
    };
  }

  const verdict = emu.limiter.take(`${method} ${match.route.pattern}`, match.major, authed);
  if (forced)
    return {
      bucket: verdict.bucket,
      ...tooMany(emu, forced.retryAfterS ?? 1, forced.scope ?? 'user', verdict.headers),
    };
  if (verdict.limited) {
    const { retryAfterS, scope } = verdict.limited;
    return { bucket: verdict.bucket, ...tooMany(emu, retryAfterS, scope, verdict.headers) };
  }

  return { bucket: verdict.bucket, headers: verdict.headers };
}

function tooMany(
  emu: DiscordEmulator,
  retryAfterS: number,
  scope: string,
  headers: Record<string, string>,
) {
  const isGlobal = scope === 'global';
  return {
    status: 429,
    scope,
    headers: {
      ...headers,
      'Retry-After': emu.limiter.retryAfterHeader(retryAfterS),
      'X-RateLimit-Scope': scope,
      ...(isGlobal ? { 'X-RateLimit-Global': 'true' } : {}),
    },
    body: {
      message: 'You are being rate limited.',
      retry_after: Math.round(retryAfterS * 1000) / 1000,
      global: isGlobal,
    },
  };
}

async function readBody(req: IncomingMessage, fileLimit: number): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  let length = 0;
  let tooLarge = false;
  // Read everything even when too large, so the connection stays usable.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > fileLimit * 10 + 1_048_576) tooLarge = true;
    else chunks.push(chunk);
  }

  if (tooLarge) throw apiErrors.tooLarge();
  if (length === 0) return { body: {}, list: null, files: [], bytesIn: 0 };
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    const value = parseJson(raw.toString('utf8'));
    if (Array.isArray(value)) return { body: {}, list: value, files: [], bytesIn: length };
    return { body: value, list: null, files: [], bytesIn: length };
  }

  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  } catch {
    throw apiErrors.invalidForm({ files: 'Could not parse the multipart body.' });
  }

  const files: UploadedFile[] = [];
  let body: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (name === 'payload_json' && typeof value === 'string') {
      const parsed = parseJson(value);
      if (!Array.isArray(parsed)) body = parsed;
    }

    if (typeof value === 'string') continue;
    const index = /^files\[(\d+)\]$/.exec(name)?.[1] ?? /^file(\d*)$/.exec(name)?.[1];
    if (index === undefined) continue;
    const bytes = Buffer.from(await value.arrayBuffer());
    if (bytes.length > fileLimit) throw apiErrors.tooLarge();
    files.push({ index: Number(index || 0), filename: value.name, contentType: value.type, bytes });
  }

  return { body, list: null, files, bytesIn: length };
}

function parseJson(text: string): Record<string, unknown> | unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') {
      throw apiErrors.invalidForm({ _root: 'Expected a JSON object or array.' });
    }

    return value as Record<string, unknown> | unknown[];
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw apiErrors.invalidJson();
  }
}

function writeResponse(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: unknown,
): number {
  // A 204 must carry no body and no JSON content type, or discord.js fails to parse it.
  if (payload === undefined || status === 204) {
    res.writeHead(status, headers).end();
    return 0;
  }

  const text = JSON.stringify(payload);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(text);
  return Buffer.byteLength(text);
}

function serveAttachment(emu: DiscordEmulator, url: URL, res: ServerResponse): void {
  const path = url.pathname.slice('/attachments/'.length);
  const found = emu.cdn.get(path, url.searchParams);
  if (typeof found === 'string') {
    const status = found === 'missing' ? 404 : 403;
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(found);
    return;
  }

  res.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': found.bytes.length });
  res.end(found.bytes);
}
