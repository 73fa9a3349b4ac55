// IAM Identity Center calls with the injected fetch (REST-JSON; no SDK needed): the SSO OIDC
// device flow and the portal's role credentials. Every failure becomes an AuthError with the
// endpoint in the context; tokens never appear in a message.
import { checkVerificationLinks, DEVICE_CODE_LIFE_MS, pollIntervalMs, signInCodeExpired } from '../../device-code.js';
import { AuthError, type AuthErrorContext } from '../../errors.js';
import { jsonObject, request, type HttpCall } from '../../http.js';
import type { FetchInit } from '../../http-message.js';
import { urlProblem } from '../../net.js';
import { secondsAfter } from '../../time-bounds.js';
import type { Env } from '../../paths.js';
import { endpointOverride } from './call.js';
import type { IssuedCredentials } from './sts.js';

export interface SsoEndpoints {
  oidc: string;
  portal: string;
}

/**
 * AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO, else AWS_ENDPOINT_URL (tests, the demo,
 * private endpoints; the SDK's order, call.ts), else AWS's.
 */
export function ssoEndpoints(region: string, env: Env): SsoEndpoints {
  const endpoints = {
    oidc: endpointOverride(env, 'SSO_OIDC') ?? `https://oidc.${region}.amazonaws.com`,
    portal: endpointOverride(env, 'SSO') ?? `https://portal.sso.${region}.amazonaws.com`,
  };
  for (const [name, url] of Object.entries(endpoints)) {
    const problem = urlProblem(url);
    if (problem)
      throw new AuthError('invalid_config', `The SSO ${name} endpoint ${url} ${problem}`, {
        hint: 'Fix AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL, or unset them.',
        context: { endpoint: url },
      });
  }
  return { oidc: endpoints.oidc.replace(/\/$/, ''), portal: endpoints.portal.replace(/\/$/, '') };
}

/** IAM Identity Center is called as every REST peer is (src/auth/http.ts). */
export type SsoCall = HttpCall;

type Reply = { status: number; body: Record<string, unknown>; errorType?: string };

/** The SSO OIDC API takes JSON bodies by POST. */
function postJson(opts: SsoCall, url: string, body: unknown): Promise<Reply> {
  return call(opts, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** One call; the answer's AWS error type (x-amzn-errortype) is kept for the 4xx the caller reads. */
async function call(opts: SsoCall, url: string, init: FetchInit): Promise<Reply> {
  const answer = await request(opts, url, init);
  const body = jsonObject(answer, url, opts.context, 'Try again; if it persists, check the SSO endpoints.');
  return { status: answer.status, body, errorType: answer.headers.get('x-amzn-errortype')?.split(':')[0] };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function missing(what: string, context: AuthErrorContext): AuthError {
  return new AuthError('server_error', `IAM Identity Center answered without ${what}`, {
    hint: 'Try again; if it persists, check the SSO endpoints.',
    context,
    retryable: true,
  });
}

export interface SsoClient {
  clientId: string;
  clientSecret: string;
  /** Epoch ms. */
  expiresAt: number;
}

export async function registerClient(opts: SsoCall, endpoints: SsoEndpoints): Promise<SsoClient> {
  const reply = await postJson(opts, `${endpoints.oidc}/client/register`, {
    clientName: 'authui',
    clientType: 'public',
    scopes: ['sso:account:access'],
  });
  const clientId = str(reply.body.clientId);
  const clientSecret = str(reply.body.clientSecret);
  if (reply.status !== 200 || !clientId || !clientSecret) throw missing('a client registration', opts.context);
  return { clientId, clientSecret, expiresAt: Number(reply.body.clientSecretExpiresAt ?? 0) * 1000 };
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: number;
  intervalMs: number;
}

export async function startDeviceAuthorization(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  client: SsoClient,
  startUrl: string,
  now: number,
): Promise<DeviceAuthorization> {
  const reply = await postJson(opts, `${endpoints.oidc}/device_authorization`, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    startUrl,
  });
  if (reply.status === 400 || reply.status === 401) throw oidcError(reply, opts.context);
  const deviceCode = str(reply.body.deviceCode);
  const userCode = str(reply.body.userCode);
  const verificationUri = str(reply.body.verificationUri);
  const verificationUriComplete = str(reply.body.verificationUriComplete);
  if (!deviceCode || !userCode || !verificationUri) throw missing('a device code', opts.context);
  checkVerificationLinks(
    'IAM Identity Center',
    [verificationUri, verificationUriComplete],
    'Check the SSO endpoints.',
    opts.context,
  );
  return {
    deviceCode,
    userCode,
    verificationUri,
    verificationUriComplete,
    expiresAt: secondsAfter(now, reply.body.expiresIn) ?? now + DEVICE_CODE_LIFE_MS,
    intervalMs: pollIntervalMs(reply.body.interval),
  };
}

function oidcError(reply: Reply, context: AuthErrorContext): AuthError {
  const error = str(reply.body.error) ?? str(reply.errorType) ?? 'unknown';
  if (error === 'invalid_client' || error === 'InvalidClientException')
    return new AuthError('token_expired', "IAM Identity Center no longer knows authui's client registration", {
      hint: 'Log in again; authui registers a new client.',
      context,
      recoverable: true,
    });
  return new AuthError('server_error', `IAM Identity Center refused the request (${error})`, {
    hint: 'Check the start URL and region of the provider.',
    context,
  });
}

export interface SsoToken {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** One CreateToken poll: a token, or "pending"/"slow_down" while the user has not approved yet. */
export async function pollToken(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  client: SsoClient,
  deviceCode: string,
  now: number,
): Promise<SsoToken | 'pending' | 'slow_down'> {
  const reply = await postJson(opts, `${endpoints.oidc}/token`, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    grantType: 'urn:ietf:params:oauth:grant-type:device_code',
    deviceCode,
  });
  if (reply.status === 200) return token(reply, now, opts.context);
  const error = str(reply.body.error) ?? reply.errorType;
  if (error === 'authorization_pending' || error === 'AuthorizationPendingException') return 'pending';
  if (error === 'slow_down' || error === 'SlowDownException') return 'slow_down';
  if (error === 'expired_token' || error === 'ExpiredTokenException') throw signInCodeExpired(opts.context);
  if (error === 'access_denied' || error === 'AccessDeniedException')
    throw new AuthError('access_denied', 'The sign-in request was denied in the browser', {
      hint: 'Log in again and choose Allow on the AWS access portal page.',
      context: opts.context,
      recoverable: true,
    });
  throw oidcError(reply, opts.context);
}

export async function refreshToken(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  client: SsoClient,
  refresh: string,
  now: number,
): Promise<SsoToken> {
  const reply = await postJson(opts, `${endpoints.oidc}/token`, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    grantType: 'refresh_token',
    refreshToken: refresh,
  });
  if (reply.status !== 200) {
    throw new AuthError('token_expired', 'IAM Identity Center did not renew the session', {
      explanation: `It answered ${str(reply.body.error) ?? reply.errorType ?? `HTTP ${reply.status}`}.`,
      hint: 'Log in again (a browser approval is needed).',
      context: opts.context,
      recoverable: true,
    });
  }
  return token(reply, now, opts.context);
}

function token(reply: Reply, now: number, context: AuthErrorContext): SsoToken {
  const accessToken = str(reply.body.accessToken);
  if (!accessToken) throw missing('an access token', context);
  return {
    accessToken,
    refreshToken: str(reply.body.refreshToken),
    expiresAt: secondsAfter(now, reply.body.expiresIn) ?? now + 3_600_000,
  };
}

async function portal(opts: SsoCall, endpoints: SsoEndpoints, accessToken: string, path: string): Promise<Reply> {
  const reply = await call(opts, `${endpoints.portal}${path}`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
  if (reply.status === 401 || reply.errorType === 'UnauthorizedException') {
    throw new AuthError('expired_token', 'The IAM Identity Center session has expired or was signed out', {
      hint: 'Log in to the provider again (browser approval).',
      context: opts.context,
      recoverable: true,
    });
  }
  return reply;
}

export async function getRoleCredentials(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  accessToken: string,
  accountId: string,
  roleName: string,
): Promise<IssuedCredentials> {
  const reply = await portal(
    opts,
    endpoints,
    accessToken,
    `/federation/credentials?role_name=${encodeURIComponent(roleName)}&account_id=${encodeURIComponent(accountId)}`,
  );
  if (reply.status === 403 || reply.errorType === 'ForbiddenException') {
    throw new AuthError(
      'access_denied',
      `Your IAM Identity Center user has no permission set "${roleName}" in account ${accountId}`,
      {
        hint: 'Ask an administrator to assign it, or check principal.name and principal.account in the configuration.',
        context: opts.context,
      },
    );
  }
  const creds = reply.body.roleCredentials as Record<string, unknown> | undefined;
  const accessKeyId = str(creds?.accessKeyId);
  const secretAccessKey = str(creds?.secretAccessKey);
  const expiration = Number(creds?.expiration);
  if (reply.status !== 200 || !accessKeyId || !secretAccessKey || !Number.isFinite(expiration))
    throw missing('role credentials', opts.context);
  return { accessKeyId, secretAccessKey, sessionToken: str(creds?.sessionToken), expiration: new Date(expiration) };
}

/** Every page of a portal list: `path` with max_result and next_token, the items under `key`. */
async function allPages<T>(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  accessToken: string,
  path: string,
  key: string,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  // A bound on pages, so a portal that never stops answering with a token cannot loop for ever.
  for (let pages = 0; pages < 1000; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const reply = await portal(
      opts,
      endpoints,
      accessToken,
      `${path}${separator}max_result=1000${next ? `&next_token=${encodeURIComponent(next)}` : ''}`,
    );
    items.push(...((reply.body[key] as T[] | undefined) ?? []));
    next = str(reply.body.nextToken);
    if (!next) return items;
  }
  throw new AuthError('server_error', 'The access portal kept answering with more pages', { context: opts.context });
}

/** The accounts assigned to the signed-in user (the access portal's account list, every page). */
export function listAccounts(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  accessToken: string,
): Promise<{ accountId?: string; accountName?: string }[]> {
  return allPages(opts, endpoints, accessToken, '/assignment/accounts', 'accountList');
}

/** The roles (permission sets) the signed-in user has in one account (every page). */
export function listAccountRoles(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  accessToken: string,
  accountId: string,
): Promise<{ roleName?: string }[]> {
  return allPages(
    opts,
    endpoints,
    accessToken,
    `/assignment/roles?account_id=${encodeURIComponent(accountId)}`,
    'roleList',
  );
}

export async function accountIdByName(
  opts: SsoCall,
  endpoints: SsoEndpoints,
  accessToken: string,
  name: string,
): Promise<string> {
  const list = await listAccounts(opts, endpoints, accessToken);
  const found = list.find((a) => a.accountName === name)?.accountId;
  if (!found)
    throw new AuthError('invalid_config', `No account named "${name}" is assigned to you in IAM Identity Center`, {
      hint: list.length
        ? `Assigned accounts: ${list.map((a) => a.accountName).join(', ')}.`
        : 'Use principal.account.id instead.',
      context: opts.context,
    });
  return found;
}
