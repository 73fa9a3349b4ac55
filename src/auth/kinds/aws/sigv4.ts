// AWS Signature Version 4, the two ways authui signs: a POST to STS, IAM or ECR (call.ts) and a
// presigned GET for EKS tokens (eks-token.ts). Written with node:crypto rather than taken from
// @smithy/signature-v4, which pulls @smithy/core into the process (`kube token` is a hot path,
// and every dashboard renewal would load it). A test checks both against the SDK's signer for
// the same inputs, and the fake STS verifies every request the tests send.
import type { AwsCredentials } from '../../credential-types.js';
import { isoTime } from '../../iso-time.js';

const crypto = () => process.getBuiltinModule('node:crypto');

/** RFC 3986 encoding, as SigV4 wants it (and as AWS's form bodies are written). */
export const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256Hex = (data: string) => crypto().createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => crypto().createHmac('sha256', key).update(data).digest();

/** `20261207T012345Z` */
const amzDateOf = (ms: number) => isoTime(ms).replace(/[-:]|\.\d+/g, '');

interface Scope {
  credentials: AwsCredentials;
  region: string;
  service: string;
  /** When the request is signed, on AWS's clock. */
  now: number;
}

/** The hex signature of a canonical request (made from the date and scope), and its scope. */
function sign(scope: Scope, canonical: (amzDate: string, credentialScope: string) => string) {
  const amzDate = amzDateOf(scope.now);
  const date = amzDate.slice(0, 8);
  const credentialScope = `${date}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256Hex(canonical(amzDate, credentialScope))];
  const key = hmac(
    hmac(hmac(hmac(`AWS4${scope.credentials.secretAccessKey}`, date), scope.region), scope.service),
    'aws4_request',
  );
  return { credentialScope, signature: hmac(key, stringToSign.join('\n')).toString('hex') };
}

/** `headers` with what signs a POST of `body` to `url` added: x-amz-date, the session token, Authorization. */
export function signedPostHeaders(
  scope: Scope,
  url: URL,
  body: string,
  headers: Record<string, string>,
): Record<string, string> {
  const signed: Record<string, string> = { ...headers, host: url.host };
  if (scope.credentials.sessionToken) signed['x-amz-security-token'] = scope.credentials.sessionToken;
  const { credentialScope, signature } = sign(scope, (amzDate) => {
    signed['x-amz-date'] = amzDate;
    const names = Object.keys(signed).sort();
    return [
      'POST',
      url.pathname || '/',
      '',
      names.map((name) => `${name}:${signed[name]}\n`).join(''),
      names.join(';'),
      sha256Hex(body),
    ].join('\n');
  });
  const signedNames = Object.keys(signed).sort().join(';');
  // Node sends the Host header itself, from the URL: the signed value is the same.
  delete signed.host;
  signed.authorization = `AWS4-HMAC-SHA256 Credential=${scope.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedNames}, Signature=${signature}`;
  return signed;
}

/** A presigned GET of `url` with `query`, valid for `expiresSeconds`, with `headers` signed beside host. */
export function presignedGet(
  scope: Scope,
  url: URL,
  query: [string, string][],
  headers: Record<string, string>,
  expiresSeconds: number,
): string {
  const names = ['host', ...Object.keys(headers)].sort();
  const values: Record<string, string> = { ...headers, host: url.host };
  let canonicalQuery = '';
  const { signature } = sign(scope, (amzDate, credentialScope) => {
    const all: [string, string][] = [
      ...query,
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Credential', `${scope.credentials.accessKeyId}/${credentialScope}`],
      ['X-Amz-Date', amzDate],
      ['X-Amz-Expires', String(expiresSeconds)],
      ['X-Amz-SignedHeaders', names.join(';')],
    ];
    if (scope.credentials.sessionToken) all.push(['X-Amz-Security-Token', scope.credentials.sessionToken]);
    canonicalQuery = all
      .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
      .sort()
      .join('&');
    return [
      'GET',
      url.pathname || '/',
      canonicalQuery,
      names.map((name) => `${name}:${values[name]}\n`).join(''),
      names.join(';'),
      sha256Hex(''),
    ].join('\n');
  });
  return `${url.origin}${url.pathname || '/'}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
