// oidc (device flow, refresh rotation) against a real OpenID Provider (oidc-provider), and
// aws/assume-role via it: AssumeRoleWithWebIdentity, the fake STS verifying the ID token against
// the provider's published keys.
import { testEngine } from '../../helpers/engine.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import type { DeviceCodePrompt } from '../../../src/auth/prompter.js';
import { resolvePaths } from '../../../src/auth/paths.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { FakeOidc, OIDC_CLIENT_ID } from '../../servers/oidc.js';
import { FakeSts } from '../../servers/sts.js';

const op = new FakeOidc();
const sts = new FakeSts();
const ROLE = 'arn:aws:iam::888899990000:role/CiDeploy';
beforeAll(async () => {
  await op.start();
  await sts.start();
  sts.trustWebIdentity(op.issuer, OIDC_CLIENT_ID);
  sts.addRole({ arn: ROLE, trusted: [op.issuer] });
  sts.addRole({ arn: 'arn:aws:iam::888899990000:role/Other', trusted: ['https://elsewhere.example.com'] });
});
afterAll(async () => {
  await sts.stop();
  await op.stop();
});

async function setup() {
  const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url });
  const config = (
    await parseConfigText(
      `auth:
  providers:
    corp: { kind: oidc, issuer: "${op.issuer}", client_id: ${OIDC_CLIENT_ID}, scopes: [openid, offline_access, email] }
  identities:
    deploy: { kind: aws/assume-role, via: { provider: corp }, principal: { assume_role: "${ROLE}", region: eu-west-1 } }
    other: { kind: aws/assume-role, via: { provider: corp }, principal: { assume_role: "arn:aws:iam::888899990000:role/Other" } }
`,
      'c.yaml',
      'authui',
    )
  ).config as Config;
  const store = new MemoryStore();
  return {
    engine: testEngine({ config, store, env }),
    store,
    env,
    config,
  };
}

/** The user's browser: the provider's own pages (code, confirmation, login). */
function browser() {
  const prompter = new ScriptedPrompter([]);
  prompter.onDeviceCode = (prompt: DeviceCodePrompt) => void op.approveDevice(prompt.verificationUri, prompt.userCode);
  return prompter;
}

describe('oidc provider and web identity', () => {
  it('signs in with the device flow and assumes a role with the ID token, which STS verifies', async () => {
    const { engine, store, env } = await setup();
    const prompter = browser();
    const session = await engine.login('deploy', prompter);
    expect(prompter.deviceCodes[0]).toMatchObject({
      title: 'OpenID Connect corp',
      verificationUri: expect.stringContaining('/device?user_code='),
    });
    expect(session.meta).toMatchObject({
      account: '888899990000',
      region: 'eu-west-1',
      subject: expect.stringMatching(/^assumed-role\/CiDeploy\/ada/),
    });
    const corp = JSON.parse((await store.get('provider:corp/session')) as string) as {
      idToken: string;
      accessToken: string;
      refreshToken: string;
    };
    expect(corp.idToken.split('.')).toHaveLength(3);
    expect(corp.refreshToken).not.toBe('');
    // `authui token corp` prints the access token, `--id-token` the ID token.
    expect((await engine.token('corp')).token).toBe(corp.accessToken);
    expect((await engine.token('corp', { idToken: true })).token).toBe(corp.idToken);
    await expect(engine.token('deploy', { idToken: true })).rejects.toMatchObject({ code: 'usage' });
    // The connection test: discovery, then userinfo with the access token.
    expect((await engine.test('corp')).facts).toEqual([
      { key: 'issuer', label: 'Issuer', value: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
      { key: 'subject', label: 'Subject', value: 'ada@example.com' },
    ]);
    expect(engine.list().find((n) => n.name === 'corp')).toMatchObject({ state: 'active', subject: 'ada@example.com' });
    expect(sts.calls.some((c) => c.action === 'AssumeRoleWithWebIdentity' && c.status === 200)).toBe(true);
    // Tokens live in the store only: not in the session index, the audit log or the AWS config.
    const paths = resolvePaths(env);
    for (const file of [
      paths.sessionIndex,
      paths.auditLog,
      join(env.HOME as string, '.aws', 'authui', 'corp', 'config'),
    ]) {
      const text = readFileSync(file, 'utf8');
      for (const token of [
        corp.idToken,
        corp.accessToken,
        corp.refreshToken,
        (session.secret as Record<string, string>).secretAccessKey,
      ])
        expect(text).not.toContain(token);
    }
    // A role whose trust policy names another issuer refuses the token.
    await expect(engine.login('other', browser())).rejects.toMatchObject({
      code: 'access_denied',
      context: { identity: 'other' },
    });
  });

  it('renews with the rotating refresh token, no browser', async () => {
    const { engine, store, env, config } = await setup();
    await engine.login('corp', browser());
    const before = JSON.parse((await store.get('provider:corp/session')) as string) as {
      idToken: string;
      accessToken: string;
      refreshToken: string;
    };
    const later = testEngine({ config, store, clock: { now: () => Date.now() + 3600_000 - 60_000 }, env });
    const renewed = await later.refresh('corp');
    expect((renewed.secret as Record<string, string>).accessToken).not.toBe(before.accessToken);
    expect((renewed.secret as Record<string, string>).refreshToken).not.toBe(before.refreshToken);
    // The role renews from the renewed provider session without asking anything.
    const deploy = await later.refresh('deploy');
    expect(deploy.meta.account).toBe('888899990000');
  });

  it('a forged ID token is refused by STS and the provider is signed in again', async () => {
    const { engine, store } = await setup();
    await engine.login('corp', browser());
    const corp = JSON.parse((await store.get('provider:corp/session')) as string) as {
      idToken: string;
      accessToken: string;
      refreshToken: string;
    };
    const [h, p] = corp.idToken.split('.');
    await store.set(
      'provider:corp/session',
      JSON.stringify({ ...corp, idToken: `${h}.${p}.${Buffer.from('forged').toString('base64url')}` }),
    );
    const prompter = browser();
    await engine.login('deploy', prompter);
    expect(prompter.deviceCodes).toHaveLength(1);
    expect(sts.calls.some((c) => c.action === 'AssumeRoleWithWebIdentity' && c.status === 400)).toBe(true);
  });

  it('before the first login, the test reads discovery and reaches the token endpoint, sending no credential', async () => {
    const { engine, store } = await setup();
    const result = await engine.test('corp');
    expect(result.facts).toEqual([
      { key: 'issuer', label: 'Issuer', value: `${op.issuer} (discovery read)` },
      { key: 'token_endpoint', label: 'Token endpoint answers', value: expect.stringMatching(/^HTTP 400 in \d+ ms$/) },
      { key: 'session', label: 'Session', value: 'none yet: run "authui login corp"' },
    ]);
    expect(await store.list()).toEqual([]);
    // Once logged in, the test is the one with the session (userinfo), not the probe.
    await engine.login('corp', browser());
    expect((await engine.test('corp')).facts.map((f) => f.key)).toContain('subject');
  });

  it('before the first login, an unreachable provider fails the test in words', async () => {
    const env = isolatedEnv(tempDir());
    const config = (
      await parseConfigText(
        'auth:\n  providers:\n    gone: { kind: oidc, issuer: "http://127.0.0.1:9", client_id: x }\n',
        'c.yaml',
        'authui',
      )
    ).config as Config;
    const engine = testEngine({ config, env });
    await expect(engine.test('gone')).rejects.toMatchObject({ code: 'network' });
  });
});
