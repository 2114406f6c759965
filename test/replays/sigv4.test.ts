import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyPayloadSha256, signRequest } from '../../src/replays/storage/sigv4.js';

// The worked examples of AWS's SigV4 documentation for S3 (GET with a Range header, PUT).
const exampleCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

describe('signRequest', () => {
  it('reproduces the signature of the documented GET example', () => {
    const headers = signRequest({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9' },
      payloadSha256: emptyPayloadSha256,
      credentials: exampleCredentials,
      region: 'us-east-1',
      now: new Date('2013-05-24T00:00:00Z'),
    });

    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('reproduces the signature of the documented PUT example, with a $ in the key', () => {
    const body = 'Welcome to Amazon S3.';
    const headers = signRequest({
      method: 'PUT',
      url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
      headers: {
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      },
      payloadSha256: createHash('sha256').update(body).digest('hex'),
      credentials: exampleCredentials,
      region: 'us-east-1',
      now: new Date('2013-05-24T00:00:00Z'),
    });

    expect(headers['x-amz-content-sha256']).toBe(
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    );
    expect(headers.authorization).toMatch(
      /SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd$/,
    );
  });

  it('signs a path the same whether or not the URL already escaped it', () => {
    const sign = (url: string) =>
      signRequest({
        method: 'HEAD',
        url: new URL(url),
        payloadSha256: emptyPayloadSha256,
        credentials: exampleCredentials,
        region: 'eu-west-1',
        now: new Date('2024-01-02T03:04:05.678Z'),
      }).authorization;

    expect(sign("http://h/b/it's (1).SC2Replay")).toBe(
      sign('http://h/b/it%27s%20%281%29.SC2Replay'),
    );
    expect(sign('http://h/b/a.SC2Replay')).not.toBe(sign('http://h/b/b.SC2Replay'));
  });
});
