// The identity providers people already use, as data (docs/architecture.md, "OIDC and OAuth"):
// where their endpoints are, which flows and defaults they need, and what differs from plain
// OIDC. The flows read these fields; no vendor has a code branch of its own where data will do.

/** The settings a preset reads (a subset of the oidc schema, kept here to avoid a cycle). */
interface PresetSettings {
  tenant?: string;
  base_url?: string;
  issuer?: string;
  client_id?: string;
}

export interface Endpoints {
  authorization_endpoint?: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  revocation_endpoint?: string;
  device_authorization_endpoint?: string;
}

export interface Preset {
  label: string;
  /** Where discovery starts (OIDC providers). */
  issuer?(settings: PresetSettings): string;
  /** Endpoints by hand (plain OAuth 2 servers). */
  endpoints?(settings: PresetSettings): Endpoints;
  /** The flow `auto` picks on a machine with a display. */
  browserFlow: 'pkce' | 'device';
  scopes: string[];
  /** Authorization parameters the provider needs for a refresh token. */
  params?: Record<string, string>;
  loopbackHost?: '127.0.0.1' | 'localhost';
  /** Domains its sign-in pages live on besides its issuer's (device-flow pages): the broker checks links against them. */
  signInDomains?: readonly string[];
  clientSecret?: 'none' | 'optional' | 'required';
  /** How the secret is sent when there is no discovery document to say (GitHub: in the form body). */
  secretIn?: 'basic' | 'body';
  /** Where the subject comes from when there is no ID token (GitHub's /user and /user/emails). */
  user?(settings: PresetSettings): { url: string; emails?: string; login: string };
  /** The provider answers token-endpoint errors with HTTP 200 and an `error` body (GitHub). */
  errorsWithStatus200?: boolean;
  /** Revocation through an API of its own rather than RFC 7009 (GitHub's grant API). */
  revokeGrant?(settings: PresetSettings, clientId: string): string;
  /** When no revocation is possible at all, what to tell the user. */
  noRevocation?: string;
  /** The discovery document's issuer is a template (`{tenantid}`), filled from the ID token's `tid`. */
  issuerTemplate?(settings: PresetSettings): boolean;
  /** ID token claims shown in Detail. */
  shownClaims?: string[];
  /** What to do when the provider wants a consent the user cannot give by signing in again. */
  consentHint?(settings: PresetSettings): string;
  /** The claim `domain` is checked against (Google's hosted domain). */
  domainClaim?: string;
  /** The authorization parameter that asks for that domain. */
  domainParam?: string;
}

const trim = (url: string) => url.replace(/\/+$/, '');
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);

function githubWeb(settings: PresetSettings): string {
  return trim(settings.base_url ?? 'https://github.com');
}

function githubApi(settings: PresetSettings): string {
  // GitHub Enterprise Server serves its REST API under /api/v3 of the same host.
  return settings.base_url ? `${trim(settings.base_url)}/api/v3` : 'https://api.github.com';
}

export const PRESETS = {
  google: {
    label: 'Google',
    issuer: (s) => s.issuer ?? 'https://accounts.google.com',
    browserFlow: 'pkce',
    scopes: ['openid', 'email', 'profile'],
    // Google issues a refresh token only for offline access, and again only with fresh consent.
    params: { access_type: 'offline', prompt: 'consent' },
    loopbackHost: '127.0.0.1',
    signInDomains: ['google.com'],
    // Desktop clients send their secret, which Google documents as not confidential.
    clientSecret: 'required',
    domainClaim: 'hd',
    domainParam: 'hd',
    consentHint: () =>
      'An OAuth app that Google has not verified signs in only the test users listed on its consent screen: add your account there (Google Cloud console → APIs & Services → OAuth consent screen → Test users), or publish the app and have it verified.',
  },
  github: {
    label: 'GitHub',
    endpoints: (s) => ({
      authorization_endpoint: `${githubWeb(s)}/login/oauth/authorize`,
      token_endpoint: `${githubWeb(s)}/login/oauth/access_token`,
      device_authorization_endpoint: `${githubWeb(s)}/login/device/code`,
    }),
    browserFlow: 'pkce',
    scopes: ['read:user', 'user:email'],
    loopbackHost: '127.0.0.1',
    clientSecret: 'optional',
    secretIn: 'body',
    user: (s) => ({ url: `${githubApi(s)}/user`, emails: `${githubApi(s)}/user/emails`, login: 'login' }),
    errorsWithStatus200: true,
    revokeGrant: (s, clientId) => `${githubApi(s)}/applications/${encodeURIComponent(clientId)}/grant`,
  },
  entra: {
    label: 'Microsoft Entra ID',
    issuer: (s) => `${trim(s.base_url ?? 'https://login.microsoftonline.com')}/${s.tenant}/v2.0`,
    browserFlow: 'pkce',
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    // Entra registers "http://localhost" redirects (any port), not 127.0.0.1.
    loopbackHost: 'localhost',
    signInDomains: ['microsoft.com', 'microsoftonline.com'],
    clientSecret: 'none',
    noRevocation:
      'Entra ID has no revocation endpoint: only the local copy is deleted; its tokens stay valid until they expire (an admin can revoke sessions in the Entra admin center)',
    issuerTemplate: (s) => MULTI_TENANT.has(s.tenant ?? ''),
    consentHint: (s) =>
      `Your tenant may let only an administrator consent to authui: an admin approves it once at ${entraAdminConsentUrl(s)}`,
    shownClaims: ['oid', 'tid', 'roles'],
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

/** Where an Entra administrator consents to authui for the whole tenant (its redirect is authui's loopback). */
export function entraAdminConsentUrl(settings: PresetSettings): string {
  const url = new URL(
    `${trim(settings.base_url ?? 'https://login.microsoftonline.com')}/${settings.tenant ?? 'organizations'}/v2.0/adminconsent`,
  );
  url.searchParams.set('client_id', settings.client_id ?? '');
  url.searchParams.set('scope', PRESETS.entra.scopes.join(' '));
  url.searchParams.set('redirect_uri', 'http://localhost');
  return url.href;
}

export function presetOf(name: string | undefined): Preset | undefined {
  return name === undefined ? undefined : (PRESETS as Record<string, Preset>)[name];
}
