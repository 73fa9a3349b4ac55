// oidc (provider): the OAuth 2.0 device authorization grant against any OpenID Provider, with
// oauth4webapi (loaded only when a login or renewal needs it). The session keeps the access
// token, the ID token (for AWS web identity) and the refresh token; renewal uses the refresh
// token without a browser. flow: pkce (a browser redirect to a loopback port) is not built yet.
import { signInCodeExpired, waitForApproval } from '../../device-code.js';
import { AuthError, type AuthErrorContext } from '../../errors.js';
import { hostOf, isLoopbackHost, networkTimeoutMs } from '../../net.js';
import {
  defineKind,
  type KindContext,
  type Session,
  type TestContext,
  type TestResult,
  type Yields,
} from '../types.js';
import type { Settings } from './schema.js';

type Context = KindContext<Settings>;

interface OidcSecret {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
}

function parseSecret(value: unknown): OidcSecret | undefined {
  const v = value as Record<string, unknown> | null;
  if (typeof v?.accessToken !== 'string') return undefined;
  const text = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  const idToken = text(v.idToken);
  const refreshToken = text(v.refreshToken);
  return { accessToken: v.accessToken, ...(idToken ? { idToken } : {}), ...(refreshToken ? { refreshToken } : {}) };
}

type OAuth = typeof import('oauth4webapi');
let oauthModule: Promise<OAuth> | undefined;
const loadOAuth = () => (oauthModule ??= import('oauth4webapi'));

interface Setup {
  oauth: OAuth;
  as: import('oauth4webapi').AuthorizationServer;
  client: import('oauth4webapi').Client;
  options: Record<symbol | string, unknown>;
  context: AuthErrorContext;
}

/** Discovery, with the injected fetch; plain http only for loopback issuers (tests). */
async function setup(ctx: Pick<Context, 'node' | 'settings' | 'fetch' | 'env'>): Promise<Setup> {
  const oauth = await loadOAuth();
  const issuer = new URL(ctx.settings.issuer);
  const context: AuthErrorContext = { provider: ctx.node.name, endpoint: issuer.origin };
  const options = {
    [oauth.customFetch]: ctx.fetch,
    ...(issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? { [oauth.allowInsecureRequests]: true } : {}),
    signal: () => AbortSignal.timeout(networkTimeoutMs(ctx.env)),
  };
  const as = await call(context, () =>
    oauth.discoveryRequest(issuer, options).then((r) => oauth.processDiscoveryResponse(issuer, r)),
  );
  return { oauth, as, client: { client_id: ctx.settings.client_id }, options, context };
}

/** Runs one protocol exchange; transport and protocol failures become AuthErrors with the endpoint. */
async function call<T>(context: AuthErrorContext, work: () => Promise<T>): Promise<T> {
  const oauth = await loadOAuth();
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof oauth.ResponseBodyError) throw error; // the caller decides (pending, denied…)
    const name = (error as { name?: string })?.name;
    if (name === 'TimeoutError')
      throw new AuthError('timeout', 'The identity provider did not answer in time', {
        hint: 'Check your network and the issuer URL.',
        context,
        retryable: true,
      });
    if (error instanceof TypeError && /fetch failed/i.test(error.message))
      throw new AuthError('network', 'Could not reach the identity provider', {
        explanation: (error.cause as Error | undefined)?.message,
        hint: 'Check your network and the issuer URL.',
        context,
        retryable: true,
      });
    const status = (error as { cause?: { status?: number } })?.cause?.status;
    if (status !== undefined && status >= 500)
      throw new AuthError('server_error', `The identity provider failed (HTTP ${status})`, {
        hint: 'Try again shortly.',
        context,
        retryable: true,
      });
    throw new AuthError(
      'server_error',
      `The identity provider answered unexpectedly: ${(error as Error)?.message ?? String(error)}`,
      { hint: 'Check the issuer URL and client_id.', context },
    );
  }
}

function session(
  ctx: Context,
  s: Setup,
  tokens: import('oauth4webapi').TokenEndpointResponse,
  previousRefresh?: string,
): Session<OidcSecret> {
  const claims = tokens.id_token ? s.oauth.getValidatedIdTokenClaims(tokens) : undefined;
  const expiresIn = tokens.expires_in ?? 3600;
  return {
    meta: {
      obtainedAt: new Date(ctx.clock.now()).toISOString(),
      expiresAt: new Date(ctx.clock.now() + expiresIn * 1000).toISOString(),
      subject: typeof claims?.email === 'string' ? claims.email : claims?.sub,
    },
    secret: parseSecret({
      accessToken: tokens.access_token,
      idToken: tokens.id_token,
      refreshToken: tokens.refresh_token ?? previousRefresh,
    }) as OidcSecret,
  };
}

async function authenticate(ctx: Context): Promise<Session<OidcSecret>> {
  if ((ctx.settings.flow ?? 'device') !== 'device') {
    throw new AuthError('not_implemented', `The ${ctx.settings.flow} flow of "${ctx.node.name}" is not built yet`, {
      hint: 'Use flow: device for now.',
      context: { provider: ctx.node.name },
    });
  }
  const s = await setup(ctx);
  const { oauth } = s;
  const scopes = ctx.settings.scopes ?? ['openid', 'offline_access'];
  const params = new URLSearchParams({ scope: scopes.join(' ') });
  if (ctx.settings.audience) params.set('audience', ctx.settings.audience);
  const device = await call(s.context, () =>
    oauth
      .deviceAuthorizationRequest(s.as, s.client, oauth.None(), params, s.options)
      .then((r) => oauth.processDeviceAuthorizationResponse(s.as, s.client, r)),
  );
  const prompt = {
    title: `OpenID Connect ${ctx.node.name}`,
    verificationUri: device.verification_uri_complete ?? device.verification_uri,
    userCode: device.user_code,
    expiresAt: ctx.clock.now() + device.expires_in * 1000,
  };
  const tokens = await waitForApproval(ctx, prompt, (device.interval ?? 5) * 1000, s.context, async () => {
    try {
      return await call(s.context, () =>
        oauth
          .deviceCodeGrantRequest(s.as, s.client, oauth.None(), device.device_code, s.options)
          .then((r) => oauth.processDeviceCodeResponse(s.as, s.client, r)),
      );
    } catch (error) {
      if (!(error instanceof oauth.ResponseBodyError)) throw error;
      if (error.error === 'authorization_pending' || error.error === 'slow_down')
        return error.error === 'slow_down' ? 'slow_down' : 'pending';
      if (error.error === 'access_denied')
        throw new AuthError('access_denied', 'The sign-in request was denied in the browser', {
          hint: 'Log in again and approve the request.',
          context: s.context,
          recoverable: true,
        });
      if (error.error === 'expired_token') throw signInCodeExpired(s.context);
      throw new AuthError('server_error', `The identity provider refused the sign-in (${error.error})`, {
        explanation: error.error_description,
        hint: 'Check client_id and the scopes.',
        context: s.context,
      });
    }
  });
  return session(ctx, s, tokens);
}

async function refresh(ctx: Context, current: Session<OidcSecret> | undefined): Promise<Session<OidcSecret>> {
  const refreshToken = current?.secret.refreshToken;
  if (!refreshToken)
    throw new AuthError('needs_interactive_login', `"${ctx.node.name}" needs a browser sign-in`, {
      hint: `Run "authui login ${ctx.node.name}" in a terminal.`,
      context: { provider: ctx.node.name },
    });
  const s = await setup(ctx);
  try {
    const tokens = await call(s.context, () =>
      s.oauth
        .refreshTokenGrantRequest(s.as, s.client, s.oauth.None(), refreshToken, s.options)
        .then((r) => s.oauth.processRefreshTokenResponse(s.as, s.client, r)),
    );
    return session(ctx, s, tokens, refreshToken);
  } catch (error) {
    if (error instanceof s.oauth.ResponseBodyError) {
      throw new AuthError('token_expired', 'The identity provider did not renew the session', {
        explanation: `It answered ${error.error}.`,
        hint: `Run "authui login ${ctx.node.name}" (a browser approval is needed).`,
        context: s.context,
        recoverable: true,
      });
    }
    throw error;
  }
}

/** Discovery, then userinfo with the access token: the provider answers and knows who this is. */
async function test(yields: Yields, ctx: TestContext): Promise<TestResult> {
  const s = await setup({ node: ctx.node, settings: ctx.node.settings as Settings, fetch: ctx.fetch, env: ctx.env });
  const facts = [{ key: 'issuer', label: 'Issuer', value: s.as.issuer }];
  if (!s.as.userinfo_endpoint)
    return { facts: [...facts, { key: 'userinfo', label: 'Userinfo', value: 'not offered' }] };
  const claims = await call(s.context, async () => {
    try {
      const response = await s.oauth.userInfoRequest(s.as, s.client, yields.accessToken as string, s.options);
      return await s.oauth.processUserInfoResponse(s.as, s.client, s.oauth.skipSubjectCheck, response);
    } catch (error) {
      // 401 with a WWW-Authenticate challenge, or an error body: the token is not accepted.
      if (error instanceof s.oauth.WWWAuthenticateChallengeError || error instanceof s.oauth.ResponseBodyError)
        throw new AuthError('token_expired', 'The identity provider refused the access token', {
          hint: `Run "authui login ${ctx.node.name}".`,
          context: s.context,
        });
      throw error;
    }
  });
  const who = typeof claims.email === 'string' ? claims.email : claims.sub;
  return { facts: [...facts, { key: 'subject', label: 'Subject', value: who }] };
}

export const oidc = defineKind<Settings, OidcSecret>({
  kind: 'oidc',
  role: 'provider',
  label: 'OIDC',
  schema: async () => (await import('./schema.js')).schema,
  provides: ['idToken', 'accessToken'],
  parseSecret,
  yields: (secret) => ({ accessToken: secret.accessToken, idToken: secret.idToken }),
  renewable: (secret) => secret.refreshToken !== undefined,
  reenterable: false,
  describe: (settings) => ({ subject: hostOf(settings.issuer) }),
  test,
  authenticate,
  refresh,
});
