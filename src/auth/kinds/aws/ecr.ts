// ECR's GetAuthorizationToken for the aws/ecr integration (docker's credential helper), over
// ECR's JSON API (call.ts). Endpoint: AWS_ENDPOINT_URL_ECR (tests, the demo, private endpoints),
// else the region's (serviceEndpoint). The login it returns (user "AWS", a password good for 12
// hours) is a secret: never in a message.
import { AuthError, isAuthError, type AuthErrorContext } from '../../errors.js';
import type { Fetch } from '../../http-message.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials, RegistryLogin, Yields } from '../../credential-types.js';
import type { TestContext } from '../../kind.js';
import { callErrorOf, endpointName, jsonCall, transportFailure } from './call.js';
import { DEFAULT_REGION } from './sts.js';
import { shellWord } from '../../names.js';

interface EcrOptions {
  fetch: Fetch;
  credentials: AwsCredentials;
  region: string;
  env: Env;
  context: AuthErrorContext;
}

function ecrError(error: unknown, opts: EcrOptions): AuthError {
  if (isAuthError(error)) return error;
  const e = callErrorOf(error);
  const context = { ...opts.context, endpoint: endpointName('ecr', opts.region, opts.env) };
  const message = e.message.slice(0, 300);
  const who = opts.context.identity ? shellWord(opts.context.identity) : '<name>';
  if (e.name === 'AccessDeniedException' || e.name === 'AccessDenied')
    return new AuthError('access_denied', 'Access denied: the identity may not perform ecr:GetAuthorizationToken', {
      explanation: message,
      hint: 'Allow ecr:GetAuthorizationToken (resource "*") for the identity.',
      context,
    });
  if (e.name === 'UnrecognizedClientException' || e.name === 'InvalidSignatureException')
    return new AuthError('invalid_credentials', `ECR rejected the credentials (${e.name})`, {
      hint: `Run "authui login ${who}".`,
      context,
      recoverable: true,
    });
  if (e.name === 'ExpiredTokenException')
    return new AuthError('expired_token', 'ECR says the session has expired', {
      hint: `Run "authui login ${who}".`,
      context,
      recoverable: true,
    });
  const failure = transportFailure(e, 'ECR', context, 'AWS_ENDPOINT_URL_ECR');
  if (failure) return failure;
  // The code is the peer's word: kept short (the terminal sanitises what is left).
  return new AuthError('access_denied', 'ECR refused ecr:GetAuthorizationToken', {
    explanation: `${e.name.slice(0, 80)}: ${message}`,
    hint: 'See the explanation.',
    context,
  });
}

/** A registry login for the identity's ECR registries in `region`. */
async function getAuthorizationToken(opts: EcrOptions): Promise<RegistryLogin> {
  let answer: Record<string, unknown>;
  try {
    answer = await jsonCall(
      { fetch: opts.fetch, env: opts.env, service: 'ecr', region: opts.region, credentials: opts.credentials },
      'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
      {},
    );
  } catch (error) {
    throw ecrError(error, opts);
  }
  const data = (Array.isArray(answer.authorizationData) ? answer.authorizationData[0] : undefined) as
    { authorizationToken?: unknown; expiresAt?: unknown } | undefined;
  const decoded = Buffer.from(
    typeof data?.authorizationToken === 'string' ? data.authorizationToken : '',
    'base64',
  ).toString('utf8');
  const colon = decoded.indexOf(':');
  // ECR's JSON gives times as seconds since the epoch.
  const expiresAt = typeof data?.expiresAt === 'number' ? new Date(data.expiresAt * 1000) : undefined;
  if (colon <= 0 || !expiresAt || Number.isNaN(expiresAt.getTime()))
    throw new AuthError('server_error', 'ECR answered without an authorization token', {
      hint: 'Try again; if it persists, check the ECR endpoint.',
      context: opts.context,
      retryable: true,
    });
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    expiresAt: expiresAt.toISOString(),
  };
}

/** The AWS kinds' registry login: ECR's, in the integration's region, with the session's credentials. */
export function ecrLogin(yields: Yields, ctx: TestContext): Promise<RegistryLogin> {
  const region = ctx.options?.region ?? DEFAULT_REGION;
  return getAuthorizationToken({
    fetch: ctx.fetch,
    credentials: yields.aws as AwsCredentials,
    region,
    env: ctx.env,
    context: { identity: ctx.node.name, region },
  });
}
