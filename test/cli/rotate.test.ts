// `authui rotate` against the fake STS's IAM side (SigV4-verified, two keys per user, new keys
// that take a while to work at STS, as IAM's propagation does): the happy path with MFA, the
// propagation wait, a user who already has two keys, a new key that never works (rolled back),
// a failed delete of the old key (two keys reported), --dry-run, and an API key without a terminal.
import { captureIO } from '../helpers/io.js';
import { createApp } from '../../src/app/app.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../src/auth/paths.js';
import { runCommand } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';

const sts = new FakeSts();
const MFA = 'arn:aws:iam::111122223333:mfa/rot';
let users = 0;
beforeAll(async () => {
  await sts.start();
});
afterAll(async () => {
  await sts.stop();
});

/** A fresh IAM user (with MFA when asked), logged in through authui with its first key. */
async function user(opts: { mfa?: boolean } = {}) {
  const name = `rot${++users}`;
  const keys = {
    accessKeyId: `AKIAROTATE${String(users).padStart(10, '0')}`,
    secretAccessKey: `rotate-old-secret-canary-${users}`,
  };
  sts.addUser({
    ...keys,
    userName: name,
    account: '111122223333',
    ...(opts.mfa ? { mfaSerial: MFA, mfaCode: '123456' } : {}),
  });
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(
    dir,
    cwd,
    `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: api-key/generic }\n  identities:\n    ${name}: { kind: aws/user, credentials: { region: eu-west-1${opts.mfa ? `, mfa_arn: "${MFA}"` : ''} } }\n`,
  );
  const env = isolatedEnv(dir, {
    AUTHUI_KEYRING_PASSWORD: 'rotate-test-password',
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_IAM: sts.url,
  });
  const { engine, store } = await createApp({ io: captureIO(env, cwd) }).workspace();
  await engine.login(
    name,
    new ScriptedPrompter([
      { access_key_id: keys.accessKeyId, secret_access_key: keys.secretAccessKey },
      ...(opts.mfa ? [{ code: '123456' }] : []),
    ]),
  );
  const storedKey = async () =>
    (JSON.parse((await store.get(`identity:${name}/long-term`)) as string) as { accessKeyId: string }).accessKeyId;
  return { name, keys, cwd, env, engine, store, storedKey };
}

describe('authui rotate', () => {
  it('creates, verifies, stores and deletes: one new key left, used by the next login; IAM is called with the MFA session', async () => {
    const u = await user({ mfa: true });
    const report = await u.engine.rotate(u.name, new ScriptedPrompter([]));
    expect(report.ok).toBe(true);
    const fresh = await u.storedKey();
    expect(fresh).not.toBe(u.keys.accessKeyId);
    expect(sts.accessKeysOf(u.name)).toEqual([fresh]);
    expect(report.lines).toEqual([
      `✓ Created ${fresh}`,
      `✓ Verified ${fresh} with STS`,
      `✓ Stored ${fresh} in file`,
      `✓ Deleted the old key ${u.keys.accessKeyId}`,
    ]);
    // The MFA session (an ASIA key), not the long-term key, made the IAM calls.
    const iamCalls = sts.calls.filter((c) => c.action.startsWith('iam:') && c.status === 200);
    expect(iamCalls.map((c) => c.action)).toEqual(['iam:ListAccessKeys', 'iam:CreateAccessKey', 'iam:DeleteAccessKey']);
    expect(iamCalls.every((c) => c.accessKeyId?.startsWith('ASIA'))).toBe(true);
    sts.calls.length = 0;
    await u.engine.login(u.name, new ScriptedPrompter([{ code: '123456' }]));
    expect(sts.calls.find((c) => c.action === 'GetSessionToken')).toMatchObject({ accessKeyId: fresh, status: 200 });
    const audit = readFileSync(resolvePaths(u.env).auditLog, 'utf8');
    expect(audit).toContain('"event":"rotate"');
    expect(audit).not.toContain(u.keys.secretAccessKey);
  });

  it('waits for IAM to propagate the new key before trusting it', async () => {
    const u = await user();
    sts.keyPropagationMs = 2_000;
    try {
      const report = await u.engine.rotate(u.name, new ScriptedPrompter([]));
      expect(report.ok).toBe(true);
      expect(report.lines[1]).toMatch(
        /^✓ Verified AKIA\w+ with STS \(after [23] tries: IAM was still propagating it\)$/,
      );
    } finally {
      sts.keyPropagationMs = 0;
    }
  });

  it('a user with two keys already: nothing is created, the hint names the other key', async () => {
    const u = await user();
    const first = await u.engine.rotate(u.name, new ScriptedPrompter([]), { dryRun: true });
    expect(first.lines.join('\n')).toContain('Nothing was changed.');
    expect(sts.accessKeysOf(u.name)).toEqual([u.keys.accessKeyId]);
    // A second key made elsewhere (the console, say).
    sts.addUser({
      accessKeyId: 'AKIAOTHERKEY00000001',
      secretAccessKey: 'x',
      userName: u.name,
      account: '111122223333',
    });
    await expect(u.engine.rotate(u.name, new ScriptedPrompter([]))).rejects.toMatchObject({
      code: 'access_denied',
      hint: expect.stringContaining('Delete AKIAOTHERKEY00000001 in IAM'),
    });
    expect(await u.storedKey()).toBe(u.keys.accessKeyId);
  });

  it('a new key that never works is deleted again; the stored key stays', async () => {
    const u = await user();
    sts.keyPropagationMs = 60 * 60_000;
    try {
      const report = await u.engine.rotate(u.name, new ScriptedPrompter([]));
      expect(report.ok).toBe(false);
      expect(report.lines.at(-1)).toMatch(
        /^✗ The new key did not work at STS .*; deleted AKIA\w+ again\. The stored key AKIAROTATE\d+ is unchanged\.$/,
      );
    } finally {
      sts.keyPropagationMs = 0;
    }
    expect(await u.storedKey()).toBe(u.keys.accessKeyId);
    expect(sts.accessKeysOf(u.name)).toEqual([u.keys.accessKeyId]);
  });

  it('through the CLI: a failed delete of the old key exits 4 and says two keys exist', async () => {
    const u = await user();
    sts.failNext({ kind: 'status', status: 500 }, 'DeleteAccessKey');
    sts.failNext({ kind: 'status', status: 500 }, 'DeleteAccessKey');
    sts.failNext({ kind: 'status', status: 500 }, 'DeleteAccessKey');
    const result = await runCommand(['rotate', u.name], { cwd: u.cwd, env: u.env });
    expect(result.code).toBe(4);
    const fresh = await u.storedKey();
    expect(result.stdout).toContain(`✗ Deleting the old key failed`);
    expect(result.stdout).toContain(`two keys exist now: delete ${u.keys.accessKeyId} by hand. authui uses ${fresh}.`);
    expect(sts.accessKeysOf(u.name).sort()).toEqual([u.keys.accessKeyId, fresh].sort());
    for (const out of [result.stdout, result.stderr]) expect(out).not.toContain(u.keys.secretAccessKey);
    // An API key is rotated by the user, who enters the new one: never without a terminal.
    const kitty = await runCommand(['rotate', 'kitty'], { cwd: u.cwd, env: u.env });
    expect(kitty.code).toBe(3);
    expect(kitty.stderr).toContain('authui login kitty');
  });
});
