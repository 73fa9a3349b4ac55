// ECR's GetAuthorizationToken for the aws/ecr integration (docker's credential helper), with
// @aws-sdk/client-ecr loaded on first use. Endpoint: AWS_ENDPOINT_URL_ECR (tests, the demo,
// private endpoints), else the region's. The login it returns (user "AWS", a password good for
// 12 hours) is a secret: never in a message.
import { AuthError, type AuthErrorContext } from '../../errors.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials, RegistryLogin, Yields } from '../../credential-types.js';
import type { TestContext } from '../../kind.js';
import { CONNECTION_FAILED, DEFAULT_REGION } from './sts.js';
import { clientConfig, lazySdk } from './sdk.js';
import { shellWord } from '../../names.js';

const loadSdk = lazySdk(() => import('@aws-sdk/client-ecr'));

interface EcrOptions {
  credentials: AwsCredentials;
  region: string;
  env: Env;
  context: AuthErrorContext;
}

function endpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_ECR || env.AWS_ENDPOINT_URL || undefined;
}

function ecrError(error: unknown, opts: EcrOptions): AuthError {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const context = { ...opts.context, endpoint: endpoint(opts.env) ?? `api.ecr.${opts.region}.amazonaws.com` };
  const message = (e.message ?? '').slice(0, 300);
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
  if (CONNECTION_FAILED.test(`${e.code ?? ''} ${message}`))
    return new AuthError('network', `Cannot reach ECR at ${context.endpoint}`, {
      explanation: message,
      hint: 'Check your network connection, proxy and AWS_ENDPOINT_URL_ECR.',
      context,
      retryable: true,
    });
  const status = e.$metadata?.httpStatusCode;
  return new AuthError(
    status !== undefined && status >= 500 ? 'server_error' : 'access_denied',
    'ECR refused ecr:GetAuthorizationToken',
    {
      explanation: `${e.name ?? 'Error'}: ${message}`,
      hint: 'See the explanation.',
      context,
      retryable: status !== undefined && status >= 500,
    },
  );
}

/** A registry login for the identity's ECR registries in `region`. */
async function getAuthorizationToken(opts: EcrOptions): Promise<RegistryLogin> {
  const { ECRClient, GetAuthorizationTokenCommand } = await loadSdk();
  const client = new ECRClient(clientConfig({ ...opts, endpoint: endpoint(opts.env) }));
  let data: { authorizationToken?: string; expiresAt?: Date } | undefined;
  try {
    data = (await client.send(new GetAuthorizationTokenCommand({}))).authorizationData?.[0];
  } catch (error) {
    throw ecrError(error, opts);
  }
  const decoded = Buffer.from(data?.authorizationToken ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || !data?.expiresAt)
    throw new AuthError('server_error', 'ECR answered without an authorization token', {
      hint: 'Try again; if it persists, check the ECR endpoint.',
      context: opts.context,
      retryable: true,
    });
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    expiresAt: data.expiresAt.toISOString(),
  };
}

/** The AWS kinds' registry login: ECR's, in the integration's region, with the session's credentials. */
export function ecrLogin(yields: Yields, ctx: TestContext): Promise<RegistryLogin> {
  const region = ctx.options?.region ?? DEFAULT_REGION;
  return getAuthorizationToken({
    credentials: yields.aws as AwsCredentials,
    region,
    env: ctx.env,
    context: { identity: ctx.node.name, region },
  });
}
