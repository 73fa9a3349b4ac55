// The IAM access-key calls key rotation needs, with @aws-sdk/client-iam loaded on first use.
// Endpoint: AWS_ENDPOINT_URL_IAM (tests, the demo), else IAM's global one. Errors become
// AuthErrors naming the permission; no key is ever put in a message.
import { AuthError, type AuthErrorContext } from '../../errors.js';
import type { Env } from '../../paths.js';
import type { AwsCredentials } from '../../credential-types.js';
import { CONNECTION_FAILED } from './sts.js';
import { clientConfig, lazySdk } from './sdk.js';
import { shellWord } from '../../names.js';

const loadSdk = lazySdk(() => import('@aws-sdk/client-iam'));

interface IamOptions {
  credentials: AwsCredentials;
  env: Env;
  context: AuthErrorContext;
}

function endpoint(env: Env): string | undefined {
  return env.AWS_ENDPOINT_URL_IAM || env.AWS_ENDPOINT_URL || undefined;
}

async function client(opts: IamOptions) {
  const { IAMClient } = await loadSdk();
  return new IAMClient(clientConfig({ ...opts, region: 'us-east-1', endpoint: endpoint(opts.env) }));
}

function iamError(error: unknown, opts: IamOptions, permission: string): AuthError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const context = { ...opts.context, endpoint: endpoint(opts.env) ?? 'iam.amazonaws.com' };
  const message = (e.message ?? '').slice(0, 300);
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
  // As at STS: the SDK names a reset connection TimeoutError too (code ECONNRESET).
  if (CONNECTION_FAILED.test(`${(e as { code?: string }).code ?? ''} ${message}`))
    return new AuthError('network', 'Cannot reach IAM', {
      explanation: message,
      hint: 'Check your network.',
      context,
      retryable: true,
    });
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout')
    return new AuthError('timeout', 'IAM did not answer in time', {
      hint: 'Check your network.',
      context,
      retryable: true,
    });
  const status = e.$metadata?.httpStatusCode;
  return new AuthError(
    status !== undefined && status >= 500 ? 'server_error' : 'access_denied',
    `IAM refused ${permission}`,
    {
      explanation: `${e.name ?? 'Error'}: ${message}`,
      hint: 'See the explanation; nothing else was changed.',
      context,
      retryable: status !== undefined && status >= 500,
    },
  );
}

export async function listAccessKeys(opts: IamOptions): Promise<{ id: string; createdAt?: Date }[]> {
  const { ListAccessKeysCommand } = await loadSdk();
  try {
    const out = await (await client(opts)).send(new ListAccessKeysCommand({}));
    return (out.AccessKeyMetadata ?? []).map((k) => ({ id: k.AccessKeyId ?? '', createdAt: k.CreateDate }));
  } catch (error) {
    throw iamError(error, opts, 'iam:ListAccessKeys');
  }
}

export async function createAccessKey(opts: IamOptions): Promise<AwsCredentials> {
  const { CreateAccessKeyCommand } = await loadSdk();
  try {
    const out = await (await client(opts)).send(new CreateAccessKeyCommand({}));
    if (!out.AccessKey?.AccessKeyId || !out.AccessKey.SecretAccessKey)
      throw new AuthError('server_error', 'IAM answered without the new key', { context: opts.context });
    return { accessKeyId: out.AccessKey.AccessKeyId, secretAccessKey: out.AccessKey.SecretAccessKey };
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw iamError(error, opts, 'iam:CreateAccessKey');
  }
}

export async function deleteAccessKey(opts: IamOptions & { accessKeyId: string }): Promise<void> {
  const { DeleteAccessKeyCommand } = await loadSdk();
  try {
    await (await client(opts)).send(new DeleteAccessKeyCommand({ AccessKeyId: opts.accessKeyId }));
  } catch (error) {
    throw iamError(error, opts, 'iam:DeleteAccessKey');
  }
}
