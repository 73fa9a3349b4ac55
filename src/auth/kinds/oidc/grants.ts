// The oidc kind's work (docs/architecture.md, "OIDC and OAuth"): sign-in, renewal, the
// connection test and revocation. Loaded only when one of them runs, so the tools' fast paths
// (credential-process, token, status) never load oauth4webapi, node:http or node:crypto for it.
import { AuthError } from '../../errors.js';
import { hostOf } from '../../net.js';
import type { Fetch } from '../../http-message.js';
import {
  type KindContext,
  type NodeSecrets,
  type ProbeContext,
  type RevokeContext,
  type RevokeOutcome,
  type Session,
  type SessionMeta,
  type TestContext,
  type TestResult,
} from '../../kind.js';
import type { Yields } from '../../credential-types.js';
import { checkDomain, identityOf, presetUser, userinfo, type Claims } from './claims.js';
import { handleFor, newKeyPair, usesDpop, type StoredKeyPair } from './dpop.js';
import { browserGrant, chooseFlow, clientCredentialsGrant, deviceGrant, refreshGrant, type Grant } from './flows.js';
import { entraAdminConsentUrl, presetOf } from './presets.js';
import type { OidcSecret } from './secret.js';
import type { Settings } from './schema.js';
import { issuerOf, originOf } from './endpoints.js';
import { call, clientAuth, providerFor, type Provider } from './server.js';
import { isoTime } from '../../iso-time.js';
import { secondsAfter } from '../../time-bounds.js';
import { shellWord } from '../../names.js';

type Context = KindContext<Settings>;
type DPoPHandle = import('oauth4webapi').DPoPHandle;

type SecretMode = 'none' | 'optional' | 'required';

function secretMode(p: Provider, flow: string): SecretMode {
  if (flow === 'client_credentials') return 'required';
  return p.settings.client_secret ?? p.preset?.clientSecret ?? 'none';
}

/** The stored client secret: undefined when never asked, '' when the user left an optional one empty. */
async function storedClientSecret(ctx: { secrets: NodeSecrets }): Promise<string | undefined> {
  const raw = await ctx.secrets.readLongTerm();
  if (raw === undefined) return undefined;
  try {
    const value = (JSON.parse(raw) as { clientSecret?: unknown }).clientSecret;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The client secret for a login: the stored one, else asked once in the credential form. */
async function clientSecretFor(ctx: Context, mode: SecretMode): Promise<string | undefined> {
  if (mode === 'none') return undefined;
  const stored = ctx.reenter ? undefined : await storedClientSecret(ctx);
  if (stored !== undefined && (stored !== '' || mode === 'optional')) return stored;
  const answer = await ctx.prompter.ask({
    title: `Client secret for ${ctx.node.name}`,
    description:
      mode === 'required'
        ? 'The OAuth client secret from the provider. It is kept in the credential store, never in the config.'
        : 'Optional: the OAuth client secret, which lets logout revoke the grant. Leave empty to skip.',
    fields: [
      {
        name: 'client_secret',
        title: 'Client secret',
        required: mode === 'required',
        secret: true,
        kind: 'secret',
      },
    ],
  });
  const secret = answer.client_secret?.trim() ?? '';
  await ctx.secrets.writeLongTerm(JSON.stringify({ clientSecret: secret }));
  return secret;
}

async function dpopFor(p: Provider, stored: StoredKeyPair | undefined) {
  if (stored) return { handle: await handleFor(p, stored), stored };
  if (!usesDpop(p)) return undefined;
  return newKeyPair(p);
}

async function sessionOf(
  ctx: Context,
  p: Provider,
  grant: Grant,
  dpop: { handle: DPoPHandle; stored: StoredKeyPair } | undefined,
  previous?: OidcSecret,
): Promise<Session<OidcSecret>> {
  const { tokens } = grant;
  let claims: Claims | undefined = grant.claims;
  const clientCredentials = previous?.grant === 'client_credentials' || chooseFlow(p, ctx.env) === 'client_credentials';
  if (!clientCredentials) claims = await enrich(ctx, p, claims, tokens.access_token, dpop?.handle);
  checkDomain(p, claims);
  const who = clientCredentials ? { subject: p.settings.client_id, facts: [] } : identityOf(p, claims);
  const now = ctx.clock.now();
  const bound = tokens.token_type.toLowerCase() === 'dpop';
  const expiresAt = secondsAfter(now, tokens.expires_in);
  const meta: SessionMeta = {
    obtainedAt: isoTime(now),
    ...(expiresAt !== undefined ? { expiresAt: isoTime(expiresAt) } : {}),
    subject: who.subject,
    server: hostOf(originOf(p.settings)),
    facts: [...who.facts, ...(bound ? [{ label: 'Token type', value: 'DPoP (bound to a key in the store)' }] : [])],
  };
  // A provider that does not rotate keeps the refresh token it had; one that rotates sends a new one.
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const idToken = tokens.id_token ?? previous?.idToken;
  const secret: OidcSecret = {
    accessToken: tokens.access_token,
    tokenType: bound ? 'DPoP' : 'Bearer',
    ...(idToken ? { idToken } : {}),
    ...(refreshToken ? { refreshToken } : {}),
    ...(bound && dpop ? { dpopKey: dpop.stored } : {}),
    ...(clientCredentials ? { grant: 'client_credentials' as const } : {}),
  };
  return { meta, secret };
}

/**
 * The ID token's claims, completed from userinfo when they lack what the subject is made of
 * (providers put email and name in userinfo only, when an access token is issued); without an
 * ID token, userinfo or the preset's user API. Userinfo must name the same `sub`.
 */
async function enrich(
  ctx: Context,
  p: Provider,
  claims: Claims | undefined,
  accessToken: string,
  dpop: DPoPHandle | undefined,
): Promise<Claims | undefined> {
  const wanted = p.settings.claims?.subject ?? 'email';
  if (claims && claims[wanted] !== undefined) return claims;
  const more =
    (await presetUser(p, accessToken, () => ctx.clock.now())) ??
    (await userinfo(p, accessToken, dpop).catch(() => undefined));
  if (!more) return claims;
  if (claims && more.sub !== undefined && more.sub !== claims.sub) return claims;
  // The ID token's (validated) claims win; userinfo fills what they lack.
  return { ...more, ...Object.fromEntries(Object.entries(claims ?? {}).filter(([, v]) => v !== undefined)) };
}

export async function authenticate(ctx: Context): Promise<Session<OidcSecret>> {
  if (ctx.settings.admin_consent)
    ctx.prompter.notice(
      `${ctx.node.name} needs an administrator's consent once: an admin approves authui at ${entraAdminConsentUrl(ctx.settings)}`,
    );
  const p = await providerFor(ctx, ctx.clock.now());
  const flow = chooseFlow(p, ctx.env);
  const auth = clientAuth(p, await clientSecretFor(ctx, secretMode(p, flow)));
  const dpop = await dpopFor(p, undefined);
  const grant =
    flow === 'client_credentials'
      ? await clientCredentialsGrant(p, auth, dpop?.handle)
      : flow === 'device'
        ? await deviceGrant(ctx, p, auth, dpop?.handle)
        : await browserGrant(ctx, p, auth, dpop?.handle);
  return sessionOf(ctx, p, grant, dpop);
}

export async function refresh(ctx: Context, current: Session<OidcSecret> | undefined): Promise<Session<OidcSecret>> {
  const previous = current?.secret;
  if (!previous?.refreshToken && previous?.grant !== 'client_credentials')
    throw new AuthError('needs_interactive_login', `"${ctx.node.name}" needs a browser sign-in`, {
      hint: `Run "authui login ${shellWord(ctx.node.name)}" in a terminal.`,
      context: { provider: ctx.node.name },
    });
  const p = await providerFor(ctx, ctx.clock.now());
  const secret = await storedClientSecret(ctx);
  if (previous.grant === 'client_credentials' && !secret)
    throw new AuthError('needs_interactive_login', `"${ctx.node.name}" has no client secret stored`, {
      hint: `Run "authui login ${shellWord(ctx.node.name)}" to enter it.`,
      context: p.context,
    });
  const auth = clientAuth(p, secret);
  // The key the tokens are bound to signs the renewal too; a client-credentials node may get a new one.
  const dpop = await dpopFor(p, previous.dpopKey);
  const grant =
    previous.grant === 'client_credentials'
      ? await clientCredentialsGrant(p, auth, dpop?.handle)
      : await refreshGrant(p, auth, dpop?.handle, previous.refreshToken as string);
  return sessionOf(ctx, p, grant, dpop, previous);
}

/** Discovery (or the endpoints), then who the access token belongs to: userinfo or the preset's user API. */
export async function test(yields: Yields, ctx: TestContext): Promise<TestResult> {
  const settings = ctx.node.settings as Settings;
  const p = await providerFor({ ...ctx, settings }, Date.now());
  const issuer = issuerOf(settings);
  const facts: TestResult['facts'] = [
    issuer
      ? { key: 'issuer', label: 'Issuer', value: String(p.as.issuer) }
      : { key: 'endpoint', label: 'Token endpoint', value: String(p.as.token_endpoint) },
  ];
  const token = yields.accessToken as string;
  const stored = (await ctx.secrets.session()) as OidcSecret | undefined;
  const dpop = stored?.dpopKey ? await handleFor(p, stored.dpopKey) : undefined;
  const claims = (await presetUser(p, token, Date.now)) ?? (await userinfo(p, token, dpop));
  if (!claims) return { facts: [...facts, { key: 'userinfo', label: 'Userinfo', value: 'not offered' }] };
  const who = identityOf(p, claims);
  return { facts: [...facts, { key: 'subject', label: 'Subject', value: who.subject ?? '—' }] };
}

/**
 * Before the first login: discovery (or the endpoints by hand) and the token endpoint, which must
 * answer an empty grant request (any HTTP status: it is there and speaks HTTP). No credential is
 * sent, and nothing is stored.
 */
export async function probe(ctx: ProbeContext): Promise<TestResult> {
  const settings = ctx.node.settings as Settings;
  const p = await providerFor({ ...ctx, settings }, Date.now());
  const issuer = issuerOf(settings);
  const endpoint = String(p.as.token_endpoint);
  const fetch = p.options[p.oauth.customFetch] as Fetch;
  const started = Date.now();
  const response = await call(p.context, () =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=authorization_code',
      signal: p.options.signal(),
    }),
  );
  return {
    facts: [
      issuer
        ? { key: 'issuer', label: 'Issuer', value: `${String(p.as.issuer)} (discovery read)` }
        : { key: 'endpoint', label: 'Token endpoint', value: endpoint },
      {
        key: 'token_endpoint',
        label: 'Token endpoint answers',
        value: `HTTP ${response.status} in ${Date.now() - started} ms`,
      },
      { key: 'session', label: 'Session', value: `none yet: run "authui login ${shellWord(ctx.node.name)}"` },
    ],
  };
}

/**
 * RFC 7009 revocation, the refresh token first (it ends the grant), then the access token; or a
 * preset's grant API (GitHub, which needs the client secret). Without either, the note says so.
 */
export async function revoke(secret: OidcSecret, ctx: RevokeContext): Promise<RevokeOutcome> {
  const settings = ctx.node.settings as Settings;
  const preset = presetOf(settings.preset);
  if (preset?.noRevocation) return { revoked: false, why: preset.noRevocation };
  const p = await providerFor({ ...ctx, settings }, Date.now());
  const clientSecret = await storedClientSecret(ctx);
  if (preset?.revokeGrant) {
    if (!clientSecret)
      return {
        revoked: false,
        why: `revoking needs the client secret, which was not given: revoke authui's access in the browser (${p.as.issuer}/settings/applications); until then the token stays valid`,
      };
    const url = preset.revokeGrant(settings, settings.client_id);
    const fetch = p.options[p.oauth.customFetch] as Fetch;
    const response = await call(p.context, () =>
      fetch(url, {
        method: 'DELETE',
        headers: {
          authorization: `Basic ${Buffer.from(`${settings.client_id}:${clientSecret}`).toString('base64')}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ access_token: secret.accessToken }),
        signal: p.options.signal(),
      }),
    );
    if (response.status !== 204 && response.status !== 404)
      throw new AuthError('server_error', `${hostOf(url)} did not revoke the grant (HTTP ${response.status})`, {
        hint: 'Revoke authui in the browser under your account settings (Applications).',
        context: p.context,
      });
    return { revoked: true };
  }
  if (!p.as.revocation_endpoint)
    return {
      revoked: false,
      why: 'the provider has no revocation endpoint: its tokens stay valid until they expire',
    };
  const auth = clientAuth(p, clientSecret);
  const tokens: [string, string][] = [];
  if (secret.refreshToken) tokens.push([secret.refreshToken, 'refresh_token']);
  tokens.push([secret.accessToken, 'access_token']);
  for (const [token, hint] of tokens)
    await call(p.context, () =>
      p.oauth
        .revocationRequest(p.as, p.client, auth, token, {
          ...p.options,
          additionalParameters: { token_type_hint: hint },
        })
        .then((r) => p.oauth.processRevocationResponse(r)),
    );
  return { revoked: true };
}
