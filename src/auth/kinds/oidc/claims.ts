// Who a sign-in belongs to: the validated ID token's claims, else the userinfo endpoint, else a
// preset's user API (GitHub's /user and /user/emails). The subject is `claims.subject` when
// configured, else email, name or sub; Detail shows the claims people ask about.
import { AuthError } from '../../errors.js';
import { request } from '../../http.js';
import type { Fetch } from '../../http-message.js';
import type { Provider } from './server.js';
import { withNonceRetry } from './dpop.js';
import { call } from './server.js';
import { shellWord } from '../../names.js';

export type Claims = Record<string, unknown>;

export interface Identity {
  subject?: string;
  facts: { label: string; value: string }[];
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value.join(', ')
        : undefined;

export function identityOf(p: Provider, claims: Claims | undefined): Identity {
  if (!claims) return { facts: [] };
  const configured = p.settings.claims?.subject;
  const subject =
    (configured ? text(claims[configured]) : undefined) ??
    text(claims.email) ??
    text(claims.name) ??
    text(claims.sub) ??
    text(claims.login);
  const facts: Identity['facts'] = [];
  const add = (label: string, value: unknown) => {
    const shown = text(value);
    if (shown !== undefined && !facts.some((f) => f.label === label)) facts.push({ label, value: shown });
  };
  add('Subject id', claims.sub ?? claims.id);
  add('Email', claims.email);
  add('Name', claims.name);
  if (configured) add(configured, claims[configured]);
  for (const claim of p.preset?.shownClaims ?? []) add(claim, claims[claim]);
  return { subject, facts };
}

/** Google's hosted-domain rule: with `domain` set, only accounts of that domain may sign in. */
export function checkDomain(p: Provider, claims: Claims | undefined): void {
  const claim = p.preset?.domainClaim;
  const domain = p.settings.domain;
  if (!claim || domain === undefined) return;
  const actual = claims?.[claim];
  if (actual !== domain)
    throw new AuthError('access_denied', `The account is not in the ${domain} domain`, {
      explanation: typeof actual === 'string' ? `It belongs to ${actual}.` : 'It is not a Workspace account.',
      hint: `Sign in with an account of ${domain}, or change "domain" in the configuration.`,
      context: p.context,
      recoverable: true,
    });
}

/** The user API of a preset without ID tokens (GitHub): the login, and the primary verified email. */
export async function presetUser(p: Provider, accessToken: string, now: () => number): Promise<Claims | undefined> {
  const user = p.preset?.user?.(p.settings);
  if (!user) return undefined;
  const fetch = p.options[p.oauth.customFetch] as Fetch;
  const http = { fetch, env: p.env, context: { ...p.context, endpoint: new URL(user.url).origin }, now };
  const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
  const get = async (url: string): Promise<unknown> => {
    const reply = await request(http, url, { method: 'GET', headers });
    if (reply.status === 401)
      throw new AuthError('token_expired', 'Session expired. Please log in again.', {
        explanation: `${new URL(url).host} refused the access token.`,
        hint: `Run "authui login ${shellWord(p.node.name)}".`,
        context: http.context,
      });
    if (reply.status !== 200) return undefined;
    try {
      return JSON.parse(reply.text) as unknown;
    } catch {
      return undefined;
    }
  };
  const me = (await get(user.url)) as Claims | undefined;
  if (!me || typeof me !== 'object')
    throw new AuthError('server_error', `${new URL(user.url).host} did not say who the token belongs to`, {
      hint: 'Check base_url in the configuration.',
      context: http.context,
    });
  const claims: Claims = { ...me, sub: text(me.id), name: text(me[user.login]) };
  if (user.emails) {
    // Only with the user:email scope; without it GitHub answers 404 and the email stays unknown.
    const emails = await get(user.emails);
    const primary = Array.isArray(emails)
      ? (emails as { email?: unknown; primary?: unknown; verified?: unknown }[]).find((e) => e.primary && e.verified)
      : undefined;
    claims.email = text(primary?.email) ?? text(me.email);
  }
  return claims;
}

/** The userinfo endpoint's claims, when the provider has one and the token may read it. */
export async function userinfo(
  p: Provider,
  accessToken: string,
  dpop: import('oauth4webapi').DPoPHandle | undefined,
): Promise<Claims | undefined> {
  if (!p.as.userinfo_endpoint) return undefined;
  const { oauth } = p;
  return call(p.context, async () => {
    try {
      return (await withNonceRetry(p, async () => {
        const response = await oauth.userInfoRequest(p.as, p.client, accessToken, { ...p.options, DPoP: dpop });
        return oauth.processUserInfoResponse(p.as, p.client, oauth.skipSubjectCheck, response);
      })) as Claims;
    } catch (error) {
      if (error instanceof oauth.WWWAuthenticateChallengeError || error instanceof oauth.ResponseBodyError)
        throw new AuthError('token_expired', 'The identity provider refused the access token', {
          hint: `Run "authui login ${shellWord(p.node.name)}".`,
          context: p.context,
        });
      throw error;
    }
  });
}
