import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4, as AWS documents it for S3 with a signed payload hash: a canonical
// request, a string to sign over its hash, and a key derived by a chain of HMACs.

/** The secret half of S3 access. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** One request to sign. */
export interface SigningInput {
  method: string;
  url: URL;
  /** Headers to send and sign besides host, `x-amz-date` and `x-amz-content-sha256`. */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body (of the empty string when there is none). */
  payloadSha256: string;
  credentials: S3Credentials;
  region: string;
  now: Date;
}

/** Hex SHA-256 of the empty body, sent with GET and HEAD. */
export const emptyPayloadSha256 = createHash('sha256').update('').digest('hex');

/** Returns the headers to send: the given ones plus date, payload hash and `authorization`. */
export function signRequest(input: SigningInput): Record<string, string> {
  const amzDate = input.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/s3/aws4_request`;

  const headers: Record<string, string> = {
    ...input.headers,
    'x-amz-content-sha256': input.payloadSha256,
    'x-amz-date': amzDate,
  };
  const signed = new Map<string, string>([['host', input.url.host]]);
  for (const [name, value] of Object.entries(headers)) {
    signed.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '));
  }

  const names = [...signed.keys()].sort();
  const canonicalRequest = [
    input.method,
    canonicalPath(input.url.pathname),
    canonicalQuery(input.url.searchParams),
    ...names.map((name) => `${name}:${signed.get(name)}`),
    '',
    names.join(';'),
    input.payloadSha256,
  ].join('\n');

  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${input.credentials.secretAccessKey}`, day);
  for (const part of [input.region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');

  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope},` +
    `SignedHeaders=${names.join(';')},Signature=${signature}`;
  return headers;
}

// S3 signs each path segment encoded once, with only the RFC 3986 unreserved characters kept.
function canonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => encodeStrict(decodeURIComponent(segment)))
    .join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([name, value]) => `${encodeStrict(name)}=${encodeStrict(value)}`)
    .sort()
    .join('&');
}

function encodeStrict(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
