// oidc browser sign-in (authorization code + PKCE on a loopback redirect), client credentials,
// DPoP, revocation and the error paths, against a real OpenID Provider (oidc-provider). The test
// plays the browser: it follows the authorization URL authui shows, logs in through the
// provider's own pages, and delivers the provider's redirect to authui's listener.
import { testEngine } from '../../helpers/engine.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import { resolvePaths } from '../../../src/auth/paths.js';
import type { DeviceCodePrompt } from '../../../src/auth/prompter.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { reportJson, renderReport } from '../../../src/auth/logout-report.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { deliver, FakeOidc, MACHINE_CLIENT_ID, MACHINE_CLIENT_SECRET, OIDC_CLIENT_ID } from '../../servers/oidc.js';
import { oidcEngine, listening } from '../../helpers/oidc.js';
import { eventually } from '../../helpers/wait.js';
import { fetch } from '../../../src/auth/fetch.js';
import { Response } from '../../../src/auth/http-message.js';

const op = new FakeOidc();
const bound = new FakeOidc({ dpop: true });
const noRevoke = new FakeOidc({ revocation: false });
const shortCodes = new FakeOidc({ codeTtl: 1 });
beforeAll(async () => {
  await Promise.all([op.start(), bound.start(), noRevoke.start(), shortCodes.start()]);
});
afterAll(async () => {
  await Promise.all([op.stop(), bound.stop(), noRevoke.stop(), shortCodes.stop()]);
});

const pkce = (issuer: string) =>
  `issuer: "${issuer}", client_id: ${OIDC_CLIENT_ID}, flow: pkce, scopes: [openid, offline_access, email, profile]`;

/** The browser: `act` gets the authorization URL authui shows and does what the test wants with it. */
function browser(act: (url: string) => Promise<unknown>) {
  const prompter = new ScriptedPrompter([]);
  const done: Promise<unknown>[] = [];
  prompter.onDeviceCode = (prompt: DeviceCodePrompt) => void done.push(act(prompt.verificationUri));
  return { prompter, done };
}

const portOf = (authorizationUrl: string) =>
  Number(new URL(new URL(authorizationUrl).searchParams.get('redirect_uri') as string).port);

describe('oidc browser sign-in (PKCE on a loopback redirect)', () => {
  it('signs in, validates the ID token, shows a page without tokens, and closes the port', async () => {
    const { engine, store, env } = await oidcEngine(pkce(op.issuer));
    let page: { status: number; body: string } | undefined;
    const { prompter, done } = browser(async (url) => {
      page = await deliver(await op.signIn(url));
    });
    const session = await engine.login('corp', prompter);
    await Promise.all(done);
    const url = new URL(prompter.deviceCodes[0]?.verificationUri as string);
    expect(prompter.deviceCodes[0]?.userCode).toBeUndefined();
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: OIDC_CLIENT_ID,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid offline_access email profile',
      redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/),
      state: expect.any(String),
      nonce: expect.any(String),
      code_challenge: expect.any(String),
    });
    expect(session.meta).toMatchObject({ subject: 'ada@example.com' });
    expect(session.meta.facts).toEqual(
      expect.arrayContaining([
        { label: 'Subject id', value: 'ada' },
        { label: 'Email', value: 'ada@example.com' },
        { label: 'Name', value: 'Ada ada' },
      ]),
    );
    const secret = JSON.parse((await store.get('provider:corp/session')) as string) as Record<string, string>;
    expect(secret.tokenType).toBe('Bearer');
    expect(page?.status).toBe(200);
    expect(page?.body).toContain('You can close this tab');
    for (const token of [secret.accessToken, secret.idToken, secret.refreshToken]) {
      expect(token).toBeTruthy();
      expect(page?.body).not.toContain(token);
      for (const file of [resolvePaths(env).sessionIndex, resolvePaths(env).auditLog])
        expect(readFileSync(file, 'utf8')).not.toContain(token);
    }
    expect(await listening(portOf(url.href))).toBe(false);
    // The token works: the connection test reads userinfo with it.
    expect((await engine.test('corp')).facts).toContainEqual({
      key: 'subject',
      label: 'Subject',
      value: 'ada@example.com',
    });
  });

  it('renews with the rotating refresh token, then logout revokes the refresh token at the provider', async () => {
    const { engine, store, env, config } = await oidcEngine(pkce(op.issuer));
    const { prompter } = browser(async (url) => deliver(await op.signIn(url)));
    await engine.login('corp', prompter);
    const first = JSON.parse((await store.get('provider:corp/session')) as string) as Record<string, string>;
    const later = testEngine({ config, store, clock: { now: () => Date.now() + 3600_000 - 60_000 }, env });
    await later.refresh('corp');
    const second = JSON.parse((await store.get('provider:corp/session')) as string) as Record<string, string>;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);

    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'corp' }));
    expect(report.items.map((i) => [i.kind, i.status])).toEqual([
      ['revoke', 'revoked'],
      ['store', 'removed'],
    ]);
    expect(renderReport(report)).toContain(`✓ Revoke at 127.0.0.1:${new URL(op.issuer).port}`);
    // The provider no longer honours the refresh token.
    const reuse = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: second.refreshToken as string,
        client_id: OIDC_CLIENT_ID,
      }),
    });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant');
    expect(JSON.stringify(reportJson(report))).not.toContain(second.refreshToken);
  });

  it('a provider without a revocation endpoint: the report says the token stays valid', async () => {
    const { engine } = await oidcEngine(pkce(noRevoke.issuer));
    const { prompter } = browser(async (url) => deliver(await noRevoke.signIn(url)));
    await engine.login('corp', prompter);
    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'corp' }));
    expect(report.items[0]).toMatchObject({ kind: 'revoke', status: 'skipped' });
    expect(renderReport(report)).toMatch(
      /– Revoke at .*: not possible — the provider has no revocation endpoint: its tokens stay valid until they expire/,
    );
    expect(report.items[1]).toMatchObject({ kind: 'store', status: 'removed' });
  });

  it('an answer with another state is ignored: the sign-in waits on and completes with its own', async () => {
    const { engine, store } = await oidcEngine(pkce(op.issuer));
    let stray: { status: number; body: string } | undefined;
    const { prompter, done } = browser(async (url) => {
      const redirect = new URL(await op.signIn(url));
      const forged = new URL(redirect.href);
      forged.searchParams.set('state', 'forged-state');
      stray = await deliver(forged.href);
      return deliver(redirect.href);
    });
    await engine.login('corp', prompter);
    await Promise.all(done);
    expect(stray?.status).toBe(400);
    expect(stray?.body).toContain('Not this sign-in');
    expect(stray?.body).not.toContain('code=');
    expect(await store.list()).toContain('provider:corp/session');
  });

  it('a wrong iss response parameter (RFC 9207) is refused', async () => {
    const { engine } = await oidcEngine(pkce(op.issuer));
    const { prompter } = browser(async (url) => {
      const redirect = new URL(await op.signIn(url));
      redirect.searchParams.set('iss', 'https://attacker.example.com');
      return deliver(redirect.href);
    });
    await expect(engine.login('corp', prompter)).rejects.toMatchObject({
      code: 'access_denied',
      explanation: expect.stringContaining('iss'),
    });
  });

  it('a denied consent is access_denied with the hint to log in again', async () => {
    const { engine } = await oidcEngine(pkce(op.issuer));
    const { prompter } = browser(async (url) => deliver(await op.signIn(url, { deny: true })));
    await expect(engine.login('corp', prompter)).rejects.toMatchObject({
      code: 'access_denied',
      hint: 'Log in again with "authui login corp" and approve the request.',
    });
  });

  it('an expired authorization code is expired_token, not a crash', async () => {
    const { engine } = await oidcEngine(pkce(shortCodes.issuer));
    const { prompter } = browser(async (url) => {
      const redirect = await shortCodes.signIn(url);
      await new Promise((r) => setTimeout(r, 2_100));
      return deliver(redirect);
    });
    await expect(engine.login('corp', prompter)).rejects.toMatchObject({ code: 'expired_token' });
  });

  it('a second request to the listener is turned away; the first one wins', async () => {
    const { engine } = await oidcEngine(pkce(op.issuer));
    const pages: number[] = [];
    const { prompter, done } = browser(async (url) => {
      const redirect = await op.signIn(url);
      const results = await Promise.allSettled([deliver(redirect), deliver(redirect)]);
      for (const r of results) pages.push(r.status === 'fulfilled' ? r.value.status : 0);
    });
    await engine.login('corp', prompter);
    await Promise.all(done);
    // One 200; the other is 409 (arrived while the code was exchanged) or refused (after the close).
    expect(pages.sort()).toEqual(expect.arrayContaining([200]));
    expect(pages.filter((s) => s === 200)).toHaveLength(1);
    expect(pages.every((s) => s === 200 || s === 409 || s === 0)).toBe(true);
  });

  it('giving up (esc) and the timeout both close the port', async () => {
    const { engine } = await oidcEngine(pkce(op.issuer));
    const cancelled = browser(async () => {});
    const login = engine.login('corp', cancelled.prompter);
    await eventually(() => expect(cancelled.prompter.deviceCodes).toHaveLength(1));
    const port = portOf(cancelled.prompter.deviceCodes[0]?.verificationUri as string);
    expect(await listening(port)).toBe(true);
    cancelled.prompter.cancel.abort();
    await expect(login).rejects.toMatchObject({ code: 'cancelled' });
    expect(await listening(port)).toBe(false);

    const slow = await oidcEngine(pkce(op.issuer), { AUTHUI_SIGN_IN_TIMEOUT_MS: '300' });
    const idle = browser(async () => {});
    await expect(slow.engine.login('corp', idle.prompter)).rejects.toMatchObject({
      code: 'timeout',
      hint: 'Log in again and finish the sign-in in the browser sooner.',
    });
    expect(await listening(portOf(idle.prompter.deviceCodes[0]?.verificationUri as string))).toBe(false);
  });

  it('a registered redirect_port is used, and a busy one is a clear error', async () => {
    const { engine } = await oidcEngine(`${pkce(op.issuer)}, redirect_port: ${new URL(op.issuer).port}`);
    await expect(engine.login('corp', browser(async () => {}).prompter)).rejects.toMatchObject({
      code: 'network',
      explanation: 'The port is in use by another program.',
    });
  });
});

describe('oidc client credentials', () => {
  it('asks the client secret once, keeps it in the store only, and renews unattended', async () => {
    const { engine, store, env, config } = await oidcEngine(
      `issuer: "${op.issuer}", client_id: ${MACHINE_CLIENT_ID}, flow: client_credentials, scopes: ["api:read"]`,
    );
    const prompter = new ScriptedPrompter([{ client_secret: MACHINE_CLIENT_SECRET }]);
    const session = await engine.login('corp', prompter);
    expect(prompter.asked[0]?.fields.map((f) => [f.name, f.secret, f.required])).toEqual([
      ['client_secret', true, true],
    ]);
    expect(session.meta.subject).toBe(MACHINE_CLIENT_ID);
    expect(JSON.parse((await store.get('provider:corp/long-term')) as string)).toEqual({
      clientSecret: MACHINE_CLIENT_SECRET,
    });
    // Renewal asks again with the stored secret: no prompt (the scripted prompter has no answers left).
    const later = testEngine({ config, store, clock: { now: () => Date.now() + 3600_000 }, env });
    expect((await later.token('corp')).token).not.toBe((session.secret as { accessToken: string }).accessToken);
    for (const file of [resolvePaths(env).sessionIndex, resolvePaths(env).auditLog])
      expect(readFileSync(file, 'utf8')).not.toContain(MACHINE_CLIENT_SECRET);
    expect(JSON.stringify(engine.list())).not.toContain(MACHINE_CLIENT_SECRET);
  });

  it('a wrong client secret is invalid_credentials and names no secret', async () => {
    const { engine } = await oidcEngine(
      `issuer: "${op.issuer}", client_id: ${MACHINE_CLIENT_ID}, flow: client_credentials`,
    );
    const error = await engine
      .login('corp', new ScriptedPrompter([{ client_secret: 'wrong-canary-secret' }]))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_credentials', recoverable: true });
    expect(JSON.stringify(error)).not.toContain('wrong-canary-secret');
  });
});

describe('oidc DPoP (RFC 9449)', () => {
  it('binds the tokens to a stored key, answers the nonce challenge, and renews with the same key', async () => {
    const { engine, store, env, config } = await oidcEngine(pkce(bound.issuer));
    const { prompter } = browser(async (url) => deliver(await bound.signIn(url)));
    const session = await engine.login('corp', prompter);
    const secret = JSON.parse((await store.get('provider:corp/session')) as string) as {
      tokenType: string;
      dpopKey: { publicKey: { kty: string; crv: string } };
      refreshToken: string;
    };
    expect(secret.tokenType).toBe('DPoP');
    expect(secret.dpopKey.publicKey).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(session.meta.facts).toContainEqual({ label: 'Token type', value: 'DPoP (bound to a key in the store)' });
    // userinfo needs a proof with the stored key: the connection test sends one.
    expect((await engine.test('corp')).facts).toContainEqual({
      key: 'subject',
      label: 'Subject',
      value: 'ada@example.com',
    });
    const later = testEngine({ config, store, clock: { now: () => Date.now() + 3600_000 - 60_000 }, env });
    await later.refresh('corp');
    const renewed = JSON.parse((await store.get('provider:corp/session')) as string) as typeof secret;
    expect(renewed.refreshToken).not.toBe(secret.refreshToken);
    expect(renewed.dpopKey).toEqual(secret.dpopKey);
    // A bound refresh token is useless without the key: presented alone, the provider refuses it.
    const stolen = await fetch(`${bound.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: renewed.refreshToken,
        client_id: OIDC_CLIENT_ID,
      }),
    });
    expect(stolen.status).toBe(400);
  });

  it('dpop: off keeps bearer tokens; claims.subject picks the claim shown as the subject', async () => {
    const { engine, store } = await oidcEngine(`${pkce(bound.issuer)}, dpop: off, claims: { subject: name }`);
    const { prompter } = browser(async (url) => deliver(await bound.signIn(url)));
    const session = await engine.login('corp', prompter);
    expect(session.meta.subject).toBe('Ada ada');
    const secret = JSON.parse((await store.get('provider:corp/session')) as string) as Record<string, unknown>;
    expect(secret.tokenType).toBe('Bearer');
    expect(secret.dpopKey).toBeUndefined();
  });
});

describe('oidc ID token validation', () => {
  it('an ID token whose signature does not verify against the JWKS is not trusted: the login fails', async () => {
    const env = isolatedEnv(tempDir());
    const { config } = await parseConfigText(
      `auth:\n  providers:\n    corp: { kind: oidc, ${pkce(op.issuer)} }\n`,
      'c.yaml',
      'authui',
    );
    // A network that swaps the ID token's signature in the token response (the claims stay valid).
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/token')) return response;
      const body = (await response.json()) as { id_token?: string };
      if (body.id_token) {
        const [header, payload] = body.id_token.split('.');
        body.id_token = `${header}.${payload}.${Buffer.from('not-the-signature').toString('base64url')}`;
      }
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const store = new MemoryStore();
    const engine = testEngine({ config: config as Config, store, fetch: tampering, env });
    const { prompter } = browser(async (url) => deliver(await op.signIn(url)));
    await expect(engine.login('corp', prompter)).rejects.toMatchObject({
      code: 'server_error',
      message: 'The ID token failed validation',
    });
    expect(await store.list()).toEqual([]);
  });
});

describe('flow: auto', () => {
  const settings = `issuer: "${'ISSUER'}", client_id: ${OIDC_CLIENT_ID}, scopes: [openid, email]`;
  it('signs in with the browser on a desktop and with a device code over SSH or without a display', async () => {
    const cases: [Record<string, string>, boolean][] = [
      [{ DISPLAY: ':0' }, false],
      [{ DISPLAY: ':0', SSH_CONNECTION: '10.0.0.1 5555 10.0.0.2 22' }, true],
      [{}, process.platform === 'linux'],
    ];
    for (const [extra, device] of cases) {
      const { engine } = await oidcEngine(settings.replace('ISSUER', op.issuer), extra);
      const { prompter } = browser(async (url) =>
        device ? op.approveDevice(url, prompter.deviceCodes.at(-1)?.userCode) : deliver(await op.signIn(url)),
      );
      await engine.login('corp', prompter);
      expect(prompter.deviceCodes[0]?.userCode !== undefined).toBe(device);
    }
  });
});
