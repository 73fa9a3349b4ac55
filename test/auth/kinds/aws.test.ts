// aws/user and aws/assume-role through the engine, against the SigV4-verifying fake STS.
import { testEngine } from '../../helpers/engine.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import { nonInteractive } from '../../../src/auth/engine.js';
import { AuthError } from '../../../src/auth/errors.js';
import { resolvePaths } from '../../../src/auth/paths.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { FakeSts } from '../../servers/sts.js';

const MFA = 'arn:aws:iam::111122223333:mfa/dev';
const OLD = { accessKeyId: 'AKIAOLDKEY0000000001', secretAccessKey: 'CANARY-OLD-SECRET-aaaaaaaaaaaaaaaaaaaa' };
const NEW = { accessKeyId: 'AKIANEWKEY0000000002', secretAccessKey: 'CANARY-NEW-SECRET-bbbbbbbbbbbbbbbbbbbb' };
const CONFIG = `auth:
  identities:
    dev: { kind: aws/user, credentials: { region: eu-west-1, mfa_arn: "${MFA}" }, session: { duration: 8h } }
    admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::444455556666:role/Admin", external_id: ext-42 } }
    audit: { kind: aws/assume-role, via: { identity: admin }, principal: { assume_role: "arn:aws:iam::777788889999:role/Audit" }, session: { duration: 4h } }
    denied: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::444455556666:role/Nope" } }
`;

const sts = new FakeSts();
beforeAll(() => sts.start());
afterAll(() => sts.stop());
beforeEach(() => {
  sts.removeUser(OLD.accessKeyId);
  sts.removeUser(NEW.accessKeyId);
  sts.addUser({ ...OLD, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
  sts.addRole({ arn: 'arn:aws:iam::444455556666:role/Admin', externalId: 'ext-42' });
  sts.addRole({ arn: 'arn:aws:iam::777788889999:role/Audit' });
  sts.calls.length = 0;
});

const PARSED = (await parseConfigText(CONFIG, 'c.yaml', 'authui')).config as Config;

function setup() {
  const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url });
  const config = structuredClone(PARSED);
  const store = new MemoryStore();
  const engine = testEngine({ config, store, env });
  return { engine, store, env };
}

const keys = (k: typeof OLD) => ({ access_key_id: k.accessKeyId, secret_access_key: k.secretAccessKey });

describe('aws/user', () => {
  it("says the recovery PRD's lines: keys required, then saved before the MFA step", async () => {
    const { engine } = setup();
    const prompter = new ScriptedPrompter([keys(OLD), { code: '123456' }]);
    await engine.login('dev', prompter);
    expect(prompter.notices).toEqual([
      'AWS credentials are required for identity: dev',
      'Credentials saved to the memory store: dev',
    ]);
  });

  it('without a terminal, rejected keys are still removed and the error says so, with the AWS code', async () => {
    // No MFA to ask for: the keys go to STS without a prompt, and STS refuses them.
    const config = (await parseConfigText('auth:\n  identities:\n    solo: { kind: aws/user }\n', 'c.yaml', 'authui'))
      .config as Config;
    const store = new MemoryStore();
    const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url });
    const engine = testEngine({ config, store, env });
    await store.set('identity:solo/long-term', JSON.stringify(OLD));
    sts.refuseNext('InvalidClientTokenId', 'GetSessionToken');
    const error = (await engine.login('solo', nonInteractive('solo')).catch((e: unknown) => e)) as AuthError;
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      hint: 'Run "authui login solo" in a terminal and enter new keys.',
    });
    expect(error.message).toBe(
      'AWS rejected the access keys of "solo" (InvalidClientTokenId); the stored keys were removed',
    );
    expect(await store.get('identity:solo/long-term')).toBeUndefined();
  });

  it('writes its AWS files under its own spec.files.base_path, and logout removes them there', async () => {
    const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: sts.url });
    const base = join(env.HOME as string, 'custom-aws');
    const text = CONFIG.replace(
      'dev: { kind: aws/user,',
      `dev: { kind: aws/user, spec: { files: { base_path: "${base}" } },`,
    );
    const config = (await parseConfigText(text, 'c.yaml', 'authui')).config as Config;
    const engine = testEngine({ config, store: new MemoryStore(), env });
    await engine.login('dev', new ScriptedPrompter([keys(OLD), { code: '123456' }]));
    expect(readFileSync(join(base, 'dev', 'credentials'), 'utf8')).toContain('[dev]');
    expect(existsSync(join(env.HOME as string, '.aws'))).toBe(false);
    await engine.logout(await engine.planLogout({ kind: 'identity', name: 'dev' }));
    expect(existsSync(join(base, 'dev'))).toBe(false);
  });

  it('first login asks for keys and MFA, stores the keys, and opens a session', async () => {
    const { engine, store } = setup();
    const prompter = new ScriptedPrompter([keys(OLD), { code: '123456' }]);
    await engine.login('dev', prompter);
    const [keySpec, mfaSpec] = prompter.asked;
    expect(keySpec?.fields.map((f) => `${f.name}:${f.kind}:${f.secret}`)).toEqual([
      'access_key_id:text:false',
      'secret_access_key:secret:true',
      'mfa_arn:text:false',
      'session_duration:text:false',
    ]);
    expect(keySpec?.fields.find((f) => f.name === 'mfa_arn')?.default).toBe(MFA);
    expect(keySpec?.fields.find((f) => f.name === 'session_duration')?.default).toBe('8h');
    expect(mfaSpec?.fields[0]).toMatchObject({ kind: 'otp' });
    expect(mfaSpec?.description).toContain(MFA);
    const dev = engine.list().find((n) => n.name === 'dev');
    expect(dev).toMatchObject({ state: 'active', account: '111122223333', region: 'eu-west-1', subject: 'user/dev' });
    expect((dev?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(JSON.parse((await store.get('identity:dev/long-term')) as string)).toMatchObject({
      accessKeyId: OLD.accessKeyId,
      mfaArn: MFA,
      durationSeconds: 8 * 3600,
    });
    expect(sts.calls.map((c) => c.action)).toEqual(['GetSessionToken', 'GetCallerIdentity']);
  });

  it('validates the key fields the way the form will', () => {
    const prompter = new ScriptedPrompter([{ access_key_id: 'not-a-key', secret_access_key: 'x' }]);
    return expect(setup().engine.login('dev', prompter)).rejects.toThrow(
      /access_key_id is invalid: expected 20 characters starting with AKIA/,
    );
  });

  it('clamps a stored duration out of range with a visible notice', async () => {
    const { engine, store } = setup();
    // 40h is beyond GetSessionToken's 36h limit even with MFA.
    await store.set('identity:dev/long-term', JSON.stringify({ ...OLD, mfaArn: MFA, durationSeconds: 40 * 3600 }));
    const prompter = new ScriptedPrompter([{ code: '123456' }]);
    await engine.login('dev', prompter);
    expect(prompter.notices).toContain('Session duration 40h is outside 15m–36h (with MFA); using 36h.');
    const left = (engine.list().find((n) => n.name === 'dev')?.expiresAt ?? 0) - Date.now();
    expect(left).toBeGreaterThan(36 * 3600_000 - 60_000);
    expect(left).toBeLessThanOrEqual(36 * 3600_000);
  });

  it('asks again for a wrong MFA code without re-entering keys', async () => {
    const { engine } = setup();
    const prompter = new ScriptedPrompter([keys(OLD), { code: '000000' }, { code: '123456' }]);
    await engine.login('dev', prompter);
    expect(prompter.asked.map((s) => s.title)).toEqual([
      'AWS access keys for dev',
      'MFA code for dev',
      'MFA code for dev',
    ]);
    expect(prompter.asked[2]?.description).toContain('That code was rejected');
  });

  it('recovers from rotated keys: deletes them, asks with MFA ARN and duration pre-filled, retries once', async () => {
    const { engine, store, env } = setup();
    await engine.login('dev', new ScriptedPrompter([keys(OLD), { code: '123456' }]));
    // The keys are rotated in IAM: the old ones are gone, new ones exist.
    sts.removeUser(OLD.accessKeyId);
    sts.addUser({ ...NEW, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '654321' });
    const prompter = new ScriptedPrompter([{ code: '123456' }, keys(NEW), { code: '654321' }]);
    await engine.login('dev', prompter);
    expect(prompter.notices.join('\n')).toMatch(/rejected the access keys of "dev" \(InvalidClientTokenId\).*removed/s);
    const recovery = prompter.asked[1];
    expect(recovery?.description).toContain('rejected');
    expect(recovery?.fields.find((f) => f.name === 'mfa_arn')?.default).toBe(MFA);
    expect(recovery?.fields.find((f) => f.name === 'session_duration')?.default).toBe('8h');
    expect(JSON.parse((await store.get('identity:dev/long-term')) as string).accessKeyId).toBe(NEW.accessKeyId);
    expect(engine.list().find((n) => n.name === 'dev')?.state).toBe('active');
    const audit = readFileSync(resolvePaths(env).auditLog, 'utf8');
    for (const secret of [OLD.secretAccessKey, NEW.secretAccessKey]) {
      expect(audit).not.toContain(secret);
      expect(prompter.notices.join()).not.toContain(secret);
    }
  });

  it('stops after a second rejection instead of looping', async () => {
    const { engine, store } = setup();
    sts.removeUser(OLD.accessKeyId);
    const prompter = new ScriptedPrompter([keys(OLD), { code: '123456' }, keys(NEW), { code: '123456' }]);
    const error = await engine.login('dev', prompter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('rejected the new keys of "dev" as well');
    // Recoverable: the dashboard's Recovery screen offers to re-enter them.
    expect((error as AuthError).recoverable).toBe(true);
    expect(prompter.asked).toHaveLength(4);
    expect(await store.get('identity:dev/long-term')).toContain(NEW.accessKeyId);
  });

  it('re-enter asks for new keys even when some are stored, with MFA ARN and duration pre-filled', async () => {
    const { engine, store } = setup();
    await engine.login('dev', new ScriptedPrompter([{ ...keys(OLD), session_duration: '4h' }, { code: '123456' }]));
    sts.addUser({ ...NEW, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
    const prompter = new ScriptedPrompter([keys(NEW), { code: '123456' }]);
    await engine.login('dev', prompter, { reenter: true });
    const spec = prompter.asked[0];
    expect(spec?.description).toContain('replace the stored ones');
    expect(spec?.fields.find((f) => f.name === 'mfa_arn')?.default).toBe(MFA);
    expect(spec?.fields.find((f) => f.name === 'session_duration')?.default).toBe('4h');
    expect(JSON.parse((await store.get('identity:dev/long-term')) as string)).toMatchObject({
      accessKeyId: NEW.accessKeyId,
      durationSeconds: 4 * 3600,
    });
  });

  it('retries throttling inside the STS call without asking for MFA again', async () => {
    const { engine } = setup();
    sts.failNext({ kind: 'throttle' }, 'GetSessionToken');
    const prompter = new ScriptedPrompter([keys(OLD), { code: '123456' }]);
    await engine.login('dev', prompter);
    expect(prompter.asked).toHaveLength(2);
    expect(sts.calls.filter((c) => c.action === 'GetSessionToken').map((c) => c.status)).toEqual([400, 200]);
  });

  it('reports a dead network with the endpoint, and never prompts without a terminal', async () => {
    const { engine } = setup();
    const env = isolatedEnv(tempDir(), { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
    const config = (await parseConfigText(CONFIG, 'c.yaml', 'authui')).config as Config;
    const store = new MemoryStore();
    await store.set('identity:dev/long-term', JSON.stringify({ ...OLD }));
    const offline = testEngine({ config, store, env });
    const net = await offline.login('dev', new ScriptedPrompter([])).catch((e: unknown) => e);
    expect(net).toMatchObject({ code: 'network', context: { endpoint: 'http://127.0.0.1:9', identity: 'dev' } });
    const tty = await engine.login('dev', nonInteractive('dev')).catch((e: unknown) => e);
    expect(tty).toMatchObject({ code: 'needs_interactive_login', hint: 'Run "authui login dev" in a terminal.' });
  });
});

describe('aws/assume-role chains', () => {
  it('STS refusing a reused parent session renews the parent and tries again, instead of blaming the role', async () => {
    const { engine } = setup();
    await engine.login('dev', new ScriptedPrompter([keys(OLD), { code: '123456' }]));
    sts.calls.length = 0;
    // The stored dev session looks valid, but STS no longer takes it (revoked, rotated away).
    sts.refuseNext('InvalidClientTokenId', 'AssumeRole');
    const prompter = new ScriptedPrompter([{ code: '123456' }]);
    await engine.login('admin', prompter);
    // Renewing dev needs its MFA code again (the stored keys stay); then the role is assumed.
    expect(prompter.asked.map((s) => s.title)).toEqual(['MFA code for dev']);
    expect(sts.calls.filter((c) => c.action !== 'GetCallerIdentity').map((c) => `${c.action}:${c.status}`)).toEqual([
      'AssumeRole:403',
      'GetSessionToken:200',
      'AssumeRole:200',
    ]);
  });

  it('walks user → role → role, caps the chained role at 1h, and reuses valid steps', async () => {
    const { engine } = setup();
    const prompter = new ScriptedPrompter([keys(OLD), { code: '123456' }]);
    await engine.login('audit', prompter);
    expect(sts.calls.map((c) => c.action)).toEqual([
      'GetSessionToken',
      'GetCallerIdentity',
      'AssumeRole',
      'AssumeRole',
    ]);
    const audit = engine.list().find((n) => n.name === 'audit');
    expect(audit).toMatchObject({
      state: 'active',
      account: '777788889999',
      region: 'eu-west-1',
      subject: 'assumed-role/Audit/dev',
    });
    expect((audit?.expiresAt ?? 0) - Date.now()).toBeLessThanOrEqual(3600_000);
    sts.calls.length = 0;
    await engine.login('audit', new ScriptedPrompter([]));
    expect(sts.calls.map((c) => c.action)).toEqual(['AssumeRole']);
    // The refresh manager may renew the roles by itself while the MFA session lives; never the user.
    expect(await engine.renewsUnattended('dev')).toBe(false);
    expect(await engine.renewsUnattended('admin')).toBe(true);
    expect(await engine.renewsUnattended('audit')).toBe(true);
  });

  it('explains AccessDenied with the permission and role, without retrying', async () => {
    const { engine } = setup();
    const error = await engine
      .login('denied', new ScriptedPrompter([keys(OLD), { code: '123456' }]))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'access_denied', context: { identity: 'denied', account: '444455556666' } });
    expect((error as AuthError).message).toContain('sts:AssumeRole on arn:aws:iam::444455556666:role/Nope');
    expect((error as AuthError).hint).toMatch(/trust policy/);
    expect(sts.calls.filter((c) => c.action === 'AssumeRole')).toHaveLength(1);
  });

  it('renews a reused session that STS calls expired, asking only for MFA', async () => {
    const { engine, store } = setup();
    await engine.login('admin', new ScriptedPrompter([keys(OLD), { code: '123456' }]));
    // STS's clock runs ahead: the cached dev session looks valid locally but is expired there.
    const realNow = sts.now;
    sts.now = () => realNow() + 9 * 3600_000;
    try {
      const prompter = new ScriptedPrompter([{ code: '123456' }]);
      await engine.login('admin', prompter);
      expect(prompter.asked.map((s) => s.title)).toEqual(['MFA code for dev']);
      expect(await store.get('identity:dev/long-term')).toContain(OLD.accessKeyId);
    } finally {
      sts.now = realNow;
    }
  });
});

describe('STS faults', () => {
  it('a persistent 500 becomes server_error after three attempts, MFA asked once', async () => {
    const { engine, store } = setup();
    await store.set('identity:dev/long-term', JSON.stringify({ ...OLD, mfaArn: MFA }));
    for (let i = 0; i < 3; i++) sts.failNext({ kind: 'status', status: 500 }, 'GetSessionToken');
    const prompter = new ScriptedPrompter([{ code: '123456' }]);
    const error = await engine.login('dev', prompter).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'server_error', retryable: true });
    expect(prompter.asked).toHaveLength(1);
    expect(sts.calls.filter((c) => c.action === 'GetSessionToken').map((c) => c.status)).toEqual([500, 500, 500]);
  });
});
