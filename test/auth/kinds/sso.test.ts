// aws/iam-identity-center and aws/permission-set through the engine, against a loopback IAM
// Identity Center (device flow, refresh tokens, role credentials) whose credentials the
// SigV4-verifying fake STS accepts.
import { testEngine } from '../../helpers/engine.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import type { NodeStatus } from '../../../src/auth/engine/views.js';
import type { AuthError } from '../../../src/auth/errors.js';
import { RefreshManager } from '../../../src/auth/refresh-manager.js';
import type { DeviceCodePrompt } from '../../../src/auth/prompter.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { FakeSso } from '../../servers/sso.js';
import { FakeSts } from '../../servers/sts.js';
import { eventually } from '../../helpers/wait.js';

const CONFIG = `auth:
  providers:
    acme-sso: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start }
  identities:
    prod-ro: { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: ReadOnly, account: { id: "444455556666" } } }
    prod-admin: { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: Admin, account: { name: production }, region: us-west-2 } }
    staging: { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: Admin, account: { id: "555566667777" } } }
    audit: { kind: aws/assume-role, via: { identity: prod-ro }, principal: { assume_role: "arn:aws:iam::777788889999:role/Audit" } }
`;

const sts = new FakeSts();
const sso = new FakeSso(sts);
beforeAll(async () => {
  await sts.start();
  await sso.start();
  sso.interval = 0.05;
  sso.assign({ accountId: '444455556666', accountName: 'production', roleName: 'ReadOnly' });
  sso.assign({ accountId: '444455556666', accountName: 'production', roleName: 'Admin' });
  sts.addRole({ arn: 'arn:aws:iam::777788889999:role/Audit' });
});
afterAll(async () => {
  await sso.stop();
  await sts.stop();
});
beforeEach(() => {
  sso.calls.length = 0;
  sso.deviceCodeSeconds = 600;
  sso.refreshTokensEnabled = true;
});

const PARSED = (await parseConfigText(CONFIG, 'c.yaml', 'authui')).config as Config;

function setup() {
  const env = isolatedEnv(tempDir(), {
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
    AWS_ENDPOINT_URL_SSO: sso.url,
  });
  const config = structuredClone(PARSED);
  const store = new MemoryStore();
  const engine = testEngine({ config, store, env });
  /** The same store and files, seen `offsetMs` from now (the peers keep real time). */
  const at = (offsetMs: number) => {
    const clock = { now: () => Date.now() + offsetMs };
    return {
      clock,
      engine: testEngine({ config, store, clock, env }),
    };
  };
  return { engine, store, env, at };
}

/** A prompter whose "browser" opens the verification link (approving it) or denies it. */
function browser(action: 'approve' | 'deny' | 'ignore' = 'approve') {
  const prompter = new ScriptedPrompter([]);
  prompter.onDeviceCode = (prompt: DeviceCodePrompt) => {
    if (action === 'approve') void fetch(prompt.verificationUri);
    if (action === 'deny') sso.deny(prompt.userCode as string);
  };
  return prompter;
}

describe('aws/iam-identity-center + aws/permission-set', () => {
  it('signs in with a device code, then gets role credentials that STS accepts, and writes the AWS files', async () => {
    const { engine, store, env } = setup();
    const prompter = browser();
    const session = await engine.login('prod-ro', prompter);
    expect(prompter.deviceCodes).toHaveLength(1);
    expect(prompter.deviceCodes[0]).toMatchObject({
      title: 'AWS IAM Identity Center acme-sso',
      userCode: expect.stringMatching(/^[0-9A-F]{4}-[0-9A-F]{4}$/),
    });
    expect(prompter.deviceCodes[0]?.verificationUri).toContain('user_code=');
    expect(session.meta).toMatchObject({ account: '444455556666', region: 'eu-central-1', subject: 'ReadOnly' });
    const rows = engine.list();
    expect(rows.find((n) => n.name === 'acme-sso')).toMatchObject({ state: 'active', subject: 'acme.awsapps.com' });
    expect(rows.find((n) => n.name === 'prod-ro')).toMatchObject({ state: 'active', account: '444455556666' });
    // The provider session holds the token and the client registration, never in the index.
    expect(JSON.parse((await store.get('provider:acme-sso/session')) as string)).toMatchObject({
      accessToken: expect.stringMatching(/^aoa/),
      refreshToken: expect.stringMatching(/^aor/),
      clientId: expect.any(String),
    });
    const credentials = readFileSync(join(env.HOME as string, '.aws', 'authui', 'acme-sso', 'credentials'), 'utf8');
    expect(credentials).toContain(
      `[prod-ro]\naws_access_key_id = ${(session.secret as Record<string, string>).accessKeyId}`,
    );
    // A role assumed from the permission set: STS verifies the SigV4 signature made with them.
    const audit = await engine.login('audit', new ScriptedPrompter([]));
    expect(audit.meta.subject).toMatch(/^assumed-role\/Audit\//);
    expect(sso.calls.map((c) => c.path)).toEqual(
      expect.arrayContaining(['/client/register', '/device_authorization', '/token', '/federation/credentials']),
    );
  });

  it("a server's absurd lifetimes and interval are kept within what a Date and a timer hold: the sign-in lasts the default hour", async () => {
    const { engine } = setup();
    Object.assign(sso, { tokenSeconds: 1e300, deviceCodeSeconds: 1e300, interval: 1e-12 });
    try {
      const before = Date.now();
      await engine.login('acme-sso', browser());
      const row = engine.list().find((n) => n.name === 'acme-sso');
      expect(row?.state).toBe('active');
      expect(row?.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(row?.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    } finally {
      Object.assign(sso, { tokenSeconds: 8 * 3600, deviceCodeSeconds: 600, interval: 0.05 });
    }
  });

  it('keeps the SSO tokens, client secret and role keys out of every file but the AWS credentials file', async () => {
    const { engine, store, env } = setup();
    const session = await engine.login('prod-ro', browser());
    const provider = JSON.parse((await store.get('provider:acme-sso/session')) as string) as Record<string, string>;
    const secrets = [
      provider.accessToken,
      provider.refreshToken,
      provider.clientSecret,
      (session.secret as Record<string, string>).secretAccessKey,
      (session.secret as Record<string, string>).sessionToken,
    ] as string[];
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (!path.endsWith(join('acme-sso', 'credentials'))) files.push(path);
      }
    };
    walk(join(env.HOME as string, '..'));
    expect(files.some((f) => f.endsWith('audit.jsonl'))).toBe(true);
    // The short-lived session cache may hold the access token and the role's session keys, as the
    // AWS credentials file does; never the refresh token or the client secret.
    const cache = (f: string) => f.includes(`${join('authui', 'session-cache')}/`);
    expect(files.filter(cache)).toHaveLength(2);
    for (const file of files.filter(cache))
      for (const secret of [provider.refreshToken, provider.clientSecret] as string[])
        expect(readFileSync(file, 'utf8'), file).not.toContain(secret);
    for (const file of files.filter((f) => !cache(f)))
      for (const secret of secrets) expect(readFileSync(file, 'utf8'), file).not.toContain(secret);
  });

  it('reuses the provider session for the next permission set, and finds an account by name', async () => {
    const { engine } = setup();
    await engine.login('prod-ro', browser());
    const second = browser();
    const admin = await engine.login('prod-admin', second);
    expect(second.deviceCodes).toHaveLength(0);
    expect(admin.meta).toMatchObject({ account: '444455556666', region: 'us-west-2', subject: 'Admin' });
    expect(sso.calls.filter((c) => c.path === '/assignment/accounts')).toHaveLength(1);
    // The provider's connection test lists the assigned accounts through the portal.
    expect((await engine.test('acme-sso')).facts).toEqual([
      { key: 'portal', label: 'Portal', value: 'acme.awsapps.com' },
      { key: 'accounts', label: 'Accounts', value: '1 (production)' },
    ]);
  });

  it('renews the provider with its refresh token (no browser), and each refresh token works once', async () => {
    const { engine, store, at } = setup();
    await engine.login('acme-sso', browser());
    const before = JSON.parse((await store.get('provider:acme-sso/session')) as string) as Record<string, string>;
    // Renewal of a fresh session is skipped; pretend it is about to expire.
    const later = at(8 * 3600_000 - 60_000).engine;
    const renewed = await later.refresh('acme-sso');
    expect((renewed.secret as Record<string, string>).accessToken).not.toBe(before.accessToken);
    expect((renewed.secret as Record<string, string>).refreshToken).not.toBe(before.refreshToken);
    const replay = await fetch(`${sso.url}/token`, {
      method: 'POST',
      body: JSON.stringify({
        clientId: before.clientId,
        clientSecret: before.clientSecret,
        grantType: 'refresh_token',
        refreshToken: before.refreshToken,
      }),
    });
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('the refresh manager renews a permission set from its provider, and the provider with its refresh token', async () => {
    const { engine, at } = setup();
    await engine.login('prod-ro', browser());
    expect(await engine.renewsUnattended('acme-sso')).toBe(true);
    expect(await engine.renewsUnattended('prod-ro')).toBe(true);
    const run = async (offset: number) => {
      const later = at(offset);
      const done: string[] = [];
      let started = 0;
      const events = {
        renewing: () => started++,
        renewed: (n: NodeStatus) => done.push(`renewed ${n.name}`),
        retrying: () => {},
        failed: (n: NodeStatus, e: AuthError) => done.push(`failed ${n.name} ${e.code}`),
        needsUser: (n: NodeStatus) => done.push(`needs user ${n.name}`),
        rotationDue: () => {},
      };
      await new RefreshManager(later.engine, events, later.clock, 60_000).check();
      await eventually(() =>
        expect(done.filter((d) => d.startsWith('renewed') || d.startsWith('failed'))).toHaveLength(started),
      );
      return done.sort();
    };
    // 56 minutes in: the 1-hour role session is inside its lead; the provider is not.
    sso.calls.length = 0;
    expect(await run(56 * 60_000)).toEqual(['renewed prod-ro']);
    expect(sso.calls.filter((c) => c.path === '/token')).toHaveLength(0);
    // Nearly eight hours in: the SSO token renews with its refresh token; the role session,
    // long expired, is left for the user to log in to (a dashboard never logs in to everything).
    expect(await run(8 * 3600_000 - 2 * 60_000)).toEqual(['renewed acme-sso']);
    expect(sso.calls.filter((c) => c.path === '/token')).toHaveLength(1);
  });

  it('cleanup-expired keeps an expired SSO session that its refresh token can still renew', async () => {
    const { engine, at } = setup();
    await engine.login('prod-ro', browser());
    const tomorrow = at(24 * 3600_000).engine;
    const plan = await tomorrow.planCleanupExpired();
    expect(plan.nodes).toEqual(['identity:prod-ro']);
    expect(plan.items.map((i) => i.ref)).toContain('identity:prod-ro/session');
    expect(plan.items.map((i) => i.ref)).not.toContain('provider:acme-sso/session');
  });

  it('without a refresh token, renewal says a browser sign-in is needed', async () => {
    const { engine, at } = setup();
    sso.refreshTokensEnabled = false;
    await engine.login('acme-sso', browser());
    const later = at(8 * 3600_000 - 60_000).engine;
    await expect(later.refresh('acme-sso')).rejects.toMatchObject({
      code: 'needs_interactive_login',
      hint: 'Run "authui login acme-sso" in a terminal.',
    });
  });

  it('a signed-out portal session is renewed with a new browser sign-in, then the permission set works', async () => {
    const { engine } = setup();
    await engine.login('prod-ro', browser());
    sso.revokeAll();
    const prompter = browser();
    await engine.login('prod-admin', prompter);
    expect(prompter.deviceCodes).toHaveLength(1);
  });

  it('denied, expired, cancelled and unassigned sign-ins fail clearly', async () => {
    const { engine } = setup();
    await expect(engine.login('prod-ro', browser('deny'))).rejects.toMatchObject({
      code: 'access_denied',
      message: 'The sign-in request was denied in the browser',
      recoverable: true,
    });
    sso.deviceCodeSeconds = 0.2;
    await expect(engine.login('prod-ro', browser('ignore'))).rejects.toMatchObject({
      code: 'expired_token',
      message: 'The sign-in code expired before it was approved',
    });
    sso.deviceCodeSeconds = 600;
    const giveUp = browser('ignore');
    giveUp.onDeviceCode = () => setTimeout(() => giveUp.cancel.abort(), 100);
    await expect(engine.login('prod-ro', giveUp)).rejects.toMatchObject({
      code: 'cancelled',
      message: 'Login cancelled',
    });
    const error = await engine.login('staging', browser()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'access_denied',
      message: 'Your IAM Identity Center user has no permission set "Admin" in account 555566667777',
      context: { identity: 'staging', account: '555566667777' },
    });
    expect(engine.list().find((n) => n.name === 'staging')?.state).toBe('logged_out');
  });

  it('a 500, a garbage answer and a dropped connection become server_error / network with the endpoint', async () => {
    const { engine } = setup();
    sso.failNext({ kind: 'status', status: 500 }, '/client/register');
    await expect(engine.login('acme-sso', browser())).rejects.toMatchObject({
      code: 'server_error',
      context: { endpoint: sso.url, provider: 'acme-sso' },
    });
    sso.failNext({ kind: 'html' }, '/client/register');
    await expect(engine.login('acme-sso', browser())).rejects.toMatchObject({
      code: 'server_error',
      message: expect.stringContaining('not JSON'),
    });
    sso.failNext({ kind: 'drop' }, '/device_authorization');
    await expect(engine.login('acme-sso', browser())).rejects.toMatchObject({
      code: 'network',
      context: { endpoint: sso.url },
    });
  });

  it('takes AWS_ENDPOINT_URL for both SSO endpoints when their own variables are unset, as the SDK does', async () => {
    const { engine, env } = setup();
    const { AWS_ENDPOINT_URL_SSO_OIDC: _oidc, AWS_ENDPOINT_URL_SSO: _portal, ...rest } = env;
    const general = testEngine({
      config: engine.config,
      store: new MemoryStore(),
      env: { ...rest, AWS_ENDPOINT_URL: sso.url },
    });
    // A background command's sign-in link to that endpoint is one the dashboard shows.
    expect(general.signInUrlAllowed('acme-sso', `${sso.url}/device?user_code=ABCD-EFGH`)).toBe(true);
    const session = await general.login('prod-ro', browser());
    expect(session.meta.account).toBe('444455556666');
    expect(sso.calls.map((c) => c.path)).toEqual(
      expect.arrayContaining(['/device_authorization', '/token', '/federation/credentials']),
    );
  });

  it('refuses a plain-http SSO endpoint that is not loopback', async () => {
    const { engine, env } = setup();
    const remote = testEngine({
      config: engine.config,
      store: new MemoryStore(),
      env: { ...env, AWS_ENDPOINT_URL_SSO_OIDC: 'http://sso.example.com' },
    });
    await expect(remote.login('acme-sso', browser())).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('must use https://'),
    });
    expect(existsSync(join(env.HOME as string, '.aws', 'authui', 'acme-sso'))).toBe(false);
  });
});
