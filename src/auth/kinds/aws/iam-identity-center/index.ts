// aws/iam-identity-center: the SSO OIDC device flow. Login shows a code and a link (the user
// approves in the browser) and polls until approved, denied, expired or cancelled; renewal uses
// the refresh token without a browser while the client registration lasts.
import { waitForApproval } from '../../../device-code.js';
import { AuthError } from '../../../errors.js';
import { hostOf, urlOrigin } from '../../../net.js';
import { defineKind, type KindContext, type Session } from '../../../kind.js';
import {
  listAccounts,
  listAccountRoles,
  pollToken,
  refreshToken,
  registerClient,
  ssoEndpoints,
  startDeviceAuthorization,
  type SsoCall,
  type SsoClient,
  type SsoToken,
} from '../sso.js';
import { endpointOverride } from '../call.js';
import type { Settings } from './schema.js';
import { isoTime } from '../../../iso-time.js';
import { shellWord } from '../../../names.js';

type Context = KindContext<Settings>;

interface SsoSecret {
  accessToken: string;
  refreshToken?: string;
  clientId: string;
  clientSecret: string;
  /** Epoch ms after which the client registration (and so the refresh token) is useless. */
  clientExpiresAt: number;
}

function parseSecret(value: unknown): SsoSecret | undefined {
  const v = value as Record<string, unknown> | null;
  if (typeof v?.accessToken !== 'string' || typeof v.clientId !== 'string' || typeof v.clientSecret !== 'string')
    return undefined;
  const clientExpiresAt = Number(v.clientExpiresAt);
  const refresh = typeof v.refreshToken === 'string' && v.refreshToken !== '' ? v.refreshToken : undefined;
  return {
    accessToken: v.accessToken,
    clientId: v.clientId,
    clientSecret: v.clientSecret,
    clientExpiresAt: Number.isFinite(clientExpiresAt) ? clientExpiresAt : 0,
    ...(refresh ? { refreshToken: refresh } : {}),
  };
}

function setup(ctx: Context) {
  const { region, start_url: startUrl } = ctx.settings;
  const opts: SsoCall = {
    fetch: ctx.fetch,
    env: ctx.env,
    now: () => ctx.clock.now(),
    context: { provider: ctx.node.name, region },
  };
  return { region, startUrl, opts, endpoints: ssoEndpoints(region, ctx.env) };
}

function session(ctx: Context, client: SsoClient, token: SsoToken): Session<SsoSecret> {
  const { region, start_url: startUrl } = ctx.settings;
  return {
    meta: {
      obtainedAt: isoTime(ctx.clock.now()),
      expiresAt: isoTime(token.expiresAt),
      region,
      subject: hostOf(startUrl),
    },
    secret: {
      accessToken: token.accessToken,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientExpiresAt: client.expiresAt,
      ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    },
  };
}

async function authenticate(ctx: Context): Promise<Session<SsoSecret>> {
  const { startUrl, opts, endpoints } = setup(ctx);
  const client = await registerClient(opts, endpoints);
  const device = await startDeviceAuthorization(opts, endpoints, client, startUrl, ctx.clock.now());
  const prompt = {
    title: `AWS IAM Identity Center ${ctx.node.name}`,
    verificationUri: device.verificationUriComplete ?? device.verificationUri,
    userCode: device.userCode,
    expiresAt: device.expiresAt,
  };
  const token = await waitForApproval(ctx, prompt, device.intervalMs, opts.context, () =>
    pollToken(opts, endpoints, client, device.deviceCode, ctx.clock.now()),
  );
  return session(ctx, client, token);
}

function canRefresh(secret: SsoSecret, now: number): boolean {
  return secret.refreshToken !== undefined && secret.clientExpiresAt > now;
}

async function refresh(ctx: Context, current: Session<SsoSecret> | undefined): Promise<Session<SsoSecret>> {
  const { opts, endpoints } = setup(ctx);
  const secret = current?.secret;
  if (!secret?.refreshToken || !canRefresh(secret, ctx.clock.now())) {
    throw new AuthError('needs_interactive_login', `"${ctx.node.name}" needs a browser sign-in`, {
      hint: `Run "authui login ${shellWord(ctx.node.name)}" in a terminal.`,
      context: opts.context,
    });
  }
  const client: SsoClient = {
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    expiresAt: secret.clientExpiresAt,
  };
  return session(ctx, client, await refreshToken(opts, endpoints, client, secret.refreshToken, ctx.clock.now()));
}

export const awsIamIdentityCenter = defineKind<Settings, SsoSecret>({
  kind: 'aws/iam-identity-center',
  role: 'provider',
  label: 'AWS SSO',
  schema: async () => (await import('./schema.js')).schema,
  provides: ['ssoToken'],
  parseSecret,
  yields: (secret) => ({ ssoToken: secret.accessToken }),
  // A refresh token renews it without a browser, even once the access token has expired.
  renewable: (secret, now) => canRefresh(secret, now),
  reenterable: false,
  binding: (settings) => ({ start_url: settings.start_url, region: settings.region }),
  // AWS shows the code on its device page (device.sso.REGION.amazonaws.com) or the portal's.
  signInPlaces: (settings, env) => ({
    origins: [urlOrigin(settings.start_url), urlOrigin(endpointOverride(env, 'SSO_OIDC'))].filter(
      (o): o is string => o !== undefined,
    ),
    domains: ['amazonaws.com', 'awsapps.com'],
  }),
  describe: (settings) => ({ region: settings.region, subject: hostOf(settings.start_url) }),
  // Every account the user is assigned and every permission set in each, as aws/permission-set identities.
  discover: async (yields, ctx) => {
    const settings = ctx.node.settings as Settings;
    const call: SsoCall = { fetch: ctx.fetch, env: ctx.env, now: Date.now, context: { provider: ctx.node.name } };
    const endpoints = ssoEndpoints(settings.region, ctx.env);
    const token = yields.ssoToken as string;
    const accounts = (await listAccounts(call, endpoints, token)).filter(
      (a): a is { accountId: string; accountName?: string } => typeof a.accountId === 'string',
    );
    // A few accounts at a time: an organisation has hundreds, and the portal throttles.
    const roles: { roleName?: string }[][] = [];
    for (let at = 0; at < accounts.length; at += 8)
      roles.push(
        ...(await Promise.all(
          accounts.slice(at, at + 8).map((a) => listAccountRoles(call, endpoints, token, a.accountId)),
        )),
      );
    return accounts.flatMap((account, i) =>
      (roles[i] ?? [])
        .filter((r): r is { roleName: string } => typeof r.roleName === 'string')
        .map((role) => ({
          kind: 'aws/permission-set',
          settings: {
            principal: {
              name: role.roleName,
              account: { id: account.accountId, ...(account.accountName ? { name: account.accountName } : {}) },
            },
          },
          fields: {
            account_id: account.accountId,
            account_name: account.accountName ?? account.accountId,
            role_name: role.roleName,
          },
        })),
    );
  },
  // The access portal's account list: the token works, and here is what it reaches.
  test: async (yields, ctx) => {
    const settings = ctx.node.settings as Settings;
    const call: SsoCall = {
      fetch: ctx.fetch,
      env: ctx.env,
      now: Date.now, // only for an HTTP-date Retry-After; a test has no injected clock
      context: { provider: ctx.node.name },
    };
    const accounts = await listAccounts(call, ssoEndpoints(settings.region, ctx.env), yields.ssoToken as string);
    const names = accounts.map((a) => a.accountName ?? a.accountId ?? '?');
    return {
      facts: [
        { key: 'portal', label: 'Portal', value: hostOf(settings.start_url) ?? settings.start_url },
        {
          key: 'accounts',
          label: 'Accounts',
          value: `${names.length}${names.length ? ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})` : ''}`,
        },
      ],
    };
  },
  authenticate,
  refresh,
});
