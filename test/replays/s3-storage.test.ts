import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ReplayStorage, type S3ReplayStorageOptions } from '../../src/replays/index.js';
import { S3Client } from '../../src/replays/storage/s3-client.js';
import { corpusFiles, expectedSummary, readReplay } from './decode/corpus.js';

// A real S3-compatible server (s3rver) on a free port. NOTE: s3rver 3.7 parses SigV4 headers
// and checks the access key but does not recompute v4 signatures; sigv4.test.ts checks those
// against AWS's documented example.
const bucket = 'ladder-replays';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const name = corpusFiles().find((n) => n.startsWith('4.'))!;
const replay = readReplay(name);
const { sha256 } = expectedSummary(name);

let directory: string;
let server: S3rver;
let endpoint: string;

function storageWith(options: Partial<S3ReplayStorageOptions> = {}): S3ReplayStorage {
  return new S3ReplayStorage({ endpoint, bucket, region: 'us-east-1', credentials, ...options });
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ladder-s3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('S3ReplayStorage', () => {
  it('uploads a replay under its sha256 and downloads the same bytes', async () => {
    const storage = storageWith({ prefix: 'round-trip/' });
    expect(await storage.put(replay)).toEqual({
      sha256,
      byteLength: replay.byteLength,
      isNew: true,
    });

    expect(storage.keyOf(sha256)).toBe(`round-trip/${sha256.slice(0, 2)}/${sha256}.SC2Replay`);
    expect(await storage.has(sha256)).toBe(true);
    const back = await storage.get(sha256);
    expect(Buffer.compare(Buffer.from(back!), Buffer.from(replay))).toBe(0);
  });

  it('does not upload again a replay the bucket already holds', async () => {
    const storage = storageWith({ prefix: 'twice/' });
    expect((await storage.put(replay)).isNew).toBe(true);
    expect((await storage.put(replay)).isNew).toBe(false);
  });

  it('answers null and false for an absent replay', async () => {
    const storage = storageWith();
    expect(await storage.get('0'.repeat(64))).toBeNull();
    expect(await storage.has('0'.repeat(64))).toBe(false);
  });

  it('refuses oversized and non-replay files before uploading anything', async () => {
    const storage = storageWith({ prefix: 'refused/', maxBytes: 1_000 });
    const junk = new TextEncoder().encode('<html>not a replay</html>');

    await expect(storage.put(replay)).rejects.toMatchObject({ code: 'too_large' });
    await expect(storage.put(junk)).rejects.toMatchObject({ code: 'not_a_replay' });
    expect(await storageWith({ prefix: 'refused/' }).has(sha256)).toBe(false);
  });

  it('reports refused credentials as unavailable with the status and S3 code', async () => {
    const unknownKey = { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'S3RVER' };
    const storage = storageWith({ prefix: 'denied/', credentials: unknownKey });
    const client = new S3Client({ endpoint, bucket, region: 'us-east-1', credentials: unknownKey });

    await expect(storage.put(replay)).rejects.toMatchObject({ code: 'unavailable', status: 403 });
    const error = await client.putObject('denied/x', replay).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', status: 403 });
    expect((error as Error).message).toContain('InvalidAccessKeyId');
  });

  it('reports an unreachable endpoint as unavailable', async () => {
    const storage = storageWith({ endpoint: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    await expect(storage.has(sha256)).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('refuses to download an object larger than the size cap', async () => {
    const storage = storageWith({ prefix: 'oversized/', maxBytes: 1_000 });
    const client = new S3Client({ endpoint, bucket, region: 'us-east-1', credentials });
    await client.putObject(storage.keyOf(sha256), replay);

    const error = await storage.get(sha256).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'integrity' });
    expect((error as Error).message).toContain(`has ${replay.byteLength} bytes`);
  });

  it('reports an object whose content no longer matches its key with integrity', async () => {
    const storage = storageWith({ prefix: 'tampered/' });
    const client = new S3Client({ endpoint, bucket, region: 'us-east-1', credentials });
    await client.putObject(storage.keyOf(sha256), new TextEncoder().encode('tampered'));

    await expect(storage.get(sha256)).rejects.toMatchObject({ code: 'integrity' });
  });
});
