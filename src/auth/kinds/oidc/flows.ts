// The grants: authorization code + PKCE on a loopback redirect, device authorization (RFC 8628),
// client credentials, and refresh. Each returns the token response with the ID token's claims
// validated (issuer, audience, expiry, nonce, and the signature against the provider's JWKS);
// an ID token that cannot be validated is not trusted for anything.
import { hasDisplay } from '../../display.js';
import {
  checkVerificationLinks,
  DEVICE_CODE_LIFE_MS,
  pollIntervalMs,
  signInCodeExpired,
  waitForApproval,
} from '../../device-code.js';
import { secondsAfter, timeoutFromEnv } from '../../time-bounds.js';
import { hostOf } from '../../net.js';
import { AuthError } from '../../errors.js';
import type { Env } from '../../paths.js';
import type { KindContext } from '../../kind.js';
import { withNonceRetry } from './dpop.js';
import { listenOnLoopback } from './loopback.js';
import { call, fromOAuthError, oauthErrorOf, type Provider } from './server.js';
import type { Settings } from './schema.js';
import { shellWord } from '../../names.js';

type TokenResponse = import('oauth4webapi').TokenEndpointResponse;
type ClientAuth = import('oauth4webapi').ClientAuth;
type DPoPHandle = import('oauth4webapi').DPoPHandle;

export interface Grant {
  tokens: TokenResponse;
  /** The ID token's claims, validated; undefined when there is none (or no JWKS to check it against). */
  claims?: Record<string, unknown>;
}

/** A device poll that is not an answer yet (RFC 8628 §3.5). */
class StillWaiting {
  constructor(readonly outcome: 'pending' | 'slow_down') {}
}

export type Flow = 'device' | 'pkce' | 'client_credentials';

const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

function signInTimeoutMs(env: Env): number {
  return timeoutFromEnv(env.AUTHUI_SIGN_IN_TIMEOUT_MS, SIGN_IN_TIMEOUT_MS);
}

/** The flow a login runs: the configured one, or for `auto` what the provider and the machine allow. */
export function chooseFlow(p: Provider, env: Env): Flow {
  const flow = p.settings.flow ?? 'auto';
  if (flow !== 'auto') return flow;
  if (!p.as.authorization_endpoint) return 'device';
  if (!p.as.device_authorization_endpoint) return 'pkce';
  return hasDisplay(env) ? (p.preset?.browserFlow ?? 'pkce') : 'device';
}

/** `scopes`, else the preset's, else `openid offline_access` for OIDC and nothing for plain OAuth. */
function scopesOf(p: Provider): string[] {
  const settings: Settings = p.settings;
  if (settings.scopes) return settings.scopes;
  if (p.preset) return p.preset.scopes;
  return p.as.jwks_uri || settings.issuer ? ['openid', 'offline_access'] : [];
}

function baseParams(p: Provider): URLSearchParams {
  const params = new URLSearchParams();
  const scopes = scopesOf(p);
  if (scopes.length) params.set('scope', scopes.join(' '));
  if (p.settings.audience) params.set('audience', p.settings.audience);
  return params;
}

/** Validates the ID token's signature when there is one; returns its (already checked) claims. */
async function idClaims(
  p: Provider,
  tokens: TokenResponse,
  response: Response,
): Promise<Record<string, unknown> | undefined> {
  if (!tokens.id_token) return undefined;
  if (!p.as.jwks_uri) return undefined;
  await call(p.context, () => p.oauth.validateApplicationLevelSignature(p.as, response, p.options)).catch((error) => {
    throw new AuthError('server_error', 'The ID token failed validation', {
      explanation: error instanceof AuthError ? (error.explanation ?? error.message) : String(error),
      hint: 'Check the issuer in the configuration; if it is right, the provider or the network is misbehaving.',
      context: p.context,
    });
  });
  return p.oauth.getValidatedIdTokenClaims(tokens) as Record<string, unknown> | undefined;
}

/** One token-endpoint exchange: DPoP nonce retry, OAuth errors as AuthErrors, the ID token validated. */
async function exchange(
  p: Provider,
  send: () => Promise<Response>,
  process: (response: Response) => Promise<TokenResponse>,
  dpop: DPoPHandle | undefined,
): Promise<Grant> {
  let response!: Response;
  const tokens = await call(p.context, () =>
    withNonceRetry(p, async () => {
      response = await send();
      return process(response);
    }),
  ).catch((error: unknown) => {
    const failure = oauthErrorOf(p.oauth, error);
    if (failure?.error === 'authorization_pending') throw new StillWaiting('pending');
    if (failure?.error === 'slow_down') throw new StillWaiting('slow_down');
    if (failure?.error === 'expired_token') throw signInCodeExpired(p.context);
    throw failure ? fromOAuthError(p, failure) : error;
  });
  if (dpop === undefined && tokens.token_type.toLowerCase() === 'dpop')
    throw new AuthError('server_error', 'The provider bound the token to a key authui did not offer', {
      hint: 'Set dpop: auto for this provider.',
      context: p.context,
    });
  return { tokens, claims: await idClaims(p, tokens, response) };
}

export async function deviceGrant(
  ctx: KindContext<Settings>,
  p: Provider,
  auth: ClientAuth,
  dpop: DPoPHandle | undefined,
): Promise<Grant> {
  const { oauth } = p;
  if (!p.as.device_authorization_endpoint)
    throw new AuthError('invalid_config', `"${p.node.name}" has no device authorization endpoint`, {
      hint: 'Use flow: pkce, or set device_authorization_endpoint.',
      context: p.context,
    });
  const device = await call(p.context, () =>
    oauth
      .deviceAuthorizationRequest(p.as, p.client, auth, baseParams(p), p.options)
      .then((r) => oauth.processDeviceAuthorizationResponse(p.as, p.client, r)),
  ).catch((error: unknown) => {
    const failure = oauthErrorOf(oauth, error);
    throw failure ? fromOAuthError(p, failure) : error;
  });
  checkVerificationLinks(
    hostOf(p.as.issuer) ?? p.as.issuer,
    [device.verification_uri, device.verification_uri_complete],
    'Check the issuer in the configuration.',
    p.context,
  );
  const prompt = {
    title: `${p.preset?.label ?? 'OpenID Connect'} ${p.node.name}`,
    verificationUri: device.verification_uri_complete ?? device.verification_uri,
    userCode: device.user_code,
    expiresAt: secondsAfter(ctx.clock.now(), device.expires_in) ?? ctx.clock.now() + DEVICE_CODE_LIFE_MS,
  };
  return waitForApproval(ctx, prompt, pollIntervalMs(device.interval), p.context, async () => {
    try {
      return await exchange(
        p,
        () => oauth.deviceCodeGrantRequest(p.as, p.client, auth, device.device_code, { ...p.options, DPoP: dpop }),
        (r) => oauth.processDeviceCodeResponse(p.as, p.client, r),
        dpop,
      );
    } catch (error) {
      if (error instanceof StillWaiting) return error.outcome;
      throw error;
    }
  });
}

export async function browserGrant(
  ctx: KindContext<Settings>,
  p: Provider,
  auth: ClientAuth,
  dpop: DPoPHandle | undefined,
): Promise<Grant> {
  const { oauth, settings } = p;
  if (!p.as.authorization_endpoint)
    throw new AuthError('invalid_config', `"${p.node.name}" has no authorization endpoint`, {
      hint: 'Use flow: device, or set authorization_endpoint.',
      context: p.context,
    });
  const state = oauth.generateRandomState();
  const listener = await listenOnLoopback({
    host: settings.loopback_host ?? p.preset?.loopbackHost ?? '127.0.0.1',
    port: settings.redirect_port,
    path: settings.redirect_path ?? '/callback',
    state,
    context: p.context,
  });
  let wait: { signal: AbortSignal; close(): void } | undefined;
  try {
    const scopes = scopesOf(p);
    const nonce = scopes.includes('openid') ? oauth.generateRandomNonce() : undefined;
    const pkce = settings.pkce !== false;
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(p.as.authorization_endpoint);
    const query = url.searchParams;
    query.set('client_id', settings.client_id);
    query.set('redirect_uri', listener.redirectUri);
    query.set('response_type', 'code');
    query.set('state', state);
    for (const [key, value] of baseParams(p)) query.set(key, value);
    if (nonce) query.set('nonce', nonce);
    if (pkce) {
      query.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
      query.set('code_challenge_method', 'S256');
    }
    if (dpop) query.set('dpop_jkt', await dpop.calculateThumbprint());
    for (const [key, value] of Object.entries(p.preset?.params ?? {})) query.set(key, value);
    if (settings.domain && p.preset?.domainParam) query.set(p.preset.domainParam, settings.domain);
    for (const [key, value] of Object.entries(settings.params ?? {})) query.set(key, value);
    const timeout = signInTimeoutMs(ctx.env);
    wait = ctx.prompter.showDeviceCode({
      title: `${p.preset?.label ?? 'OpenID Connect'} ${p.node.name}`,
      verificationUri: url.href,
      expiresAt: ctx.clock.now() + timeout,
    });
    const answer = await listener.next(wait.signal, timeout);
    let params: URLSearchParams;
    try {
      params = oauth.validateAuthResponse(templateIssuerChecked(p, answer), p.client, answer, state);
    } catch (error) {
      const failure = oauthErrorOf(oauth, error);
      const refused = failure
        ? fromOAuthError(p, failure, url.href)
        : new AuthError('access_denied', 'The browser answered a different sign-in', {
            // A wrong state or issuer: an answer this login did not ask for (or a mix-up attack).
            explanation: (error as Error).message,
            hint: `Run "authui login ${shellWord(p.node.name)}" again and finish it in the same browser.`,
            context: p.context,
            recoverable: true,
          });
      listener.finish({ ok: false, reason: refused.message + '.' });
      throw refused;
    }
    try {
      const grant = await exchange(
        p,
        () =>
          oauth.authorizationCodeGrantRequest(
            p.as,
            p.client,
            auth,
            params,
            listener.redirectUri,
            pkce ? verifier : oauth.nopkce,
            { ...p.options, DPoP: dpop },
          ),
        (r) =>
          oauth.processAuthorizationCodeResponse(p.as, p.client, r, {
            expectedNonce: nonce ?? oauth.expectNoNonce,
            requireIdToken: nonce !== undefined && p.as.jwks_uri !== undefined,
          }),
        dpop,
      );
      listener.finish({ ok: true });
      return grant;
    } catch (error) {
      const failed =
        error instanceof AuthError && error.code === 'token_expired'
          ? new AuthError('expired_token', 'The sign-in code expired or was already used', {
              hint: `Run "authui login ${shellWord(p.node.name)}" again.`,
              context: p.context,
              recoverable: true,
            })
          : error;
      listener.finish({ ok: false, reason: (failed as Error).message + '.' });
      throw failed;
    }
  } finally {
    wait?.close();
    listener.close();
  }
}

/**
 * With a template issuer (Entra's "…/{tenantid}/v2.0") the `iss` response parameter names the
 * user's own tenant: it must fit the template, and the ID token's issuer is then checked
 * against its `tid` (server.ts). Returns the metadata to validate the rest of the answer with.
 */
function templateIssuerChecked(p: Provider, answer: URLSearchParams): import('oauth4webapi').AuthorizationServer {
  if (!p.preset?.issuerTemplate?.(p.settings)) return p.as;
  const iss = answer.get('iss');
  const pattern = new RegExp(
    `^${String(p.as.issuer)
      .split('{tenantid}')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\w.-]+')}$`,
  );
  if (iss !== null && !pattern.test(iss)) return p.as; // validateAuthResponse reports the mismatch
  answer.delete('iss');
  return { ...p.as, authorization_response_iss_parameter_supported: false };
}

export async function clientCredentialsGrant(
  p: Provider,
  auth: ClientAuth,
  dpop: DPoPHandle | undefined,
): Promise<Grant> {
  const { oauth } = p;
  return exchange(
    p,
    () => oauth.clientCredentialsGrantRequest(p.as, p.client, auth, baseParams(p), { ...p.options, DPoP: dpop }),
    (r) => oauth.processClientCredentialsResponse(p.as, p.client, r),
    dpop,
  );
}

export async function refreshGrant(
  p: Provider,
  auth: ClientAuth,
  dpop: DPoPHandle | undefined,
  refreshToken: string,
): Promise<Grant> {
  const { oauth } = p;
  return exchange(
    p,
    () => oauth.refreshTokenGrantRequest(p.as, p.client, auth, refreshToken, { ...p.options, DPoP: dpop }),
    (r) => oauth.processRefreshTokenResponse(p.as, p.client, r),
    dpop,
  );
}
