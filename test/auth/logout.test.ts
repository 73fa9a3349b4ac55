// Logout against real sessions (fake STS) and the encrypted file store: precise, best effort,
// never outside what authui wrote.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/auth/clock.js';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { createEngine } from '../../src/auth/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { FileStore } from '../../src/auth/stores/file.js';
import type { CredentialStore } from '../../src/auth/stores/types.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';

const DEV = { accessKeyId: 'AKIALOGOUTDEV0000001', secretAccessKey: 'logout-dev-secret-0000000000000001' };
const OPS = { accessKeyId: 'AKIALOGOUTOPS0000002', secretAccessKey: 'logout-ops-secret-0000000000000002' };
const CONFIG = `auth:
  identities:
    dev: { kind: aws/user }
    admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin" } }
    "team/ops": { kind: aws/user }
`;
const sts = new FakeSts();
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...DEV, userName: 'dev', account: '111122223333' });
  sts.addUser({ ...OPS, userName: 'ops', account: '111122223333' });
  sts.addRole({ arn: 'arn:aws:iam::111122223333:role/Admin' });
});
afterAll(() => sts.stop());

async function loggedIn(wrap: (s: CredentialStore) => CredentialStore = (s) => s) {
  const dir = tempDir();
  const env = isolatedEnv(dir, { AWS_ENDPOINT_URL_STS: sts.url });
  const paths = resolvePaths(env);
  const store = wrap(new FileStore({ path: paths.fileStore, locksDir: paths.locksDir, password: 'logout-test-pw', clock: systemClock, onWarning: () => {} }));
  const config = parseConfigText(CONFIG, 'c.yaml', 'authui').config as Config;
  const engine = createEngine({ config, store, clock: systemClock, fetch: globalThis.fetch, env });
  await engine.login('admin', new ScriptedPrompter([{ access_key_id: DEV.accessKeyId, secret_access_key: DEV.secretAccessKey }]));
  await engine.login('team/ops', new ScriptedPrompter([{ access_key_id: OPS.accessKeyId, secret_access_key: OPS.secretAccessKey }]));
  const base = join(env.HOME as string, '.aws', 'authui');
  return { engine, store, env, paths, base, dir };
}

describe('logout', () => {
  it('removes exactly the chain of an identity and its files, nothing else', async () => {
    const { engine, store, paths, base } = await loggedIn();
    const plan = await engine.planLogout({ kind: 'identity', name: 'admin' });
    expect(plan.nodes).toEqual(['identity:dev', 'identity:admin']);
    expect(plan.items.map((i) => i.label)).toEqual(['Store (file): identity:dev/long-term', 'Store (file): identity:dev/session', 'Store (file): identity:admin/session', `Files: ${join(base, 'dev')}/`]);
    const report = await engine.logout(plan);
    expect(report).toMatchObject({ removed: 4, failed: 0 });
    expect((await store.list()).sort()).toEqual(['identity:team/ops/long-term', 'identity:team/ops/session']);
    expect(existsSync(join(base, 'dev'))).toBe(false);
    expect(existsSync(join(base, 'team%2Fops', 'credentials'))).toBe(true);
    expect(engine.list().filter((n) => n.state !== 'logged_out').map((n) => n.name)).toEqual(['team/ops']);
    const audit = readFileSync(paths.auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'logout');
    expect(audit.map((e) => [e.target, e.outcome])).toEqual([['identity:dev', 'ok'], ['identity:dev', 'ok'], ['identity:admin', 'ok'], ['identity:dev', 'ok']]);
    expect(JSON.stringify(audit)).not.toContain(DEV.secretAccessKey);
  });

  it('--dry-run changes nothing', async () => {
    const { engine, store, base } = await loggedIn();
    const before = (await store.list()).sort();
    const report = await engine.logout(await engine.planLogout({ kind: 'identity', name: 'admin' }), { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.items).toHaveLength(4);
    expect((await store.list()).sort()).toEqual(before);
    expect(existsSync(join(base, 'dev', 'credentials'))).toBe(true);
  });

  it('keeps files it did not write and refuses to follow a symlink out of the base path', async () => {
    const { engine, base, dir } = await loggedIn();
    writeFileSync(join(base, 'dev', 'notes.txt'), 'mine');
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'credentials'), '# authui: expiration=x\n[victim]\n');
    rmSync(join(base, 'team%2Fops'), { recursive: true });
    symlinkSync(outside, join(base, 'team%2Fops'));
    const report = await engine.logout(await engine.planLogout({ kind: 'all' }));
    const failures = report.items.filter((i) => i.status === 'failed');
    expect(failures.map((f) => f.reason)).toEqual(expect.arrayContaining([expect.stringContaining('holds files authui did not write'), expect.stringContaining('not a plain directory (symlink?)')]));
    expect(readFileSync(join(base, 'dev', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(base, 'dev', 'credentials'))).toBe(false);
    expect(readFileSync(join(outside, 'credentials'), 'utf8')).toContain('[victim]');
  });

  it('is best effort: a failing deletion does not stop the rest, and is reported', async () => {
    const failing = (s: CredentialStore): CredentialStore => ({
      backend: s.backend,
      location: s.location,
      get: (n) => s.get(n),
      set: (n, v) => s.set(n, v),
      list: () => s.list(),
      delete: (n) => (n === 'identity:dev/session' ? Promise.reject(new Error('keyring locked')) : s.delete(n)),
    });
    const { engine, store } = await loggedIn(failing);
    const report = await engine.logout(await engine.planLogout({ kind: 'identity', name: 'admin' }));
    expect(report).toMatchObject({ removed: 3, failed: 1 });
    expect(report.items.find((i) => i.status === 'failed')).toMatchObject({ ref: 'identity:dev/session', reason: 'keyring locked' });
    expect(await store.get('identity:dev/long-term')).toBeUndefined();
  });

  it('refuses a name of the wrong type with a hint', async () => {
    const { engine } = await loggedIn();
    await expect(engine.planLogout({ kind: 'provider', name: 'dev' })).rejects.toMatchObject({ code: 'unknown_target', hint: 'Use "authui logout dev".' });
    await expect(engine.planLogout({ kind: 'identity', name: 'ghost' })).rejects.toMatchObject({ code: 'unknown_target' });
  });
});
