// token-service (provider): a username and password exchanged for an access token and a rotating
// refresh token (the JSON contract in the README, "Token services"). The password is asked for,
// sent once and forgotten; the store keeps the two tokens and their expiries. Renewal spends the
// refresh token, which the server then refuses to take again: the engine's lock makes sure only
// one process spends it.
import { parseDuration } from '../../duration.js';
import { AuthError, type AuthErrorContext } from '../../errors.js';
import { postJson, type HttpCall, type JsonReply } from '../../http.js';
import { jwtExpiry } from '../../jwt.js';
import { hostOf, urlOrigin } from '../../net.js';
import type { CredentialPromptSpec } from '../../prompter.js';
import { defineKind, type KindContext, type Session, type TestContext } from '../../kind.js';
import type { Yields } from '../../credential-types.js';
import type { Settings } from './schema.js';
import { isoTime } from '../../iso-time.js';
import { shellWord } from '../../names.js';

type Context = KindContext<Settings>;

const DEFAULT_PATHS = { token: '/api/v1/token/', refresh: '/api/v1/token/refresh/', ws_token: '/api/v1/ws-token/' };
const DEFAULT_ACCESS_TTL_S = 15 * 60;
const REFRESH_TTL_MS = 7 * 24 * 3600 * 1000;
const LOGIN_ATTEMPTS = 3;

interface TokenSecret {
  access: string;
  refresh: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

function parseSecret(value: unknown): TokenSecret | undefined {
  const v = value as Record<string, unknown> | null;
  const text = (x: unknown) => typeof x === 'string' && x !== '';
  const time = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (!text(v?.access) || !text(v?.refresh) || !time(v?.accessExpiresAt) || !time(v?.refreshExpiresAt))
    return undefined;
  const { access, refresh, accessExpiresAt, refreshExpiresAt } = v as unknown as TokenSecret;
  return { access, refresh, accessExpiresAt, refreshExpiresAt };
}

function endpoint(settings: Settings, which: keyof typeof DEFAULT_PATHS): string {
  return new URL(settings.paths?.[which] ?? DEFAULT_PATHS[which], settings.base_url).toString();
}

function httpCall(node: { name: string }, settings: Settings, ctx: Pick<Context, 'fetch' | 'env' | 'clock'>): HttpCall {
  return { fetch: ctx.fetch, env: ctx.env, context: contextOf(node, settings), now: () => ctx.clock.now() };
}

function contextOf(node: { name: string }, settings: Settings): AuthErrorContext {
  return { provider: node.name, endpoint: new URL(settings.base_url).origin };
}

/** The server's own words (`detail`), when they are short and repeat nothing we sent. */
function detailOf(reply: JsonReply, sent: readonly string[]): string | undefined {
  const detail = reply.body.detail;
  if (typeof detail !== 'string' || detail.length > 200 || sent.some((s) => s !== '' && detail.includes(s)))
    return undefined;
  return detail;
}

function unexpected(reply: JsonReply, host: string, context: AuthErrorContext, what: string): AuthError {
  return new AuthError('server_error', `${host} answered the ${what} with HTTP ${reply.status}`, {
    hint: 'Check base_url and paths in the configuration.',
    context,
  });
}

/** A token pair from a 200 answer; the expiries come from the tokens, else the defaults. */
function session(ctx: Context, reply: JsonReply, username: string): Session<TokenSecret> {
  const { access, refresh } = reply.body;
  const host = hostOf(ctx.settings.base_url) as string;
  if (typeof access !== 'string' || access === '' || typeof refresh !== 'string' || refresh === '')
    throw new AuthError('server_error', `${host} answered without an access and a refresh token`, {
      hint: 'Check base_url and paths: the token endpoint should answer {"access": …, "refresh": …}.',
      context: contextOf(ctx.node, ctx.settings),
      retryable: true,
    });
  const now = ctx.clock.now();
  const ttl = ctx.settings.access_ttl === undefined ? DEFAULT_ACCESS_TTL_S : parseDuration(ctx.settings.access_ttl);
  // On our clock, whatever the server's says (a laptop minutes off must neither renew in a loop
  // nor show a dead token as valid).
  const accessExpiresAt = jwtExpiry(access, now, reply.serverSkewMs) ?? now + (ttl ?? DEFAULT_ACCESS_TTL_S) * 1000;
  const refreshExpiresAt = jwtExpiry(refresh, now, reply.serverSkewMs) ?? now + REFRESH_TTL_MS;
  return {
    meta: {
      obtainedAt: isoTime(now),
      expiresAt: isoTime(accessExpiresAt),
      renewableUntil: isoTime(refreshExpiresAt),
      subject: username,
      server: host,
    },
    secret: { access, refresh, accessExpiresAt, refreshExpiresAt },
  };
}

function credentialsSpec(ctx: Context, username: string | undefined, rejected: boolean): CredentialPromptSpec {
  const host = hostOf(ctx.settings.base_url);
  return {
    title: `Sign in to ${ctx.node.name} (${host})`,
    description: rejected
      ? 'That username or password was rejected. Try again.'
      : 'The password is sent to the server once and never stored.',
    fields: [
      { name: 'username', title: 'Username', required: true, secret: false, kind: 'text', default: username },
      { name: 'password', title: 'Password', required: true, secret: true, kind: 'secret' },
    ],
  };
}

async function authenticate(ctx: Context): Promise<Session<TokenSecret>> {
  const call = httpCall(ctx.node, ctx.settings, ctx);
  const host = hostOf(ctx.settings.base_url) as string;
  let username = ctx.settings.username;
  for (let attempt = 1; ; attempt++) {
    const answers = await ctx.prompter.ask(credentialsSpec(ctx, username, attempt > 1));
    username = (answers.username ?? '').trim();
    const password = answers.password ?? '';
    const reply = await postJson(call, endpoint(ctx.settings, 'token'), { username, password });
    if (reply.status === 200) return session(ctx, reply, username);
    if (reply.status === 400 || reply.status === 401 || reply.status === 403) {
      if (attempt < LOGIN_ATTEMPTS) continue;
      throw new AuthError('invalid_credentials', 'Invalid username or password', {
        explanation: detailOf(reply, [password, username]),
        hint: `Check them and run "authui login ${shellWord(ctx.node.name)}" again.`,
        context: call.context,
        recoverable: true,
      });
    }
    throw unexpected(reply, host, call.context, 'sign-in');
  }
}

async function refresh(ctx: Context, current: Session<TokenSecret> | undefined): Promise<Session<TokenSecret>> {
  const call = httpCall(ctx.node, ctx.settings, ctx);
  const secret = current?.secret;
  if (!secret || secret.refreshExpiresAt <= ctx.clock.now())
    throw new AuthError('token_expired', 'Session expired. Please log in again.', {
      explanation: secret ? 'The refresh token has expired.' : 'There is no session to renew.',
      hint: `Run "authui login ${shellWord(ctx.node.name)}".`,
      context: call.context,
    });
  const reply = await postJson(call, endpoint(ctx.settings, 'refresh'), { refresh: secret.refresh });
  if (reply.status === 200) return session(ctx, reply, current.meta.subject ?? ctx.settings.username ?? '');
  if (reply.status === 400 || reply.status === 401 || reply.status === 403)
    throw new AuthError('token_expired', 'Session expired. Please log in again.', {
      explanation: `The server refused the refresh token (HTTP ${reply.status}).`,
      hint: `Run "authui login ${shellWord(ctx.node.name)}".`,
      context: call.context,
    });
  throw unexpected(reply, hostOf(ctx.settings.base_url) as string, call.context, 'renewal');
}

/** A short-lived WebSocket token (never stored); a rejected access token is `token_expired`. */
async function wsToken(yields: Yields, ctx: TestContext): Promise<string> {
  const settings = ctx.node.settings as Settings;
  const call: HttpCall = { fetch: ctx.fetch, env: ctx.env, context: contextOf(ctx.node, settings), now: Date.now };
  const reply = await postJson(
    call,
    endpoint(settings, 'ws_token'),
    {},
    { authorization: `Bearer ${yields.accessToken}` },
  );
  if (reply.status === 401 || reply.status === 403)
    throw new AuthError('token_expired', 'The server refused the access token', {
      hint: `Run "authui login ${shellWord(ctx.node.name)}".`,
      context: call.context,
    });
  if (reply.status !== 200 && reply.status !== 201)
    throw unexpected(reply, hostOf(settings.base_url) as string, call.context, 'ws-token request');
  const token = reply.body.ws_token;
  if (typeof token !== 'string' || token === '')
    throw new AuthError('server_error', `${hostOf(settings.base_url)} answered without a ws_token`, {
      hint: 'Check paths.ws_token in the configuration.',
      context: call.context,
    });
  return token;
}

export const tokenService = defineKind<Settings, TokenSecret>({
  kind: 'token-service',
  role: 'provider',
  label: 'Token service',
  schema: async () => (await import('./schema.js')).schema,
  provides: ['accessToken'],
  parseSecret,
  yields: (secret) => ({ accessToken: secret.access }),
  renewable: (secret, now) => secret.refreshExpiresAt > now,
  reenterable: true,
  describe: (settings) => ({ subject: settings.username, server: hostOf(settings.base_url) }),
  binding: (settings) => ({ origin: urlOrigin(settings.base_url) }),
  env: {
    variables: ({ node }) => ({ AUTHUI_TOKEN_SERVICE_URL: (node.settings as Settings).base_url }),
    secretNames: () => ['AUTHUI_ACCESS_TOKEN'],
    secrets: (yields): Record<string, string> =>
      yields.accessToken ? { AUTHUI_ACCESS_TOKEN: yields.accessToken } : {},
  },
  mint: { 'WebSocket token': wsToken },
  // A ws token is the cheapest call that proves the access token works (and it is never stored).
  test: async (yields, ctx) => {
    await wsToken(yields, ctx);
    const settings = ctx.node.settings as Settings;
    return {
      facts: [
        { key: 'server', label: 'Server', value: hostOf(settings.base_url) ?? settings.base_url },
        { key: 'user', label: 'User', value: ctx.meta.subject ?? '—' },
      ],
    };
  },
  logoutNote: 'the service has no revoke endpoint: its last access token stays valid until it expires',
  authenticate,
  refresh,
});
