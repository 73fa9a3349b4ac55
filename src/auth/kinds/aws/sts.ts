// STS calls for the AWS kinds. The SDK is imported on first use only (it is heavy), and its
// errors become AuthErrors with the endpoint in the context — never a key.
import { AuthError, isAuthError, retryAfterMs, type AuthErrorContext } from '../../errors.js';
import { SKEW_TOLERANCE_MS } from '../../http.js';
import { connectionFailure } from '../../net.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials } from '../../credential-types.js';
import { clientConfig, lazySdk } from './sdk.js';
import { shellWord } from '../../names.js';

export interface IssuedCredentials extends AwsCredentials {
  expiration: Date;
}

const loadSdk = lazySdk(() => import('@aws-sdk/client-sts'));

export const DEFAULT_REGION = 'us-east-1';

/** STS endpoint: AWS_ENDPOINT_URL_STS (tests, the demo, private endpoints), else the SDK's. */
export function stsEndpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined;
}

export interface StsOptions {
  credentials: AwsCredentials;
  region: string;
  env: Env;
  context: AuthErrorContext;
}

/** The skew the last answer showed: the next client of this process signs in AWS's time from the start. */
let knownOffsetMs = 0;

async function client(opts: StsOptions) {
  const { STSClient } = await loadSdk();
  return new STSClient({
    ...clientConfig({ ...opts, endpoint: stsEndpoint(opts.env) }),
    systemClockOffset: knownOffsetMs,
  });
}

/** Who asked, and the STS endpoint the answer came from (or did not). */
function errorContext(opts: Pick<StsOptions, 'env' | 'context'>): AuthErrorContext {
  return {
    ...opts.context,
    endpoint: stsEndpoint(opts.env) ?? `sts.${opts.context.region ?? DEFAULT_REGION}.amazonaws.com`,
  };
}

/**
 * How far AWS's clock is ahead of ours (negative: behind), as the SDK measured it from the
 * answers' Date headers to sign in AWS's time.
 */
function serverAheadMs(sts: { config: { systemClockOffset?: number } }): number {
  knownOffsetMs = sts.config.systemClockOffset ?? 0;
  // The SDK measures on every answer, from a Date header in whole seconds: noise below a minute.
  return Math.abs(knownOffsetMs) < SKEW_TOLERANCE_MS ? 0 : knownOffsetMs;
}

/** Issued credentials, their expiry moved onto our clock (a laptop minutes off still renews on time). */
function issued(
  credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  context: AuthErrorContext,
  aheadMs: number,
): IssuedCredentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.Expiration) {
    throw new AuthError('server_error', 'STS answered without credentials', {
      context,
      hint: 'Try again; if it persists, check the STS endpoint.',
      retryable: true,
    });
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: new Date(credentials.Expiration.getTime() - aheadMs),
  };
}

export async function getSessionToken(
  opts: StsOptions & { durationSeconds: number; mfa?: { serial: string; code: string } },
): Promise<IssuedCredentials> {
  const { GetSessionTokenCommand } = await loadSdk();
  const command = new GetSessionTokenCommand({
    DurationSeconds: opts.durationSeconds,
    SerialNumber: opts.mfa?.serial,
    TokenCode: opts.mfa?.code,
  });
  try {
    const sts = await client(opts);
    return issued((await sts.send(command)).Credentials, errorContext(opts), serverAheadMs(sts));
  } catch (error) {
    throw stsError(error, opts, 'sts:GetSessionToken', opts.mfa !== undefined);
  }
}

export async function assumeRole(
  opts: StsOptions & { roleArn: string; sessionName: string; externalId?: string; durationSeconds: number },
): Promise<IssuedCredentials & { assumedArn?: string }> {
  const { AssumeRoleCommand } = await loadSdk();
  const command = new AssumeRoleCommand({
    RoleArn: opts.roleArn,
    RoleSessionName: opts.sessionName,
    ExternalId: opts.externalId,
    DurationSeconds: opts.durationSeconds,
  });
  try {
    const sts = await client(opts);
    const out = await sts.send(command);
    return { ...issued(out.Credentials, errorContext(opts), serverAheadMs(sts)), assumedArn: out.AssumedRoleUser?.Arn };
  } catch (error) {
    throw stsError(error, opts, `sts:AssumeRole on ${opts.roleArn}`, false);
  }
}

/**
 * GetFederationToken with an IAM user's long-term keys (the console sign-in of an aws/user, as
 * aws-vault does it). The policy allows everything, so the session has the user's permissions
 * (the intersection of the two), minus what federation tokens can never do (IAM, STS calls).
 */
export async function getFederationToken(
  opts: StsOptions & { name: string; durationSeconds: number },
): Promise<IssuedCredentials> {
  const { GetFederationTokenCommand } = await loadSdk();
  const command = new GetFederationTokenCommand({
    Name: opts.name,
    DurationSeconds: opts.durationSeconds,
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
  });
  try {
    const sts = await client(opts);
    return issued((await sts.send(command)).Credentials, errorContext(opts), serverAheadMs(sts));
  } catch (error) {
    throw stsError(error, opts, 'sts:GetFederationToken', false);
  }
}

/** AssumeRoleWithWebIdentity: unsigned; the identity provider's ID token is the proof. */
export async function assumeRoleWithWebIdentity(
  opts: Omit<StsOptions, 'credentials'> & {
    roleArn: string;
    sessionName: string;
    webIdentityToken: string;
    durationSeconds: number;
  },
): Promise<IssuedCredentials & { assumedArn?: string }> {
  const { AssumeRoleWithWebIdentityCommand } = await loadSdk();
  const command = new AssumeRoleWithWebIdentityCommand({
    RoleArn: opts.roleArn,
    RoleSessionName: opts.sessionName,
    WebIdentityToken: opts.webIdentityToken,
    DurationSeconds: opts.durationSeconds,
  });
  try {
    // The operation is unsigned; placeholder credentials keep the SDK from searching for any.
    const sts = await client({ ...opts, credentials: { accessKeyId: 'unsigned', secretAccessKey: 'unsigned' } });
    const out = await sts.send(command);
    return { ...issued(out.Credentials, errorContext(opts), serverAheadMs(sts)), assumedArn: out.AssumedRoleUser?.Arn };
  } catch (error) {
    if (
      /^(InvalidIdentityToken|IDPRejectedClaim|ExpiredToken)(Exception)?$/.test(
        (error as { name?: string })?.name ?? '',
      )
    ) {
      return Promise.reject(
        new AuthError('expired_token', "AWS did not accept the identity provider's token", {
          explanation: (error as Error).message,
          hint: "Log in to the provider again; check the role's trust policy for this issuer and audience.",
          context: { ...opts.context, endpoint: stsEndpoint(opts.env) },
          recoverable: true,
        }),
      );
    }
    throw stsError(error, { ...opts }, `sts:AssumeRoleWithWebIdentity on ${opts.roleArn}`, false);
  }
}

export async function getCallerIdentity(opts: StsOptions): Promise<{ account: string; arn: string; userId: string }> {
  const { GetCallerIdentityCommand } = await loadSdk();
  try {
    const out = await (await client(opts)).send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  } catch (error) {
    throw stsError(error, opts, 'sts:GetCallerIdentity', false);
  }
}

/** What a dead, refused or reset connection looks like in an SDK error's code or message. */
export const CONNECTION_FAILED = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up|fetch failed/i;

/** Maps an SDK failure to an AuthError. `permission` names what AccessDenied is about. */
function stsError(
  error: unknown,
  opts: Pick<StsOptions, 'env' | 'context'>,
  permission: string,
  withMfa: boolean,
): AuthError {
  // An answer our own checks refused (STS answered without credentials) is already in our words.
  if (isAuthError(error)) return error;
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { headers?: Record<string, string> };
  };
  const retryAfter = retryAfterMs(e.$response?.headers?.['retry-after'] ?? null, Date.now());
  const context = errorContext(opts);
  const who = context.identity ? `"${context.identity}"` : 'this identity';
  const message = (e.message ?? '').slice(0, 300);
  // The SDK corrects a skewed clock and retries; this is what is left when even that failed.
  if (/Signature expired|Signature not yet current|RequestTimeTooSkewed/i.test(message))
    return new AuthError('clock_skew', "This computer's clock is more than 15 minutes off AWS's", {
      explanation: message,
      hint: 'Set the clock right (on Linux: timedatectl set-ntp true), then try again.',
      context,
    });
  switch (e.name) {
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
      return new AuthError('invalid_credentials', `AWS rejected the access keys of ${who} (${e.name})`, {
        explanation: 'The stored keys were probably rotated or deleted in IAM.',
        hint: `Run "authui login ${shellWord(context.identity ?? '<name>')}" in a terminal and enter new keys.`,
        context,
        recoverable: true,
      });
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return new AuthError('expired_token', `The session of ${who} has expired`, {
        hint: `Run "authui login ${shellWord(context.identity ?? '<name>')}".`,
        context,
        recoverable: true,
      });
    case 'AccessDenied':
    case 'AccessDeniedException':
      if (withMfa && /MultiFactorAuthentication/i.test(message)) {
        return new AuthError('mfa_invalid', 'AWS rejected the MFA code', {
          explanation: message,
          hint: 'Enter the current 6-digit code from the device named by the MFA ARN.',
          context,
          recoverable: true,
        });
      }
      return new AuthError('access_denied', `Access denied: ${who} may not perform ${permission}`, {
        explanation: message,
        hint: permission.startsWith('sts:AssumeRole')
          ? "Allow sts:AssumeRole on the role for the calling principal, and check the role's trust policy (and ExternalId, if it requires one)."
          : `Grant ${permission} to the calling principal.`,
        context,
      });
    case 'Throttling':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return new AuthError('rate_limited', 'STS is throttling requests', {
        hint: 'Wait a moment and try again.',
        context,
        retryable: true,
        retryAfterMs: retryAfter,
      });
    case 'TimeoutError':
      // The SDK also names a reset connection TimeoutError (code ECONNRESET): that is `network`.
      if (CONNECTION_FAILED.test(`${e.code ?? ''} ${message}`)) break;
      return new AuthError('timeout', 'STS did not answer in time', {
        hint: 'Check your network or the STS endpoint.',
        context,
        retryable: true,
      });
    default:
      break;
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500)
    return new AuthError('server_error', `STS failed with HTTP ${status}`, {
      hint: 'AWS had a problem; try again shortly.',
      context,
      retryable: true,
      retryAfterMs: retryAfter,
    });
  if (CONNECTION_FAILED.test(`${e.code ?? ''} ${message}`) || /ETIMEDOUT/.test(e.code ?? '')) {
    return new AuthError('network', `Cannot reach STS at ${context.endpoint}`, {
      explanation: connectionFailure(`${e.code ?? ''} ${message}`),
      hint: 'Check your network connection, proxy and AWS_ENDPOINT_URL_STS.',
      context,
      retryable: true,
    });
  }
  return new AuthError(
    'server_error',
    `STS answered unexpectedly${status ? ` (HTTP ${status})` : ''}: ${e.name ?? 'unknown error'}`,
    { explanation: message, hint: 'Try again; if it persists, check the STS endpoint.', context, retryable: true },
  );
}
