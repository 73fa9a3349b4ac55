// The EKS bearer token kubectl sends (what `aws eks get-token` and aws-iam-authenticator make):
// "k8s-aws-v1." + the unpadded base64url of a presigned STS GetCallerIdentity URL whose signed
// headers include `x-k8s-aws-id: CLUSTER`. The cluster's authenticator calls that URL and learns
// who signed it; the header binds the token to one cluster. EKS accepts it for 15 minutes from
// its X-Amz-Date, so kubectl is told it expires after 14 (docs/architecture.md, "Integrations").

import { AuthError } from '../../errors.js';
import type { AwsCredentials, Yields } from '../../credential-types.js';
import type { TestContext } from '../../kind.js';
import { httpUrl, invalidEndpoint } from './call.js';
import { presignedGet } from './sigv4.js';
import { DEFAULT_REGION, stsUrl } from './sts.js';

/** How long EKS accepts a token after it was signed, and how long kubectl is told it lasts. */
export const EKS_TOKEN_ACCEPTED_MS = 15 * 60_000;
export const EKS_TOKEN_LIFETIME_MS = 14 * 60_000;

const PREFIX = 'k8s-aws-v1.';

export interface PresignOptions {
  credentials: AwsCredentials;
  region: string;
  /** The STS origin (and path) to sign for: `https://sts.REGION.amazonaws.com/` unless overridden. */
  endpoint: string;
  cluster: string;
  now: number;
}

/** The presigned GetCallerIdentity URL, `x-k8s-aws-id` signed beside `host`. */
export function presignCallerIdentity(opts: PresignOptions): string {
  return presignedGet(
    { credentials: opts.credentials, region: opts.region, service: 'sts', now: opts.now },
    new URL(opts.endpoint),
    [
      ['Action', 'GetCallerIdentity'],
      ['Version', '2011-06-15'],
    ],
    { 'x-k8s-aws-id': opts.cluster },
    60,
  );
}

/** The token for a presigned URL. */
export function eksTokenOf(presignedUrl: string): string {
  return PREFIX + Buffer.from(presignedUrl).toString('base64url');
}

/** The presigned URL inside a token, or undefined when it is not one. */
export function presignedUrlOf(token: string): string | undefined {
  return token.startsWith(PREFIX) ? Buffer.from(token.slice(PREFIX.length), 'base64url').toString() : undefined;
}

/** Cluster names EKS allows (1–100 of letters, digits, hyphens, underscores; a letter or digit first). */
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** The AWS kinds' "EKS token" mint: from the session's credentials, for `ctx.options.cluster`. */
export async function eksToken(yields: Yields, ctx: TestContext): Promise<string> {
  const cluster = ctx.options?.cluster;
  if (!cluster || !CLUSTER.test(cluster))
    throw new AuthError(
      'usage',
      cluster ? `"${cluster}" is not an EKS cluster name` : 'An EKS token is made for one cluster',
      { hint: `authui kube token NAME --cluster CLUSTER` },
    );
  const region = ctx.options?.region ?? ctx.meta.region ?? DEFAULT_REGION;
  const endpoint = stsUrl(region, ctx.env);
  if (httpUrl(endpoint) === undefined)
    throw invalidEndpoint('STS', 'AWS_ENDPOINT_URL_STS', endpoint, { identity: ctx.node?.name, region });
  return eksTokenOf(
    presignCallerIdentity({
      credentials: yields.aws as AwsCredentials,
      region,
      endpoint,
      cluster,
      now: Date.now(),
    }),
  );
}
