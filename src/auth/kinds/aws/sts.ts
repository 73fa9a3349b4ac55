// STS calls for the AWS kinds, over AWS's query protocol (call.ts) rather than the SDK's heavy
// client (docs/architecture.md, "AWS without the SDK"). Failures become AuthErrors with the
// endpoint in the context — never a key.
import { AuthError, isAuthError, type AuthErrorContext } from '../../errors.js';
import type { Fetch } from '../../http-message.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials } from '../../credential-types.js';
import { shellWord } from '../../names.js';
import {
  AwsCallError,
  awsClockOffsetMs,
  callErrorOf,
  endpointName,
  queryCall,
  serviceEndpoint,
  transportFailure,
  xmlElement,
  xmlText,
} from './call.js';

export interface IssuedCredentials extends AwsCredentials {
  expiration: Date;
}

export const DEFAULT_REGION = 'us-east-1';

/** The STS URL a region's calls go to (the override, or AWS's own: `serviceEndpoint`). */
export function stsUrl(region: string, env: Env): string {
  return serviceEndpoint('sts', region, env).url;
}

export interface StsOptions {
  fetch: Fetch;
  credentials: AwsCredentials;
  region: string;
  env: Env;
  context: AuthErrorContext;
}

/** Who asked, and the STS endpoint the answer came from (or did not). */
function errorContext(opts: Pick<StsOptions, 'env' | 'context' | 'region'>): AuthErrorContext {
  return { ...opts.context, endpoint: endpointName('sts', opts.region, opts.env) };
}

/** One STS action with the caller's credentials (none: unsigned); its `<ActionResult>`. */
function sts(
  opts: Omit<StsOptions, 'credentials'> & { credentials?: AwsCredentials },
  action: string,
  params: Record<string, string | number | undefined>,
): Promise<string> {
  return queryCall(
    { fetch: opts.fetch, env: opts.env, service: 'sts', region: opts.region, credentials: opts.credentials },
    { action, version: '2011-06-15', params },
  );
}

/** Issued credentials from a result, their expiry moved onto our clock. */
function issued(result: string, context: AuthErrorContext): IssuedCredentials {
  const credentials = xmlElement(result, 'Credentials') ?? '';
  const accessKeyId = xmlText(credentials, 'AccessKeyId');
  const secretAccessKey = xmlText(credentials, 'SecretAccessKey');
  const expiration = Date.parse(xmlText(credentials, 'Expiration') ?? '');
  if (!accessKeyId || !secretAccessKey || Number.isNaN(expiration)) {
    throw new AuthError('server_error', 'STS answered without credentials', {
      context,
      hint: 'Try again; if it persists, check the STS endpoint.',
      retryable: true,
    });
  }
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: xmlText(credentials, 'SessionToken') || undefined,
    // In AWS's time; on ours, a clock minutes off still renews on time (0 until AWS's answers showed a skew).
    expiration: new Date(expiration - awsClockOffsetMs()),
  };
}

/** An AssumeRole* result: the issued credentials and the assumed role's ARN. */
function assumedRole(result: string, context: AuthErrorContext): IssuedCredentials & { assumedArn?: string } {
  return { ...issued(result, context), assumedArn: xmlText(xmlElement(result, 'AssumedRoleUser') ?? '', 'Arn') };
}

export async function getSessionToken(
  opts: StsOptions & { durationSeconds: number; mfa?: { serial: string; code: string } },
): Promise<IssuedCredentials> {
  try {
    const result = await sts(opts, 'GetSessionToken', {
      DurationSeconds: opts.durationSeconds,
      SerialNumber: opts.mfa?.serial,
      TokenCode: opts.mfa?.code,
    });
    return issued(result, errorContext(opts));
  } catch (error) {
    throw stsError(error, opts, 'sts:GetSessionToken', opts.mfa !== undefined);
  }
}

export async function assumeRole(
  opts: StsOptions & { roleArn: string; sessionName: string; externalId?: string; durationSeconds: number },
): Promise<IssuedCredentials & { assumedArn?: string }> {
  try {
    const result = await sts(opts, 'AssumeRole', {
      RoleArn: opts.roleArn,
      RoleSessionName: opts.sessionName,
      ExternalId: opts.externalId,
      DurationSeconds: opts.durationSeconds,
    });
    return assumedRole(result, errorContext(opts));
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
  try {
    const result = await sts(opts, 'GetFederationToken', {
      Name: opts.name,
      DurationSeconds: opts.durationSeconds,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    });
    return issued(result, errorContext(opts));
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
  try {
    const result = await sts(opts, 'AssumeRoleWithWebIdentity', {
      RoleArn: opts.roleArn,
      RoleSessionName: opts.sessionName,
      WebIdentityToken: opts.webIdentityToken,
      DurationSeconds: opts.durationSeconds,
    });
    return assumedRole(result, errorContext(opts));
  } catch (error) {
    if (
      error instanceof AwsCallError &&
      /^(InvalidIdentityToken|IDPRejectedClaim|ExpiredToken)(Exception)?$/.test(error.name)
    ) {
      throw new AuthError('expired_token', "AWS did not accept the identity provider's token", {
        explanation: error.message,
        hint: "Log in to the provider again; check the role's trust policy for this issuer and audience.",
        context: errorContext(opts),
        recoverable: true,
      });
    }
    throw stsError(error, opts, `sts:AssumeRoleWithWebIdentity on ${opts.roleArn}`, false);
  }
}

export async function getCallerIdentity(opts: StsOptions): Promise<{ account: string; arn: string; userId: string }> {
  try {
    const result = await sts(opts, 'GetCallerIdentity', {});
    return {
      account: xmlText(result, 'Account') ?? '',
      arn: xmlText(result, 'Arn') ?? '',
      userId: xmlText(result, 'UserId') ?? '',
    };
  } catch (error) {
    throw stsError(error, opts, 'sts:GetCallerIdentity', false);
  }
}

/** Maps a failed call to an AuthError. `permission` names what AccessDenied is about. */
function stsError(
  error: unknown,
  opts: Pick<StsOptions, 'env' | 'context' | 'region'>,
  permission: string,
  withMfa: boolean,
): AuthError {
  // An answer our own checks refused (STS answered without credentials) is already in our words.
  if (isAuthError(error)) return error;
  const e = callErrorOf(error);
  const { status } = e.detail;
  const context = errorContext(opts);
  const who = context.identity ? `"${context.identity}"` : 'this identity';
  const message = (e.message ?? '').slice(0, 300);
  // call.ts corrects a skewed clock and signs again; this is what is left when even that failed.
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
    default:
      break;
  }
  const failure = transportFailure(e, 'STS', context, 'AWS_ENDPOINT_URL_STS');
  if (failure) return failure;
  // The code is the peer's word: kept short (the terminal sanitises what is left).
  return new AuthError(
    'server_error',
    `STS answered unexpectedly${status ? ` (HTTP ${status})` : ''}: ${e.name.slice(0, 80)}`,
    {
      explanation: message,
      hint: 'Try again; if it persists, check the STS endpoint.',
      context,
      retryable: true,
    },
  );
}
