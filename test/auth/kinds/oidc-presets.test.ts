// The presets (google, github, entra) and endpoints given by hand, each against a loopback peer
// shaped like the real provider: oidc-provider for Google's and Entra's OIDC (Entra's mounted
// under "/{tenant}/v2.0", with its multi-tenant "{tenantid}" issuer), and a GitHub-shaped OAuth
// server without discovery (test/servers/github.ts). The test plays the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/auth/logout-report.js';
import type { DeviceCodePrompt } from '../../../src/auth/prompter.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { FakeGithub, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET } from '../../servers/github.js';
import { deliver, DESKTOP_CLIENT_ID, DESKTOP_CLIENT_SECRET, FakeOidc, OIDC_CLIENT_ID } from '../../servers/oidc.js';
import { oidcEngine } from '../../helpers/oidc.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-00000000beef';
const google = new FakeOidc({ claims: { hd: 'example.com' } });
const entra = new FakeOidc({
  path: `/${TENANT}/v2.0`,
  revocation: false,
  common: true,
  claims: { tid: TENANT, oid: 'f00d-0001', roles: ['Reader', 'Deployer'] },
});
const github = new FakeGithub();
beforeAll(async () => {
  await Promise.all([google.start(), entra.start(), github.start()]);
});
afterAll(async () => {
  await Promise.all([google.stop(), entra.stop(), github.stop()]);
});

/** A prompter whose browser does `act` with each sign-in shown; `answers` fill credential forms. */
function browser(act: (prompt: DeviceCodePrompt) => Promise<unknown>, answers: Record<string, string>[] = []) {
  const prompter = new ScriptedPrompter(answers);
  prompter.onDeviceCode = (prompt) => void act(prompt);
  return prompter;
}

/** GitHub signs the user in at once: follow its redirect back to authui. */
async function githubBrowser(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return deliver(response.headers.get('location') as string);
}

describe('preset: google', () => {
  const settings = (extra = '') =>
    `preset: google, issuer: "${google.issuer}", client_id: ${DESKTOP_CLIENT_ID}, flow: pkce${extra}`;

  it('asks for offline access with consent, sends the desktop secret, and checks the hosted domain', async () => {
    const { engine, store } = await oidcEngine(settings(', domain: example.com'));
    const prompter = browser(
      async (p) => deliver(await google.signIn(p.verificationUri)),
      [{ client_secret: DESKTOP_CLIENT_SECRET }],
    );
    const session = await engine.login('corp', prompter);
    const query = new URL(prompter.deviceCodes[0]?.verificationUri as string).searchParams;
    expect(Object.fromEntries(query)).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      hd: 'example.com',
      scope: 'openid email profile',
    });
    expect(session.meta.subject).toBe('ada@example.com');
    expect(JSON.parse((await store.get('provider:corp/session')) as string)).toHaveProperty('refreshToken');
  });

  it('an account of another domain is refused', async () => {
    const { engine, store } = await oidcEngine(settings(', domain: other.example'));
    const prompter = browser(
      async (p) => deliver(await google.signIn(p.verificationUri)),
      [{ client_secret: DESKTOP_CLIENT_SECRET }],
    );
    await expect(engine.login('corp', prompter)).rejects.toMatchObject({
      code: 'access_denied',
      message: 'The account is not in the other.example domain',
      explanation: 'It belongs to example.com.',
    });
    expect(await store.get('provider:corp/session')).toBeUndefined();
  });
});

describe('preset: entra', () => {
  it('builds the authority from the tenant, redirects to localhost, shows oid/tid/roles, and cannot revoke', async () => {
    const origin = new URL(entra.issuer).origin;
    const { engine } = await oidcEngine(
      `preset: entra, tenant: ${TENANT}, base_url: "${origin}", client_id: ${OIDC_CLIENT_ID}, flow: pkce`,
    );
    const prompter = browser(async (p) => deliver(await entra.signIn(p.verificationUri)));
    const session = await engine.login('corp', prompter);
    const url = new URL(prompter.deviceCodes[0]?.verificationUri as string);
    expect(url.pathname).toBe(`/${TENANT}/v2.0/auth`);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/callback$/);
    expect(session.meta.facts).toEqual(
      expect.arrayContaining([
        { label: 'oid', value: 'f00d-0001' },
        { label: 'tid', value: TENANT },
        { label: 'roles', value: 'Reader, Deployer' },
      ]),
    );
    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'corp' }));
    expect(report.items[0]).toMatchObject({ kind: 'revoke', status: 'skipped' });
    expect(renderReport(report)).toContain('Entra ID has no revocation endpoint: only the local copy is deleted');
  });

  it('tenant: common reads the multi-tenant document and checks the issuer of the token’s own tenant', async () => {
    const origin = new URL(entra.issuer).origin;
    const { engine } = await oidcEngine(
      `preset: entra, tenant: common, base_url: "${origin}", client_id: ${OIDC_CLIENT_ID}, flow: pkce`,
    );
    const prompter = browser(async (p) => deliver(await entra.signIn(p.verificationUri)));
    const session = await engine.login('corp', prompter);
    expect(session.meta.facts).toContainEqual({ label: 'tid', value: TENANT });
  });
});

describe('preset: github', () => {
  const settings = (extra = '') =>
    `preset: github, base_url: "${github.url}", client_id: "${GITHUB_CLIENT_ID}"${extra}`;

  it('device flow despite HTTP 200 errors, the user from /user and /user/emails, no expiry, grant revoked with the secret', async () => {
    const { engine, store } = await oidcEngine(settings(', flow: device'));
    const prompter = browser(
      async (p) => github.approve(p.userCode as string),
      [{ client_secret: GITHUB_CLIENT_SECRET }],
    );
    const session = await engine.login('corp', prompter);
    expect(prompter.deviceCodes[0]).toMatchObject({
      title: 'GitHub corp',
      verificationUri: `${github.url}/login/device`,
    });
    expect(session.meta.subject).toBe('ada@octo.example.com');
    expect(session.meta.facts).toContainEqual({ label: 'Name', value: 'octo-ada' });
    expect(session.meta.expiresAt).toBeUndefined();
    const secret = JSON.parse((await store.get('provider:corp/session')) as string) as Record<string, string>;
    expect(secret.refreshToken).toBeUndefined();
    expect(github.tokens.has(secret.accessToken as string)).toBe(true);
    expect((await engine.test('corp')).facts).toContainEqual({
      key: 'subject',
      label: 'Subject',
      value: 'ada@octo.example.com',
    });
    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'corp' }));
    expect(report.items[0]).toMatchObject({ kind: 'revoke', status: 'revoked' });
    expect(github.tokens.has(secret.accessToken as string)).toBe(false);
  });

  it('PKCE on a loopback redirect; without a client secret the report says how to revoke in the browser', async () => {
    const { engine } = await oidcEngine(settings(', flow: pkce, scopes: ["read:user"]'));
    const prompter = browser(async (p) => githubBrowser(p.verificationUri), [{ client_secret: '' }]);
    const session = await engine.login('corp', prompter);
    // Without the user:email scope GitHub answers /user/emails with 404: the login names the user.
    expect(session.meta.subject).toBe('octo-ada');
    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'corp' }));
    expect(report.items[0]).toMatchObject({ kind: 'revoke', status: 'skipped' });
    expect(report.items[0]?.reason).toContain("revoke authui's access in the browser");
  });

  it('pkce: false for Enterprise Server versions without PKCE', async () => {
    github.requirePkce = false;
    try {
      const { engine } = await oidcEngine(settings(', flow: pkce, pkce: false'));
      const prompter = browser(async (p) => githubBrowser(p.verificationUri), [{ client_secret: '' }]);
      await engine.login('corp', prompter);
      expect(new URL(prompter.deviceCodes[0]?.verificationUri as string).searchParams.has('code_challenge')).toBe(
        false,
      );
    } finally {
      github.requirePkce = true;
    }
  });
});

describe('endpoints by hand (plain OAuth 2, no discovery)', () => {
  it('signs in with PKCE against the given endpoints; no userinfo and no revocation endpoint are said plainly', async () => {
    const { engine } = await oidcEngine(
      `client_id: "${GITHUB_CLIENT_ID}", authorization_endpoint: "${github.url}/login/oauth/authorize", token_endpoint: "${github.url}/login/oauth/access_token", flow: pkce`,
    );
    const prompter = browser(async (p) => githubBrowser(p.verificationUri));
    await engine.login('corp', prompter);
    const query = new URL(prompter.deviceCodes[0]?.verificationUri as string).searchParams;
    // Plain OAuth: no scopes by default and no nonce.
    expect(query.has('scope')).toBe(false);
    expect(query.has('nonce')).toBe(false);
    expect(github.requests).not.toContain('GET /.well-known/openid-configuration');
    expect((await engine.test('corp')).facts).toEqual([
      { key: 'endpoint', label: 'Token endpoint', value: `${github.url}/login/oauth/access_token` },
      { key: 'userinfo', label: 'Userinfo', value: 'not offered' },
    ]);
    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'corp' }));
    expect(report.items[0]).toMatchObject({ kind: 'revoke', status: 'skipped' });
  });
});
