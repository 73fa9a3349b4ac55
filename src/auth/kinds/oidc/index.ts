// oidc (provider): OpenID Connect and plain OAuth 2 (docs/architecture.md, "OIDC and OAuth").
// Browser sign-in with PKCE on a loopback redirect, the device flow, client credentials; the
// endpoints from discovery, by hand, or from a preset (Google, GitHub, Entra ID); tokens bound
// with DPoP where offered; renewal with the (rotating) refresh token; revocation on logout.
// This module is the kind's declaration only; the work is in grants.ts, loaded on first use.
import { hostOf, urlOrigin } from '../../net.js';
import { defineKind } from '../../kind.js';
import { issuerOf, originOf } from './endpoints.js';
import { presetOf } from './presets.js';
import type { Settings } from './schema.js';
import { parseSecret, type OidcSecret } from './secret.js';

const grants = () => import('./grants.js');

export const oidc = defineKind<Settings, OidcSecret>({
  kind: 'oidc',
  role: 'provider',
  label: 'OIDC',
  schema: async () => (await import('./schema.js')).schema,
  provides: ['idToken', 'accessToken'],
  parseSecret,
  yields: (secret) => ({ accessToken: secret.accessToken, idToken: secret.idToken }),
  renewable: (secret) => secret.refreshToken !== undefined || secret.grant === 'client_credentials',
  // Re-entering asks for the client secret again (the only long-term credential a client has).
  reenterable: true,
  // Every endpoint a config can name gets tokens or the client secret: all of them bind.
  binding: (settings) => ({
    issuer: issuerOf(settings),
    server: originOf(settings),
    client_id: settings.client_id,
    authorization_endpoint: urlOrigin(settings.authorization_endpoint),
    device_authorization_endpoint: urlOrigin(settings.device_authorization_endpoint),
    userinfo_endpoint: urlOrigin(settings.userinfo_endpoint),
    revocation_endpoint: urlOrigin(settings.revocation_endpoint),
  }),
  signInPlaces: (settings) => ({
    origins: [
      originOf(settings),
      urlOrigin(settings.authorization_endpoint),
      urlOrigin(settings.device_authorization_endpoint),
    ].filter((o): o is string => o !== undefined),
    domains: presetOf(settings.preset)?.signInDomains,
  }),
  describe: (settings) => ({
    subject: hostOf(originOf(settings)),
    ...(settings.preset
      ? { facts: [{ label: 'Preset', value: presetOf(settings.preset)?.label ?? settings.preset }] }
      : {}),
  }),
  env: {
    variables: () => ({}),
    secretNames: (node) => [(node.settings as Settings).token_env ?? 'OIDC_ACCESS_TOKEN'],
    secrets: (yields, _meta, node): Record<string, string> =>
      yields.accessToken ? { [(node.settings as Settings).token_env ?? 'OIDC_ACCESS_TOKEN']: yields.accessToken } : {},
  },
  test: async (yields, ctx) => (await grants()).test(yields, ctx),
  probe: async (ctx) => (await grants()).probe(ctx),
  revoke: async (secret, ctx) => (await grants()).revoke(secret, ctx),
  authenticate: async (ctx) => (await grants()).authenticate(ctx),
  refresh: async (ctx, current) => (await grants()).refresh(ctx, current),
});
