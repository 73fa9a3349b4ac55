// The session secret of every AWS identity kind (user, role, permission set): short-lived AWS
// credentials. They yield AWS credentials to a child step and to tools, are written to the AWS
// files, and are exported to `exec` as the standard AWS variables.
import { ecrLogin } from './ecr.js';
import { eksToken } from './eks-token.js';
import { sessionConsole } from './console.js';
import type { EnvExports, Output, TestContext, TestResult } from '../../kind.js';
import type { Yields } from '../../credential-types.js';
import type { AwsCredentials } from '../../credential-types.js';
import { awsFiles, awsFilesBase, awsFilesDir } from './files.js';
import { DEFAULT_REGION, getCallerIdentity } from './sts.js';

export type AwsSessionSecret = AwsCredentials;

function parseAwsSession(value: unknown): AwsSessionSecret | undefined {
  const v = value as Partial<Record<keyof AwsSessionSecret, unknown>> | null;
  if (
    typeof v?.accessKeyId !== 'string' ||
    typeof v.secretAccessKey !== 'string' ||
    !v.accessKeyId ||
    !v.secretAccessKey
  )
    return undefined;
  const sessionToken = typeof v.sessionToken === 'string' && v.sessionToken !== '' ? v.sessionToken : undefined;
  return { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/** The secret to keep from credentials STS or the access portal issued (no expiry: that is meta). */
export function awsSessionSecret(issued: AwsCredentials): AwsSessionSecret {
  return parseAwsSession(issued) as AwsSessionSecret;
}

/** Tools find the AWS files through these; `exec` adds the keys themselves. */
const awsEnv: EnvExports = {
  variables({ node, root, config, env, region }) {
    const files = awsFilesDir(awsFilesBase(config, env, root), root.name);
    return {
      AWS_SHARED_CREDENTIALS_FILE: files.credentials,
      AWS_CONFIG_FILE: files.config,
      AWS_PROFILE: node.name,
      ...(region ? { AWS_REGION: region } : {}),
    };
  },
  secretNames: () => ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'],
  secrets({ aws }, meta) {
    if (!aws) return {};
    return {
      AWS_ACCESS_KEY_ID: aws.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.secretAccessKey,
      ...(aws.sessionToken ? { AWS_SESSION_TOKEN: aws.sessionToken } : {}),
      ...(meta.expiresAt ? { AWS_CREDENTIAL_EXPIRATION: meta.expiresAt } : {}),
    };
  },
};

/** STS GetCallerIdentity with the session: the account, the ARN and the user id. */
async function callerIdentity({ aws }: Yields, { node, meta, env, fetch }: TestContext): Promise<TestResult> {
  const region = meta.region ?? DEFAULT_REGION;
  // The yields of an AWS identity's own session: the credentials are always there.
  const who = await getCallerIdentity({
    fetch,
    credentials: aws as AwsCredentials,
    region,
    env,
    context: { identity: node.name, region },
  });
  return {
    facts: [
      { key: 'account', label: 'Account', value: who.account },
      { key: 'arn', label: 'ARN', value: who.arn },
      { key: 'userId', label: 'User ID', value: who.userId },
    ],
  };
}

/** What the three AWS identity kinds share: secret shape, yields, outputs, exports, the test and the console. */
export const awsIdentity = {
  provides: ['aws'],
  parseSecret: parseAwsSession,
  yields: (secret: AwsSessionSecret) => ({ aws: secret }),
  outputs: [awsFiles] as readonly Output[],
  env: awsEnv,
  test: callerIdentity,
  mint: { 'console sign-in link': sessionConsole, 'EKS token': eksToken },
  registryLogin: ecrLogin,
} as const;

/** The 12-digit account in an IAM ARN. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}
