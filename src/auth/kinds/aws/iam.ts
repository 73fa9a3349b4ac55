// The IAM access-key calls key rotation needs, over IAM's query API (call.ts). Endpoint:
// AWS_ENDPOINT_URL_IAM (tests, the demo), else the global one of the region's partition. Errors
// become AuthErrors naming the permission; no key is ever put in a message.
import { AuthError, isAuthError, type AuthErrorContext } from '../../errors.js';
import type { Fetch } from '../../http-message.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials } from '../../credential-types.js';
import { callErrorOf, endpointName, queryCall, transportFailure, xmlElement, xmlText } from './call.js';
import { shellWord } from '../../names.js';

interface IamOptions {
  fetch: Fetch;
  /** The identity's region: IAM is global, but each partition (China, GovCloud) has its own. */
  region: string;
  credentials: AwsCredentials;
  env: Env;
  context: AuthErrorContext;
}

function iam(opts: IamOptions, action: string, params: Record<string, string> = {}): Promise<string> {
  return queryCall(
    { fetch: opts.fetch, env: opts.env, service: 'iam', region: opts.region, credentials: opts.credentials },
    { action, version: '2010-05-08', params },
  );
}

function iamError(error: unknown, opts: IamOptions, permission: string): AuthError {
  if (isAuthError(error)) return error;
  const e = callErrorOf(error);
  const context = { ...opts.context, endpoint: endpointName('iam', opts.region, opts.env) };
  const message = e.message.slice(0, 300);
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException')
    return new AuthError('access_denied', `Access denied: the user may not perform ${permission}`, {
      explanation: message,
      hint: "Allow it in the user's IAM policy (many policies require MFA for key changes: set mfa_arn and log in again).",
      context,
    });
  if (e.name === 'InvalidClientTokenId' || e.name === 'SignatureDoesNotMatch')
    return new AuthError('invalid_credentials', `IAM rejected the credentials (${e.name})`, {
      hint: `Run "authui login ${shellWord(opts.context.identity ?? '<name>')}".`,
      context,
      recoverable: true,
    });
  const failure = transportFailure(e, 'IAM', context, 'AWS_ENDPOINT_URL_IAM');
  if (failure) return failure;
  // The code is the peer's word: kept short (the terminal sanitises what is left).
  return new AuthError('access_denied', `IAM refused ${permission}`, {
    explanation: `${e.name.slice(0, 80)}: ${message}`,
    hint: 'See the explanation; nothing else was changed.',
    context,
  });
}

export async function listAccessKeys(opts: IamOptions): Promise<{ id: string; createdAt?: Date }[]> {
  try {
    const list = xmlElement(await iam(opts, 'ListAccessKeys'), 'AccessKeyMetadata') ?? '';
    return [...list.matchAll(/<member>([\s\S]*?)<\/member>/g)].map(([, member = '']) => {
      const created = Date.parse(xmlText(member, 'CreateDate') ?? '');
      return {
        id: xmlText(member, 'AccessKeyId') ?? '',
        createdAt: Number.isNaN(created) ? undefined : new Date(created),
      };
    });
  } catch (error) {
    throw iamError(error, opts, 'iam:ListAccessKeys');
  }
}

export async function createAccessKey(opts: IamOptions): Promise<AwsCredentials> {
  try {
    const key = xmlElement(await iam(opts, 'CreateAccessKey'), 'AccessKey') ?? '';
    const accessKeyId = xmlText(key, 'AccessKeyId');
    const secretAccessKey = xmlText(key, 'SecretAccessKey');
    if (!accessKeyId || !secretAccessKey)
      throw new AuthError('server_error', 'IAM answered without the new key', { context: opts.context });
    return { accessKeyId, secretAccessKey };
  } catch (error) {
    throw iamError(error, opts, 'iam:CreateAccessKey');
  }
}

export async function deleteAccessKey(opts: IamOptions & { accessKeyId: string }): Promise<void> {
  try {
    await iam(opts, 'DeleteAccessKey', { AccessKeyId: opts.accessKeyId });
  } catch (error) {
    throw iamError(error, opts, 'iam:DeleteAccessKey');
  }
}
