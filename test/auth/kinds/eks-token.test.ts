// The EKS token's presigned URL: the same signature the AWS SDK's signer makes for the same
// request (the SDK is the oracle; authui signs without it on its hot path), the cluster header
// signed, and cluster names that are not EKS's refused before anything is signed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eksToken, eksTokenOf, presignCallerIdentity, presignedUrlOf } from '../../../src/auth/kinds/aws/eks-token.js';
import type { TestContext } from '../../../src/auth/kind.js';
import { anyCredentials, anySigningTime, anyStsEndpoint, sdkSigner } from '../../helpers/sdk-signer.js';

async function sdkSignature(opts: Parameters<typeof presignCallerIdentity>[0]): Promise<string> {
  const url = new URL(opts.endpoint);
  const signed = await sdkSigner(opts.credentials, opts.region, 'sts').presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: url.host, 'x-k8s-aws-id': opts.cluster },
    },
    { expiresIn: 60, signingDate: new Date(opts.now) },
  );
  return signed.query?.['X-Amz-Signature'] as string;
}

describe('EKS token', () => {
  it('signs as the AWS SDK does, for any credentials, region, cluster and time', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyCredentials,
        fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/),
        anySigningTime,
        anyStsEndpoint,
        async (credentials, region, cluster, now, endpoint) => {
          const opts = { credentials, region, cluster, now, endpoint };
          const url = new URL(presignCallerIdentity(opts));
          expect(url.searchParams.get('X-Amz-Signature')).toBe(await sdkSignature(opts));
          expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
          expect(url.searchParams.get('X-Amz-Security-Token') ?? undefined).toBe(credentials.sessionToken);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('wraps the URL as kubectl and the authenticator expect, and reads it back', () => {
    const url = 'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Signature=ab';
    const token = eksTokenOf(url);
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/); // base64url without padding
    expect(presignedUrlOf(token)).toBe(url);
    expect(presignedUrlOf('eyJhbGciOi.x.y')).toBeUndefined();
  });

  it('signs for the regional STS endpoint unless AWS_ENDPOINT_URL_STS names another; refuses names EKS does not allow', async () => {
    const ctx = (options: Record<string, string | undefined>, env = {}) =>
      ({ options, meta: { obtainedAt: '', region: 'eu-central-1' }, env }) as unknown as TestContext;
    const yields = { aws: { accessKeyId: 'ASIAEXAMPLE000000001', secretAccessKey: 's', sessionToken: 't' } };
    const regional = presignedUrlOf(await eksToken(yields, ctx({ cluster: 'prod' }))) as string;
    expect(new URL(regional).origin).toBe('https://sts.eu-central-1.amazonaws.com');
    expect(regional).toContain('%2Feu-central-1%2Fsts%2Faws4_request');
    const local = presignedUrlOf(
      await eksToken(yields, ctx({ cluster: 'prod' }, { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' })),
    ) as string;
    expect(new URL(local).origin).toBe('http://127.0.0.1:9');
    await expect(
      eksToken(yields, ctx({ cluster: 'prod' }, { AWS_ENDPOINT_URL_STS: 'not a url' })),
    ).rejects.toMatchObject({
      code: 'invalid_config',
    });
    for (const cluster of [undefined, '', '-x', 'a b', 'x\u001b[31m', 'a'.repeat(101), 'prod;rm']) {
      await expect(eksToken(yields, ctx({ cluster }))).rejects.toMatchObject({ code: 'usage' });
    }
  });
});
