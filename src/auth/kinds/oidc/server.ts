// The provider as oauth4webapi sees it: its metadata (a preset's endpoints, endpoints given by
// hand, or discovery cached on disk for a day), the client and how it authenticates, the fetch
// it talks through, and one mapping from every OAuth failure to an AuthError with a hint that
// never quotes a token. oauth4webapi itself is loaded only when a login, renewal or test runs.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AuthError, retryAfterMs, type AuthErrorContext } from '../../errors.js';
import { ensurePrivateDir, readOwnJson, writeFileAtomic } from '../../fs-atomic.js';
import { isLoopbackHost, networkTimeoutMs } from '../../net.js';
import type { AuthuiPaths, Env } from '../../paths.js';
import type { NodeConfig } from '../../config/types.js';
import { Response, type Fetch, type HttpAnswer } from '../../http-message.js';
import { issuerOf, manualEndpoints, originOf } from './endpoints.js';
import { presetOf, type Endpoints, type Preset } from './presets.js';
import type { Settings } from './schema.js';
import { shellWord } from '../../names.js';

type OAuth = typeof import('oauth4webapi');
let oauthModule: Promise<OAuth> | undefined;
const loadOAuth = () => (oauthModule ??= import('oauth4webapi'));

export interface Provider {
  oauth: OAuth;
  as: import('oauth4webapi').AuthorizationServer;
  client: import('oauth4webapi').Client;
  settings: Settings;
  preset: Preset | undefined;
  /** Options every oauth4webapi call takes: our fetch, loopback http for tests, a timeout. */
  options: {
    [key: symbol]: unknown;
    signal: () => AbortSignal;
  };
  context: AuthErrorContext;
  node: NodeConfig;
  env: Env;
}

interface Where {
  node: NodeConfig;
  settings: Settings;
  fetch: Fetch;
  env: Env;
  paths: Readonly<AuthuiPaths>;
}

const DISCOVERY_TTL_MS = 24 * 3600_000;

/**
 * Two hooks oauth4webapi exports for multi-tenant issuers (openid-client uses them for Entra ID)
 * but leaves out of its types: skip the discovery issuer check, and compute the expected ID token
 * issuer per token. Checked at run time so an upgrade that drops them fails loudly here.
 */
function internals(oauth: OAuth): { noDiscoveryCheck: symbol; expectedIssuer: symbol } {
  const hooks = oauth as unknown as { _nodiscoverycheck?: unknown; _expectedIssuer?: unknown };
  if (typeof hooks._nodiscoverycheck !== 'symbol' || typeof hooks._expectedIssuer !== 'symbol')
    throw new Error('oauth4webapi no longer exports its multi-tenant issuer hooks');
  return { noDiscoveryCheck: hooks._nodiscoverycheck, expectedIssuer: hooks._expectedIssuer };
}

function allowHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

/**
 * Our fetch, adapted to providers that answer token-endpoint errors with HTTP 200 and an
 * `error` body (GitHub): such an answer becomes a 400, which is how OAuth clients read errors.
 */
function fetchFor(preset: Preset | undefined, fetch: Fetch): Fetch {
  if (!preset?.errorsWithStatus200) return fetch;
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    const text = await response.text();
    let error: unknown;
    try {
      error = (JSON.parse(text) as { error?: unknown }).error;
    } catch {
      error = undefined;
    }
    return new Response(text, { status: typeof error === 'string' ? 400 : 200, headers: response.headers });
  };
}

/** The answer an oauth4webapi error carries: ours, or Node's in tests (both tagged "Response"). */
function answerIn(error: unknown): HttpAnswer | undefined {
  const cause = (error as { cause?: unknown })?.cause;
  return Object.prototype.toString.call(cause) === '[object Response]' ? (cause as HttpAnswer) : undefined;
}

function cacheFile(paths: Readonly<AuthuiPaths>, issuer: string): string {
  const digest = createHash('sha256').update(issuer).digest('hex').slice(0, 32);
  return join(paths.discoveryCache, `${digest}.json`);
}

/**
 * The cached discovery metadata for `issuer`: it names the endpoints secrets are sent to, so only
 * a file of the user's own counts (readOwnJson), as the configuration's cache entry.
 */
function readCache(file: string, issuer: string): { fetchedAt: number; metadata: Record<string, unknown> } | undefined {
  const cached = readOwnJson(file) as { issuer?: unknown; fetchedAt?: unknown; metadata?: unknown } | undefined;
  if (
    cached?.issuer !== issuer ||
    typeof cached.fetchedAt !== 'number' ||
    typeof cached.metadata !== 'object' ||
    cached.metadata === null
  )
    return undefined;
  return { fetchedAt: cached.fetchedAt, metadata: cached.metadata as Record<string, unknown> };
}

/** Discovery metadata, from the day-old cache or the network; a stale cache stands in when the network fails. */
async function discover(
  oauth: OAuth,
  issuer: string,
  preset: Preset | undefined,
  settings: Settings,
  paths: Readonly<AuthuiPaths>,
  options: Provider['options'],
  context: AuthErrorContext,
  now: number,
): Promise<import('oauth4webapi').AuthorizationServer> {
  const file = cacheFile(paths, issuer);
  const cached = readCache(file, issuer);
  if (cached && now - cached.fetchedAt < DISCOVERY_TTL_MS) return cached.metadata as never;
  const url = new URL(issuer);
  // Entra's multi-tenant documents name a template issuer ("…/{tenantid}/v2.0"), checked per ID token.
  const expected = preset?.issuerTemplate?.(settings) ? internals(oauth).noDiscoveryCheck : url;
  try {
    const as = await call(context, () =>
      oauth.discoveryRequest(url, options).then((r) => oauth.processDiscoveryResponse(expected as URL, r)),
    );
    try {
      ensurePrivateDir(paths.discoveryCache);
      writeFileAtomic(file, JSON.stringify({ issuer, fetchedAt: now, metadata: as }));
    } catch {
      // A cache that cannot be written only costs the next call a request.
    }
    return as;
  } catch (error) {
    if (cached && error instanceof AuthError && error.retryable) return cached.metadata as never;
    if (error instanceof AuthError && error.code === 'server_error' && !error.retryable)
      throw new AuthError('invalid_config', `The discovery document at ${issuer} is not usable`, {
        explanation: error.explanation ?? error.message,
        hint: 'Check "issuer" in the configuration (it must match the document\'s "issuer" exactly).',
        context,
      });
    throw error;
  }
}

export async function providerFor(where: Where, now: number): Promise<Provider> {
  const oauth = await loadOAuth();
  const { settings, node } = where;
  const preset = presetOf(settings.preset);
  const manual = manualEndpoints(settings, preset);
  const issuer = issuerOf(settings);
  const context: AuthErrorContext = { provider: node.name, endpoint: originOf(settings) };
  const insecure = allowHttp(issuer ?? (manual as Endpoints).token_endpoint);
  const options: Provider['options'] = {
    [oauth.customFetch]: fetchFor(preset, where.fetch),
    ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
    signal: () => AbortSignal.timeout(networkTimeoutMs(where.env)),
  };
  const as = manual
    ? { issuer: new URL(manual.token_endpoint).origin, ...stripUndefined(manual) }
    : await discover(oauth, issuer as string, preset, settings, where.paths, options, context, now);
  if (preset?.issuerTemplate?.(settings)) {
    // The ID token's issuer names its tenant: fill the template from its `tid` claim.
    (as as unknown as Record<symbol, unknown>)[internals(oauth).expectedIssuer] = (result: {
      claims: Record<string, unknown>;
    }) => String(as.issuer).replace('{tenantid}', String(result.claims.tid));
  }
  return {
    oauth,
    as,
    client: { client_id: settings.client_id },
    settings,
    preset,
    options,
    context,
    node,
    env: where.env,
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** How this client authenticates at the token endpoint, given the secret it has (if any). */
export function clientAuth(p: Provider, secret: string | undefined): import('oauth4webapi').ClientAuth {
  if (secret === undefined || secret === '') return p.oauth.None();
  const methods = p.as.token_endpoint_auth_methods_supported;
  if (methods === undefined && p.preset?.secretIn === 'body') return p.oauth.ClientSecretPost(secret);
  return methods === undefined || methods.includes('client_secret_basic')
    ? p.oauth.ClientSecretBasic(secret)
    : p.oauth.ClientSecretPost(secret);
}

/** The OAuth error a failed exchange carried, when it carried one. */
export function oauthErrorOf(oauth: OAuth, error: unknown): { error: string; description?: string } | undefined {
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.AuthorizationResponseError)
    return { error: error.error, description: error.error_description };
  // A 401 with a challenge (a client that failed to authenticate, a refused bearer token).
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const parameters = error.cause[0]?.parameters;
    return { error: parameters?.error ?? 'invalid_client', description: parameters?.error_description };
  }
  return undefined;
}

/**
 * An OAuth error response as an AuthError. `login` is the command that fixes what only the user
 * can fix; `url` is where to give consent when the provider asks for it.
 */
export function fromOAuthError(p: Provider, failure: { error: string; description?: string }, url?: string): AuthError {
  const login = `authui login ${shellWord(p.node.name)}`;
  const init = { explanation: failure.description, context: p.context };
  switch (failure.error) {
    case 'access_denied':
      return new AuthError('access_denied', 'The sign-in was denied', {
        ...init,
        hint: `Log in again with "${login}" and approve the request.`,
        recoverable: true,
      });
    case 'consent_required':
    case 'interaction_required':
    case 'login_required':
    case 'account_selection_required':
      return new AuthError('consent_required', `The identity provider needs you in the browser (${failure.error})`, {
        ...init,
        hint: [
          url ? `Visit ${url} to give consent, then run "${login}".` : `Run "${login}" in a terminal.`,
          p.preset?.consentHint?.(p.settings),
        ]
          .filter(Boolean)
          .join(' '),
      });
    case 'invalid_grant':
      return new AuthError('token_expired', 'Session expired. Please log in again.', {
        ...init,
        hint: `Run "${login}".`,
        recoverable: true,
      });
    case 'invalid_client':
    case 'unauthorized_client':
      return new AuthError(
        'invalid_credentials',
        `The identity provider did not accept the client (${failure.error})`,
        {
          ...init,
          hint: 'Check client_id (and the client secret, which is asked for at login) with the provider.',
          recoverable: true,
        },
      );
    case 'temporarily_unavailable':
    case 'server_error':
      return new AuthError('server_error', `The identity provider failed (${failure.error})`, {
        ...init,
        hint: 'Try again shortly.',
        retryable: true,
      });
    default:
      return new AuthError('server_error', `The identity provider refused the request (${failure.error})`, {
        ...init,
        hint: 'Check client_id, the scopes and the flow in the configuration.',
      });
  }
}

/** Runs one protocol exchange; transport and protocol failures become AuthErrors with the endpoint. */
export async function call<T>(context: AuthErrorContext, work: () => Promise<T>): Promise<T> {
  const oauth = await loadOAuth();
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError) throw error;
    // The caller decides what an OAuth error means here (pending, denied, expired…).
    if (
      error instanceof oauth.ResponseBodyError ||
      error instanceof oauth.AuthorizationResponseError ||
      error instanceof oauth.WWWAuthenticateChallengeError
    )
      throw error;
    const name = (error as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
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
    const response = answerIn(error);
    const status = response?.status;
    if (status === 429)
      throw new AuthError('rate_limited', 'The identity provider is limiting requests', {
        hint: 'Wait a moment and try again.',
        context,
        retryable: true,
        retryAfterMs: retryAfterMs(response?.headers.get('retry-after') ?? null, Date.now()),
      });
    if (status !== undefined && status >= 500)
      throw new AuthError('server_error', `The identity provider failed (HTTP ${status})`, {
        hint: 'Try again shortly.',
        context,
        retryable: true,
        retryAfterMs: retryAfterMs(response?.headers.get('retry-after') ?? null, Date.now()),
      });
    // A body cut short (or a proxy's page where JSON belongs) is the network's fault, not the config's.
    if ((error as { code?: string })?.code === oauth.PARSE_ERROR && /"response" body/.test((error as Error).message))
      throw new AuthError('server_error', 'The identity provider answered with something that is not JSON', {
        hint: 'Try again shortly; if it persists, check the issuer URL.',
        context,
        retryable: true,
      });
    throw new AuthError('server_error', 'The identity provider answered unexpectedly', {
      explanation: (error as Error)?.message ?? String(error),
      hint: 'Check the issuer (or endpoints) and client_id in the configuration.',
      context,
    });
  }
}
