import type { DiscordEmulator } from './emulator.js';

/** A file from a multipart body (`files[n]`). */
export interface UploadedFile {
  /** The `n` of `files[n]`, which the JSON `attachments` array refers to. */
  index: number;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** What a handler gets: path parameters, query, parsed body and files. */
export interface RouteContext {
  emu: DiscordEmulator;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The body when it is a JSON array (bulk overwrite), else null. */
  list: unknown[] | null;
  files: UploadedFile[];
}

/** A handler's answer; no `body` means 204 with no content. */
export interface RouteResult {
  status?: number;
  body?: unknown;
}

/** One REST route. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Template such as `/channels/:channelId/messages`. */
  pattern: string;
  /** Interaction callbacks and webhooks are sent without `Authorization`. @defaultValue true */
  auth?: boolean;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

/** A matched route. */
export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
  /** The top-level resource the route's limits are counted against. */
  major: string;
}

interface Compiled {
  route: RouteDef;
  segments: string[];
}

/** Matches paths to routes segment by segment; literal segments win over parameters. */
export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: readonly RouteDef[]) {
    for (const route of routes) this.compiled.push({ route, segments: route.pattern.split('/') });
    // Literal segments first, so `/members/search` is not read as `/members/:userId`.
    this.compiled.sort((a, b) => paramCount(a.segments) - paramCount(b.segments));
  }

  /** The route for `method path`, `'method'` when only the method is wrong, or null. */
  match(method: string, path: string): RouteMatch | 'method' | null {
    // Clients escape `@` in `@original` as %40; compare decoded segments.
    const parts = path.split('/').map(decodeSegment);
    let methodMismatch = false;
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue;
      const params = matchSegments(segments, parts);
      if (!params) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }

      return { route, params, major: majorOf(params) };
    }

    return methodMismatch ? 'method' : null;
  }
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function paramCount(segments: readonly string[]): number {
  return segments.filter((s) => s.startsWith(':')).length;
}

function matchSegments(segments: readonly string[], parts: readonly string[]) {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const part = parts[i] ?? '';
    if (segment.startsWith(':')) {
      if (part === '') return null;
      params[segment.slice(1)] = part;
    } else if (segment !== part) {
      return null;
    }
  }

  return params;
}

// Discord counts limits per channel, guild, or webhook id + token.
function majorOf(params: Record<string, string>): string {
  if (params.channelId) return params.channelId;
  if (params.guildId) return params.guildId;
  if (params.token) return `${params.webhookId ?? params.interactionId ?? ''}:${params.token}`;
  return 'global';
}
