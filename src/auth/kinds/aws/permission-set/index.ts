// aws/permission-set: role credentials for a permission set in an account, from the IAM Identity
// Center session of the provider it comes via. Renewal needs no input while that session (or its
// refresh token) lasts.
import { AuthError } from '../../../errors.js';
import { defineKind, type KindContext, type Session } from '../../../kind.js';
import { awsIdentity, awsSessionSecret, type AwsSessionSecret } from '../session.js';
import { accountIdByName, getRoleCredentials, ssoEndpoints } from '../sso.js';
import { DEFAULT_REGION } from '../sts.js';
import type { Settings } from './schema.js';
import { isoTime } from '../../../iso-time.js';
import { shellWord } from '../../../names.js';

async function authenticate(ctx: KindContext<Settings>): Promise<Session<AwsSessionSecret>> {
  const { principal } = ctx.settings;
  const ssoRegion = ctx.inheritedRegion ?? DEFAULT_REGION;
  const region = principal.region ?? ssoRegion;
  const accessToken = ctx.parent?.yields.ssoToken;
  const context = { identity: ctx.node.name, provider: ctx.node.via?.name, region: ssoRegion };
  if (!accessToken)
    throw new AuthError('expired_token', `The IAM Identity Center session of ${ctx.node.via?.name} is missing`, {
      hint: `Run "authui login ${shellWord(ctx.node.name)}".`,
      context,
      recoverable: true,
    });
  const opts = { fetch: ctx.fetch, env: ctx.env, now: () => ctx.clock.now(), context };
  const endpoints = ssoEndpoints(ssoRegion, ctx.env);
  const accountId =
    principal.account.id ?? (await accountIdByName(opts, endpoints, accessToken, principal.account.name as string));
  const issued = await getRoleCredentials(
    { ...opts, context: { ...context, account: accountId } },
    endpoints,
    accessToken,
    accountId,
    principal.name,
  );
  return {
    meta: {
      obtainedAt: isoTime(ctx.clock.now()),
      expiresAt: isoTime(issued.expiration.getTime()),
      account: accountId,
      region,
      subject: principal.name,
    },
    secret: awsSessionSecret(issued),
  };
}

export const awsPermissionSet = defineKind<Settings, AwsSessionSecret>({
  kind: 'aws/permission-set',
  role: 'identity',
  label: 'AWS permission set',
  schema: async () => (await import('./schema.js')).schema,
  ...awsIdentity,
  reenterable: false,
  via: { needs: ['ssoToken'] },
  describe: ({ principal }) => ({
    account: principal.account.id ?? principal.account.name,
    region: principal.region,
    subject: principal.name,
  }),
  authenticate,
  refresh: (ctx) => authenticate(ctx),
});
