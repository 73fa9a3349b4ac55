// The EKS bearer token kubectl sends (what `aws eks get-token` and aws-iam-authenticator make):
// "k8s-aws-v1." + the unpadded base64url of a presigned STS GetCallerIdentity URL whose signed
// headers include `x-k8s-aws-id: CLUSTER`. The cluster's authenticator calls that URL and learns
// who signed it; the header binds the token to one cluster. EKS accepts it for 15 minutes from
// its X-Amz-Date, so kubectl is told it expires after 14 (docs/architecture.md, "Integrations").
//
// SigV4 query signing for this one GET is written here with node:crypto rather than taken from
// @smithy/signature-v4: that package pulls @smithy/core into `authui kube token`, a hot path.
// A test checks this against the SDK's signer for the same inputs, and the fake STS verifies it.
import { AuthError } from '../../errors.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials, Yields } from '../../credential-types.js';
import type { TestContext } from '../../kind.js';
import { DEFAULT_REGION, stsEndpoint } from './sts.js';

const crypto = () => process.getBuiltinModule('node:crypto');

/** How long EKS accepts a token after it was signed, and how long kubectl is told it lasts. */
export const EKS_TOKEN_ACCEPTED_MS = 15 * 60_000;
export const EKS_TOKEN_LIFETIME_MS = 14 * 60_000;

const PREFIX = 'k8s-aws-v1.';

/** RFC 3986 encoding, as SigV4 wants it. */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256Hex = (data: string) => crypto().createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => crypto().createHmac('sha256', key).update(data).digest();

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
  const url = new URL(opts.endpoint);
  const amzDate = new Date(opts.now).toISOString().replace(/[-:]|\.\d+/g, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${opts.region}/sts/aws4_request`;
  const query: [string, string][] = [
    ['Action', 'GetCallerIdentity'],
    ['Version', '2011-06-15'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${opts.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', '60'],
    ['X-Amz-SignedHeaders', 'host;x-k8s-aws-id'],
  ];
  if (opts.credentials.sessionToken) query.push(['X-Amz-Security-Token', opts.credentials.sessionToken]);
  const canonicalQuery = query
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    'GET',
    url.pathname || '/',
    canonicalQuery,
    `host:${url.host}\nx-k8s-aws-id:${opts.cluster}\n`,
    'host;x-k8s-aws-id',
    sha256Hex(''),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(hmac(hmac(`AWS4${opts.credentials.secretAccessKey}`, date), opts.region), 'sts'),
    'aws4_request',
  );
  const signature = hmac(key, stringToSign).toString('hex');
  return `${url.origin}${url.pathname || '/'}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/** The token for a presigned URL. */
export function eksTokenOf(presignedUrl: string): string {
  return PREFIX + Buffer.from(presignedUrl).toString('base64url');
}

/** The presigned URL inside a token, or undefined when it is not one. */
export function presignedUrlOf(token: string): string | undefined {
  return token.startsWith(PREFIX) ? Buffer.from(token.slice(PREFIX.length), 'base64url').toString() : undefined;
}

/** The STS endpoint a region's tokens are signed for (AWS_ENDPOINT_URL_STS overrides it). */
function endpointFor(region: string, env: Env): string {
  return stsEndpoint(env) ?? `https://sts.${region}.amazonaws.com/`;
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
  return eksTokenOf(
    presignCallerIdentity({
      credentials: yields.aws as AwsCredentials,
      region,
      endpoint: endpointFor(region, ctx.env),
      cluster,
      now: Date.now(),
    }),
  );
}
