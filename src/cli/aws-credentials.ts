import { AuthError } from '../auth/errors.js';
import type { Credentials } from '../auth/engine.js';
import type { AwsCredentials } from '../auth/credential-types.js';

/** The AWS credentials a node yields, or a usage error for nodes whose kind yields none. */
export function requireAws(credentials: Credentials): AwsCredentials {
  if (!credentials.yields.aws)
    throw new AuthError('usage', `"${credentials.node.name}" does not hold AWS credentials`, {
      hint: 'Use an identity whose kind yields AWS credentials (aws/user, aws/assume-role, aws/permission-set).',
    });
  return credentials.yields.aws;
}

/** AWS's credential_process output, Version 1, as one line. */
export function credentialProcessOutput(creds: AwsCredentials, expiresAt: string | undefined): string {
  return `${JSON.stringify({ Version: 1, AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: expiresAt })}\n`;
}
