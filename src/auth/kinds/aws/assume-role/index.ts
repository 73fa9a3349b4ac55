// aws/assume-role: AssumeRole with the AWS credentials of the step it comes via, or
// AssumeRoleWithWebIdentity with the ID token of an OIDC provider it comes via.
import type { NodeConfig } from '../../../config/types.js';
import { AuthError } from '../../../errors.js';
import { defineKind, type KindContext, type Session } from '../../../kind.js';
import { accountOfArn, awsIdentity, awsSessionSecret, type AwsSessionSecret } from '../session.js';
import { assumeRole, assumeRoleWithWebIdentity, DEFAULT_REGION } from '../sts.js';
import type { Settings } from './schema.js';
import { isoTime } from '../../../iso-time.js';
import { shellWord } from '../../../names.js';

const HOUR = 3600;

/** A RoleSessionName from the caller's name: only [\w+=,.@-], 2–64 characters. */
function sessionNameFrom(subject: string | undefined): string {
  const base = (subject ?? '').split('/').pop() ?? '';
  const cleaned = base.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : 'authui';
}

async function authenticate(ctx: KindContext<Settings>): Promise<Session<AwsSessionSecret>> {
  const { principal } = ctx.settings;
  const roleArn = principal.assume_role;
  const region = principal.region ?? ctx.inheritedRegion ?? DEFAULT_REGION;
  const account = accountOfArn(roleArn);
  const common = {
    fetch: ctx.fetch,
    region,
    env: ctx.env,
    context: { identity: ctx.node.name, account, region },
    roleArn,
    sessionName: principal.session_name ?? sessionNameFrom(ctx.parent?.meta.subject),
    // Clamped when the config was loaded, including the 1h role-chaining cap.
    durationSeconds: ctx.node.sessionDuration ?? HOUR,
  };
  const { aws, idToken } = ctx.parent?.yields ?? {};
  let issued;
  if (idToken) issued = await assumeRoleWithWebIdentity({ ...common, webIdentityToken: idToken });
  else if (aws)
    issued = await assumeRole({ ...common, credentials: aws, externalId: principal.external_id }).catch(
      (error: unknown) => {
        throw parentRejected(ctx.node, error);
      },
    );
  else {
    throw new AuthError(
      'expired_token',
      `"${ctx.node.name}" comes via ${ctx.node.via?.name}, whose session holds no AWS credentials`,
      {
        hint: `Log in again: "authui login ${shellWord(ctx.node.name)}".`,
        context: { identity: ctx.node.name },
        recoverable: true,
      },
    );
  }
  return {
    meta: {
      obtainedAt: isoTime(ctx.clock.now()),
      expiresAt: isoTime(issued.expiration.getTime()),
      account,
      region,
      subject: issued.assumedArn?.replace(/^.*:assumed-role\//, 'assumed-role/'),
    },
    secret: awsSessionSecret(issued),
  };
}

/**
 * STS refusing the credentials of an AssumeRole call refuses the parent's session, not this
 * role: said as the parent's, as `expired_token`, so the engine renews the parent step and
 * tries again (engine/login.ts) instead of a hint that repeats the same failing command.
 */
function parentRejected(node: NodeConfig, error: unknown): unknown {
  if (!(error instanceof AuthError) || (error.code !== 'invalid_credentials' && error.code !== 'expired_token'))
    return error;
  const parent = node.via?.name ?? 'its parent';
  return new AuthError(
    'expired_token',
    `AWS no longer accepts the session of "${parent}", which ${node.name} comes via`,
    {
      explanation: error.message,
      hint: `Run "authui login ${shellWord(parent)}", then again for ${shellWord(node.name)}.`,
      context: { identity: parent },
      recoverable: true,
    },
  );
}

export const awsAssumeRole = defineKind<Settings, AwsSessionSecret>({
  kind: 'aws/assume-role',
  role: 'identity',
  label: 'AWS role',
  schema: async () => (await import('./schema.js')).schema,
  ...awsIdentity,
  reenterable: false,
  // A step that yields AWS credentials, or an ID token (web identity federation).
  via: {
    needs: ['aws', 'idToken'],
    hint: (target) =>
      target.kind === 'aws/iam-identity-center'
        ? `An IAM Identity Center provider yields an SSO token, not AWS credentials: define an aws/permission-set identity via "${target.name}" and assume the role via that identity.`
        : undefined,
  },
  duration: {
    default: HOUR,
    min: 15 * 60,
    // AWS role chaining: a role assumed from role credentials lasts at most an hour.
    limit: (_settings, viaKind) =>
      viaKind === 'aws/assume-role' || viaKind === 'aws/permission-set'
        ? { max: HOUR, why: 'the AWS limit for a role assumed from role credentials' }
        : { max: 12 * HOUR, why: 'the maximum for aws/assume-role' },
  },
  describe: ({ principal }) => ({
    account: accountOfArn(principal.assume_role),
    region: principal.region,
    subject: principal.assume_role.replace(/^.*:role\//, 'role/'),
  }),
  authenticate,
  // Renewal needs no input: the engine hands over the (refreshed) parent's credentials.
  refresh: (ctx) => authenticate(ctx),
});
