// aws/iam-identity-center: the SSO OIDC device flow. Login shows a code and a link (the user
// approves in the browser) and polls until approved, denied, expired or cancelled; renewal uses
// the refresh token without a browser while the client registration lasts.
import { DEFAULT_REGION } from '../aws/sts.js';
import { pollToken, refreshToken, registerClient, ssoEndpoints, startDeviceAuthorization, type SsoCall, type SsoClient, type SsoToken } from '../aws/sso.js';
import { AuthError } from '../errors.js';
import { waitForApproval } from '../device-code.js';
import { hostOf, str } from './settings.js';
import type { KindContext, KindModule, SessionResult } from './types.js';

function setup(ctx: KindContext) {
  const region = str(ctx.node, 'region') ?? DEFAULT_REGION;
  const startUrl = str(ctx.node, 'start_url') as string;
  const opts: SsoCall = { fetch: ctx.fetch, env: ctx.env, context: { provider: ctx.node.name, region } };
  return { region, startUrl, opts, endpoints: ssoEndpoints(region, ctx.env) };
}

function session(ctx: KindContext, region: string, startUrl: string, client: SsoClient, token: SsoToken): SessionResult {
  return {
    meta: { obtainedAt: new Date(ctx.clock.now()).toISOString(), expiresAt: new Date(token.expiresAt).toISOString(), region, subject: hostOf(startUrl) },
    secret: { accessToken: token.accessToken, refreshToken: token.refreshToken ?? '', clientId: client.clientId, clientSecret: client.clientSecret, clientExpiresAt: String(client.expiresAt) },
  };
}

async function authenticate(ctx: KindContext): Promise<SessionResult> {
  const { region, startUrl, opts, endpoints } = setup(ctx);
  const client = await registerClient(opts, endpoints);
  const device = await startDeviceAuthorization(opts, endpoints, client, startUrl, ctx.clock.now());
  const prompt = { title: `AWS IAM Identity Center ${ctx.node.name}`, verificationUri: device.verificationUriComplete ?? device.verificationUri, userCode: device.userCode, expiresAt: device.expiresAt };
  const token = await waitForApproval(ctx, prompt, device.intervalMs, opts.context, () => pollToken(opts, endpoints, client, device.deviceCode, ctx.clock.now()));
  return session(ctx, region, startUrl, client, token);
}

async function refresh(ctx: KindContext, current: SessionResult | undefined): Promise<SessionResult> {
  const { region, startUrl, opts, endpoints } = setup(ctx);
  const secret = current?.secret;
  const clientExpiresAt = Number(secret?.clientExpiresAt ?? 0);
  if (!secret?.refreshToken || !secret.clientId || !secret.clientSecret || clientExpiresAt <= ctx.clock.now()) {
    throw new AuthError('needs_interactive_login', `"${ctx.node.name}" needs a browser sign-in`, { hint: `Run "authui login ${ctx.node.name}" in a terminal.`, context: opts.context });
  }
  const client: SsoClient = { clientId: secret.clientId, clientSecret: secret.clientSecret, expiresAt: clientExpiresAt };
  return session(ctx, region, startUrl, client, await refreshToken(opts, endpoints, client, secret.refreshToken, ctx.clock.now()));
}

export const awsIamIdentityCenter: KindModule = {
  kind: 'aws/iam-identity-center',
  role: 'provider',
  label: 'AWS SSO',
  describe: (node) => ({ region: str(node, 'region'), subject: hostOf(str(node, 'start_url')) }),
  authenticate,
  refresh,
};
