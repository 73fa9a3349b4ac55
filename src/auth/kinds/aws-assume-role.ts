// aws/assume-role: AssumeRole with the credentials of the step it comes via.
import { awsRegionOf } from '../aws/region.js';
import { assumeRole, assumeRoleWithWebIdentity, type AwsCredentials } from '../aws/sts.js';
import { AuthError } from '../errors.js';
import { accountOfArn, str } from './settings.js';
import type { KindContext, KindModule, SessionResult } from './types.js';

/** A RoleSessionName from the caller's name: only [\w+=,.@-], 2–64 characters. */
export function sessionNameFrom(subject: string | undefined): string {
  const base = (subject ?? '').split('/').pop() ?? '';
  const cleaned = base.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'authui';
}

function parentCredentials(ctx: KindContext): AwsCredentials {
  const secret = ctx.parent?.secret;
  if (!secret?.accessKeyId || !secret.secretAccessKey) {
    throw new AuthError('expired_token', `"${ctx.node.name}" comes via ${ctx.node.via?.name}, whose session holds no AWS credentials`, {
      hint: `Log in again: "authui login ${ctx.node.name}".`,
      context: { identity: ctx.node.name },
      recoverable: true,
    });
  }
  return { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey, sessionToken: secret.sessionToken || undefined };
}

async function authenticate(ctx: KindContext): Promise<SessionResult> {
  const roleArn = str(ctx.node, 'principal', 'assume_role') as string;
  const region = awsRegionOf(ctx.node, ctx.config);
  const account = accountOfArn(roleArn);
  const common = {
    region,
    env: ctx.env,
    context: { identity: ctx.node.name, account, region },
    roleArn,
    sessionName: str(ctx.node, 'principal', 'session_name') ?? sessionNameFrom(ctx.parent?.meta.subject),
    // Clamped when the config was loaded, including the 1h role-chaining cap.
    durationSeconds: ctx.node.sessionDuration ?? 3600,
  };
  const idToken = ctx.parent?.secret.idToken;
  // Via an OIDC provider: web identity federation with its ID token; otherwise AWS credentials.
  const issued = idToken
    ? await assumeRoleWithWebIdentity({ ...common, webIdentityToken: idToken })
    : await assumeRole({ ...common, credentials: parentCredentials(ctx), externalId: str(ctx.node, 'principal', 'external_id') });
  return {
    meta: { obtainedAt: new Date(ctx.clock.now()).toISOString(), expiresAt: issued.expiration.toISOString(), account, region, subject: issued.assumedArn?.replace(/^.*:assumed-role\//, 'assumed-role/') },
    secret: { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken ?? '' },
  };
}

export const awsAssumeRole: KindModule = {
  kind: 'aws/assume-role',
  role: 'identity',
  label: 'AWS role',
  // Steps that yield AWS credentials, or an OIDC provider (web identity). An IAM Identity Center
  // provider yields an SSO token: the role is assumed from one of its permission sets instead
  // (config error with that hint).
  via: {
    kinds: ['aws/user', 'aws/assume-role', 'aws/permission-set', 'oidc'],
  },
  duration: { default: 3600, min: 15 * 60, max: () => 12 * 3600, chainedMax: 3600 },
  describe: (node) => ({
    account: accountOfArn(str(node, 'principal', 'assume_role')),
    region: str(node, 'principal', 'region'),
    subject: str(node, 'principal', 'assume_role')?.replace(/^.*:role\//, 'role/'),
  }),
  authenticate,
  // Renewal needs no input: the engine hands over the (refreshed) parent's credentials.
  refresh: (ctx) => authenticate(ctx),
};
