// The AWS SDK's SigV4 signer, with the SHA-256 it needs from node:crypto: the oracle the
// hand-written signing (src/auth/kinds/aws/sigv4.ts) is checked against.
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import type { AwsCredentials } from '../../src/auth/credential-types.js';

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** The hash the SDK's signer takes: SHA-256, or HMAC-SHA-256 when given a key. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

export function sdkSigner(credentials: AwsCredentials, region: string, service: string): SignatureV4 {
  return new SignatureV4({ credentials, region, service, sha256: Sha256, applyChecksum: false });
}

/** Any access key pair, with or without a session token. */
export const anyCredentials = fc.record({
  accessKeyId: fc.stringMatching(/^(AKIA|ASIA)[A-Z0-9]{16}$/),
  secretAccessKey: fc.base64String({ minLength: 40, maxLength: 40 }),
  sessionToken: fc.option(fc.base64String({ minLength: 20, maxLength: 300 }), { nil: undefined }),
});

/** Any moment from 2020 to 2035. */
export const anySigningTime = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });

/** STS at AWS, at a local stand-in, and behind a VPC endpoint with a path. */
export const anyStsEndpoint = fc.constantFrom(
  'https://sts.eu-west-1.amazonaws.com/',
  'http://127.0.0.1:4566/',
  'https://vpce.example.com/sts/',
);
