import { createHash } from 'node:crypto';
import { ReplayStorageError } from './replay-storage.js';
import { emptyPayloadSha256, signRequest, type S3Credentials } from './sigv4.js';

/** Where a bucket is and how to sign for it. */
export interface S3ClientOptions {
  /** Base URL of the S3-compatible service, e.g. `https://s3.eu-west-1.amazonaws.com`. */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: S3Credentials;
  /** Per-request time limit. @defaultValue `30_000` */
  timeoutMs?: number;
  /** The clock that dates signatures; tests give a fixed one. @defaultValue `() => new Date()` */
  now?: () => Date;
}

/**
 * The three object calls replay storage needs (PUT, GET, HEAD), with path-style URLs
 * (`<endpoint>/<bucket>/<key>`), which every S3-compatible service accepts.
 */
export class S3Client {
  readonly #options: S3ClientOptions;

  constructor(options: S3ClientOptions) {
    this.#options = options;
  }

  /** Uploads `body` under `key`; `payloadSha256` saves hashing it again when known. */
  async putObject(key: string, body: Uint8Array, payloadSha256?: string): Promise<void> {
    const hash = payloadSha256 ?? createHash('sha256').update(body).digest('hex');
    const headers = { 'content-type': 'application/octet-stream' };
    const response = await this.#send('PUT', key, hash, headers, body);
    await this.#expectOk('PUT', key, response);
  }

  /**
   * Downloads `key`, or `null` when the bucket has no such object. An object announced as
   * larger than `maxBytes` is refused with `integrity` before its body is read.
   */
  async getObject(key: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array | null> {
    const response = await this.#send('GET', key, emptyPayloadSha256);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }

    await this.#expectOk('GET', key, response);
    const announced = Number(response.headers.get('content-length') ?? 0);
    if (announced > maxBytes) {
      await response.body?.cancel();
      const message = `S3 object ${key} has ${announced} bytes, more than ${maxBytes}`;
      throw new ReplayStorageError('integrity', message);
    }

    return new Uint8Array(await response.arrayBuffer());
  }

  /** Whether `key` exists. */
  async headObject(key: string): Promise<boolean> {
    const response = await this.#send('HEAD', key, emptyPayloadSha256);
    if (response.status === 404) return false;
    await this.#expectOk('HEAD', key, response);
    return true;
  }

  async #send(
    method: string,
    key: string,
    payloadSha256: string,
    extraHeaders: Record<string, string> = {},
    body?: Uint8Array,
  ): Promise<Response> {
    const base = this.#options.endpoint.replace(/\/+$/, '');
    const path = [this.#options.bucket, ...key.split('/')].map(encodeURIComponent).join('/');
    const url = new URL(`${base}/${path}`);
    const headers = signRequest({
      method,
      url,
      headers: extraHeaders,
      payloadSha256,
      credentials: this.#options.credentials,
      region: this.#options.region,
      now: (this.#options.now ?? (() => new Date()))(),
    });

    try {
      return await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new ReplayStorageError(
        'unavailable',
        `S3 ${method} ${key} failed: ${describe(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  async #expectOk(method: string, key: string, response: Response): Promise<void> {
    if (response.ok) {
      if (method !== 'GET') await response.body?.cancel();
      return;
    }

    // S3 explains refusals in an XML body: <Error><Code>SignatureDoesNotMatch</Code>…
    const text = method === 'HEAD' ? '' : await response.text().catch(() => '');
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? response.statusText;
    throw new ReplayStorageError(
      'unavailable',
      `S3 ${method} ${key} answered ${response.status} ${code}`,
      { status: response.status },
    );
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
