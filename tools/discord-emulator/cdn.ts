import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIAttachment } from 'discord-api-types/v10';
import type { EmulatorClock } from './clock.js';
import type { SnowflakeGenerator } from './snowflake.js';

/** A stored attachment. */
interface Blob {
  bytes: Buffer;
  contentType: string;
}

/** CDN settings. */
export interface CdnOptions {
  /** How long a signed URL stays valid. @defaultValue 24 h */
  urlLifetimeMs?: number;
}

/**
 * The local CDN: keeps attachment bytes and hands out signed, expiring URLs in Discord's form
 * (`?ex=<hex expiry>&is=<hex issue>&hm=<signature>&`). Tampered or expired URLs are refused.
 */
export class Cdn {
  private readonly blobs = new Map<string, Blob>();
  private readonly secret = randomBytes(32);

  constructor(
    private readonly clock: EmulatorClock,
    private readonly ids: SnowflakeGenerator,
    private readonly baseUrl: () => string,
    private readonly options: CdnOptions = {},
  ) {}

  /** Stores bytes and returns the attachment object to put in a message or interaction. */
  put(channelId: string, filename: string, bytes: Buffer, contentType = ''): APIAttachment {
    const id = this.ids.next();
    const type = contentType || guessType(filename);
    const path = `${channelId}/${id}/${encodeURIComponent(filename)}`;
    this.blobs.set(path, { bytes, contentType: type });
    const url = this.sign(path);
    const attachment: APIAttachment = {
      id,
      filename,
      size: bytes.length,
      url,
      proxy_url: url,
      content_type: type,
    };
    return attachment;
  }

  /** The bytes behind a CDN path and query, or why they cannot be served. */
  get(path: string, query: URLSearchParams): Blob | 'expired' | 'bad_signature' | 'missing' {
    const ex = query.get('ex') ?? '';
    const is = query.get('is') ?? '';
    const hm = query.get('hm') ?? '';
    const expected = this.signature(path, ex, is);
    const given = Buffer.from(hm);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return 'bad_signature';
    }

    if (Number.parseInt(ex, 16) * 1000 < this.clock.now()) return 'expired';
    return this.blobs.get(path) ?? 'missing';
  }

  /** Number of stored files. */
  get size(): number {
    return this.blobs.size;
  }

  private sign(path: string): string {
    const nowS = Math.floor(this.clock.now() / 1000);
    const lifeS = Math.ceil((this.options.urlLifetimeMs ?? 86_400_000) / 1000);
    const is = nowS.toString(16);
    const ex = (nowS + lifeS).toString(16);
    const hm = this.signature(path, ex, is).toString();
    return `${this.baseUrl()}/attachments/${path}?ex=${ex}&is=${is}&hm=${hm}&`;
  }

  private signature(path: string, ex: string, is: string): Buffer {
    const hex = createHmac('sha256', this.secret).update(`${path}|${ex}|${is}`).digest('hex');
    return Buffer.from(hex);
  }
}

function guessType(filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.png')) return 'image/png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'image/jpeg';
  if (lower.endsWith('.txt')) return 'text/plain; charset=utf-8';
  if (lower.endsWith('.json')) return 'application/json; charset=utf-8';
  return 'application/octet-stream';
}
