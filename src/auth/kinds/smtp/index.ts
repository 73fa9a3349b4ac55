// smtp (provider): an SMTP account. Login asks for the username (pre-filled) and the password (an
// app password, masked), then nodemailer's verify() — connect, EHLO, STARTTLS or TLS, AUTH — and
// stores nothing unless the server accepts it. With auth: xoauth2 there is no password: the
// access token comes from the oidc provider the account comes via (renewed by the engine).
// `authui test NAME --send-to ADDR` is the only thing that ever sends mail.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuthError, type AuthErrorContext } from '../../errors.js';
import { connectionFailure, networkTimeoutMs } from '../../net.js';
import type { Env } from '../../paths.js';
import { defineKind, type KindContext, type Session, type TestContext, type TestResult } from '../../kind.js';
import type { Yields } from '../../credential-types.js';
import { enteredSettings, formFields, rotateAfterMs, settingFacts } from '../fields.js';
import { FIELDS } from './fields.js';
import type { Settings } from './schema.js';
import { isoTime } from '../../iso-time.js';
import { shellWord } from '../../names.js';

type Context = KindContext<Settings>;

interface SmtpSecret {
  username: string;
  /** Absent for XOAUTH2 (the token comes from the parent). */
  password?: string;
}

const ATTEMPTS = 3;

function parseSecret(value: unknown): SmtpSecret | undefined {
  const v = value as { username?: unknown; password?: unknown } | null;
  if (typeof v?.username !== 'string' || v.username === '') return undefined;
  return typeof v.password === 'string' && v.password !== ''
    ? { username: v.username, password: v.password }
    : { username: v.username };
}

const where = (s: Settings) => `${s.host}:${s.port}`;
const contextOf = (node: { name: string }, s: Settings): AuthErrorContext => ({
  provider: node.name,
  endpoint: `smtp://${where(s)}`,
});

/** nodemailer's transport options for this account. */
function transportOptions(settings: Settings, env: Env, auth: Record<string, string>, cwd = process.cwd()) {
  const timeout = networkTimeoutMs(env);
  const mode = settings.tls ?? 'starttls';
  return {
    host: settings.host,
    port: settings.port,
    secure: mode === 'tls',
    requireTLS: mode === 'starttls',
    ignoreTLS: mode === 'none',
    auth,
    ...(settings.auth === 'login' ? { authMethod: 'LOGIN' } : settings.auth === 'plain' ? { authMethod: 'PLAIN' } : {}),
    tls: settings.tls_ca
      ? { ca: readFileSync(resolve(cwd, settings.tls_ca.replace(/^~(?=\/)/, env.HOME ?? '~'))) }
      : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

type Mailer = typeof import('nodemailer');
let mailer: Promise<Mailer> | undefined;
const loadMailer = () => (mailer ??= import('nodemailer'));

/** An SMTP failure in the shared taxonomy: bad credentials, TLS, an unreachable host, a timeout. */
function smtpError(error: unknown, node: { name: string }, settings: Settings): AuthError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const context = contextOf(node, settings);
  const text = `${e.code ?? ''} ${e.message ?? ''}`;
  if (e.code === 'EAUTH')
    return new AuthError(
      'invalid_credentials',
      `${settings.host} rejected the username or password${e.responseCode ? ` (${e.responseCode})` : ''}`,
      {
        hint: 'Check the username; many providers need an app password here, not the account password.',
        context,
        recoverable: true,
      },
    );
  if (/cert|self.signed|ssl|tls|wrong version/i.test(text))
    return new AuthError('invalid_config', `The TLS handshake with ${where(settings)} failed`, {
      explanation: e.code,
      hint: `Check tls (${settings.tls ?? 'starttls'} now: "tls" for implicit TLS, usually port 465; "starttls" for 587) and, for a private certificate, tls_ca.`,
      context,
    });
  if (e.code === 'ETIMEDOUT' || /timeout/i.test(text))
    return new AuthError('timeout', `${where(settings)} did not answer in time`, {
      hint: 'Check host and port, and that the network lets SMTP through.',
      context,
      retryable: true,
    });
  return new AuthError('network', `Cannot reach ${where(settings)}`, {
    explanation: connectionFailure(text),
    hint: 'Check host and port.',
    context,
    retryable: true,
  });
}

/** Connects, says EHLO, starts TLS and authenticates: the same check at login and `authui test`. */
async function verify(
  settings: Settings,
  env: Env,
  node: { name: string },
  auth: Record<string, string>,
): Promise<void> {
  const { createTransport } = await loadMailer();
  let transporter;
  try {
    transporter = createTransport(transportOptions(settings, env, auth) as never);
  } catch (error) {
    throw new AuthError(
      'invalid_config',
      `Cannot read tls_ca ${settings.tls_ca}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        hint: 'Point tls_ca at a readable PEM file.',
        context: contextOf(node, settings),
      },
    );
  }
  try {
    await transporter.verify();
  } catch (error) {
    throw smtpError(error, node, settings);
  } finally {
    transporter.close();
  }
}

function authOf(settings: Settings, secret: SmtpSecret, yields: Yields | undefined): Record<string, string> {
  if (settings.auth === 'xoauth2') {
    if (!yields?.accessToken)
      throw new AuthError(
        'needs_interactive_login',
        'XOAUTH2 needs an access token from the provider this account comes via',
        {
          hint: `Log in to ${settings.via?.provider ?? 'its oidc provider'} first.`,
        },
      );
    return { type: 'OAuth2', user: secret.username, accessToken: yields.accessToken };
  }
  return { user: secret.username, pass: secret.password ?? '' };
}

async function authenticate(ctx: Context): Promise<Session<SmtpSecret>> {
  const xoauth2 = ctx.settings.auth === 'xoauth2';
  let settings = ctx.settings;
  for (let attempt = 1; ; attempt++) {
    const answers = await ctx.prompter.ask({
      title: `SMTP account ${ctx.node.name} (${where(ctx.settings)})`,
      description:
        attempt > 1
          ? 'That username or password was rejected. Try again.'
          : xoauth2
            ? `Signs in with the access token of ${ctx.settings.via?.provider}.`
            : 'Checked with the server (no mail is sent); kept only in the credential store.',
      // Pre-filled with what the last attempt typed, so a retry needs only the password again.
      fields: formFields(FIELDS, settings),
    });
    // A username or from address typed at login, not in the config, stays with the session.
    const entered = enteredSettings(FIELDS, ctx.settings, answers);
    settings = { ...ctx.settings, ...entered };
    const username = (answers.username ?? '').trim();
    const secret = parseSecret({ username, password: answers.password }) as SmtpSecret;
    const now = isoTime(ctx.clock.now());
    const facts = ctx.settings.limits?.daily
      ? [{ label: 'Daily cap', value: `${ctx.settings.limits.daily} messages` }]
      : undefined;
    const base = {
      obtainedAt: now,
      subject: username,
      server: where(ctx.settings),
      facts,
      ...(Object.keys(entered).length ? { fields: entered } : {}),
    };
    if (ctx.noVerify) return { meta: { ...base, unvalidated: true }, secret };
    try {
      await verify(ctx.settings, ctx.env, ctx.node, authOf(ctx.settings, secret, ctx.parent?.yields));
      return { meta: { ...base, validatedAt: now }, secret };
    } catch (error) {
      if (error instanceof AuthError && error.code === 'invalid_credentials' && !xoauth2 && attempt < ATTEMPTS)
        continue;
      throw error;
    }
  }
}

async function test(yields: Yields, ctx: TestContext): Promise<TestResult> {
  const settings = ctx.node.settings as Settings;
  const secret = { username: yields.username ?? '', password: yields.apiKey };
  const auth = authOf(settings, secret, settings.auth === 'xoauth2' ? (await ctx.parent?.())?.yields : undefined);
  const { createTransport } = await loadMailer();
  await verify(settings, ctx.env, ctx.node, auth);
  const facts = [
    { key: 'server', label: 'Server', value: where(settings) },
    { key: 'user', label: 'User', value: secret.username },
    { key: 'tls', label: 'TLS', value: settings.tls ?? 'starttls' },
  ];
  const to = ctx.options?.sendTo;
  if (to) {
    const transporter = createTransport(transportOptions(settings, ctx.env, auth) as never);
    try {
      await transporter.sendMail({
        from: settings.from ?? secret.username,
        to,
        subject: 'authui connection test',
        text: `This message was sent by "authui test ${shellWord(ctx.node.name)} --send-to ${to}".`,
      });
    } catch (error) {
      throw smtpError(error, ctx.node, settings);
    } finally {
      transporter.close();
    }
    facts.push({ key: 'sent', label: 'Sent to', value: to });
  }
  return { facts };
}

export const smtp = defineKind<Settings, SmtpSecret>({
  kind: 'smtp',
  role: 'provider',
  label: 'SMTP',
  schema: async () => (await import('./schema.js')).schema,
  // XOAUTH2 accounts come via an oidc provider, whose access token signs in.
  via: { needs: ['accessToken'] },
  provides: ['apiKey'],
  parseSecret,
  // The password is what `authui token` prints (scripts); XOAUTH2 accounts hold none.
  yields: (secret) => ({ username: secret.username, ...(secret.password ? { apiKey: secret.password } : {}) }),
  reenterable: true,
  binding: (settings) => ({ host: settings.host, port: settings.port }),
  describe: (settings) => ({
    subject: settings.username ? `${settings.username}@${settings.host}` : settings.host,
    server: where(settings),
    facts: settingFacts(FIELDS, settings),
  }),
  rotation: rotateAfterMs,
  env: {
    variables: ({ node }) => {
      const s = node.settings as Settings;
      return {
        [s.env?.host ?? 'SMTP_HOST']: s.host,
        [s.env?.port ?? 'SMTP_PORT']: String(s.port),
        ...(s.username ? { [s.env?.user ?? 'SMTP_USER']: s.username } : {}),
        ...(s.from ? { [s.env?.from ?? 'SMTP_FROM']: s.from } : {}),
      };
    },
    secretNames: (node) => [(node.settings as Settings).env?.password ?? 'SMTP_PASSWORD'],
    secrets: (yields, _meta, node): Record<string, string> => {
      const s = node.settings as Settings;
      return {
        ...(yields.username ? { [s.env?.user ?? 'SMTP_USER']: yields.username } : {}),
        ...(yields.apiKey ? { [s.env?.password ?? 'SMTP_PASSWORD']: yields.apiKey } : {}),
      };
    },
  },
  test,
  authenticate,
});
