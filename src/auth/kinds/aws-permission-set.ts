// aws/permission-set: role credentials for a permission set in an account, from the IAM Identity
// Center session of the provider it comes via. Renewal needs no input while that session (or its
// refresh token) lasts.
import { accountIdByName, getRoleCredentials, ssoEndpoints } from '../aws/sso.js';
import { DEFAULT_REGION } from '../aws/sts.js';
import { AuthError } from '../errors.js';
import { str } from './settings.js';
import type { KindContext, KindModule, SessionResult } from './types.js';

async function authenticate(ctx: KindContext): Promise<SessionResult> {
  const provider = ctx.config.nodes.find((n) => n.type === 'provider' && n.name === ctx.node.via?.name);
  const ssoRegion = str(provider ?? ctx.node, 'region') ?? DEFAULT_REGION;
  const region = str(ctx.node, 'principal', 'region') ?? ssoRegion;
  const roleName = str(ctx.node, 'principal', 'name') as string;
  const accessToken = ctx.parent?.secret.accessToken;
  const context = { identity: ctx.node.name, provider: ctx.node.via?.name, region: ssoRegion };
  if (!accessToken) throw new AuthError('expired_token', `The IAM Identity Center session of ${ctx.node.via?.name} is missing`, { hint: `Run "authui login ${ctx.node.name}".`, context, recoverable: true });
  const opts = { fetch: ctx.fetch, env: ctx.env, context };
  const endpoints = ssoEndpoints(ssoRegion, ctx.env);
  const accountName = str(ctx.node, 'principal', 'account', 'name');
  const accountId = str(ctx.node, 'principal', 'account', 'id') ?? (await accountIdByName(opts, endpoints, accessToken, accountName as string));
  const issued = await getRoleCredentials({ ...opts, context: { ...context, account: accountId } }, endpoints, accessToken, accountId, roleName);
  return {
    meta: { obtainedAt: new Date(ctx.clock.now()).toISOString(), expiresAt: issued.expiration.toISOString(), account: accountId, region, subject: roleName },
    secret: { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken ?? '' },
  };
}

export const awsPermissionSet: KindModule = {
  kind: 'aws/permission-set',
  role: 'identity',
  label: 'AWS permission set',
  via: { kinds: ['aws/iam-identity-center'] },
  describe: (node) => ({
    account: str(node, 'principal', 'account', 'id') ?? str(node, 'principal', 'account', 'name'),
    region: str(node, 'principal', 'region'),
    subject: str(node, 'principal', 'name'),
  }),
  authenticate,
  refresh: (ctx) => authenticate(ctx),
};
