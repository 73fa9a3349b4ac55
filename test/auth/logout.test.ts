// Logout against real sessions (fake STS) on every store backend (the real Secret Service in
// CI): precise, best effort, never outside what authui wrote.
import { testEngine } from '../helpers/engine.js';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { type Engine } from '../../src/auth/engine.js';
import { resolvePaths, type Env } from '../../src/auth/paths.js';
import type { CredentialStore } from '../../src/auth/stores/types.js';
import { SystemStore } from '../../src/auth/stores/system.js';
import { BACKENDS, backendTitle, keyringMissing, testService } from '../helpers/backends.js';
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

/** The engine as it would be `ms` from now (sessions expire without waiting). */
function later(engine: Engine, env: Env, ms: number): Engine {
  return testEngine({ config: engine.config, store: engine.store, clock: { now: () => Date.now() + ms }, env });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`logout, ${backendTitle(backend)}`, () => {
    async function loggedIn(wrap: (s: CredentialStore) => CredentialStore = (s) => s) {
      const dir = tempDir();
      const env = isolatedEnv(dir, { AWS_ENDPOINT_URL_STS: sts.url });
      const paths = resolvePaths(env);
      const store = wrap(await backend.make());
      const config = (await parseConfigText(CONFIG, 'c.yaml', 'authui')).config as Config;
      const engine = testEngine({ config, store, env });
      await engine.login(
        'admin',
        new ScriptedPrompter([{ access_key_id: DEV.accessKeyId, secret_access_key: DEV.secretAccessKey }]),
      );
      await engine.login(
        'team/ops',
        new ScriptedPrompter([{ access_key_id: OPS.accessKeyId, secret_access_key: OPS.secretAccessKey }]),
      );
      const base = join(env.HOME as string, '.aws', 'authui');
      const label = store.backend === 'system' ? 'Keyring' : `Store (${store.backend})`;
      return { engine, store, env, paths, base, dir, label };
    }

    it('removes exactly the chain of an identity and its files, nothing else', async () => {
      const { engine, store, paths, base, label } = await loggedIn();
      const plan = await engine.planLogout({ kind: 'identity', name: 'admin' });
      expect(plan.nodes).toEqual(['identity:dev', 'identity:admin']);
      expect(plan.chains).toEqual([['dev', 'admin']]);
      expect(plan.items.map((i) => i.label)).toEqual([
        `${label}: identity:dev/long-term`,
        `${label}: identity:dev/session`,
        `${label}: identity:admin/session`,
        `Files: ${join(base, 'dev')}/`,
      ]);
      const report = await engine.logout(plan);
      expect(report).toMatchObject({ removed: 4, failed: 0 });
      expect((await store.list()).sort()).toEqual(['identity:team/ops/long-term', 'identity:team/ops/session']);
      expect(existsSync(join(base, 'dev'))).toBe(false);
      expect(existsSync(join(base, 'team%2Fops', 'credentials'))).toBe(true);
      expect(
        engine
          .list()
          .filter((n) => n.state !== 'logged_out')
          .map((n) => n.name),
      ).toEqual(['team/ops']);
      const audit = readFileSync(paths.auditLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((e) => e.event === 'logout');
      expect(audit.map((e) => [e.target, e.outcome])).toEqual([
        ['identity:dev', 'ok'],
        ['identity:dev', 'ok'],
        ['identity:admin', 'ok'],
        ['identity:dev', 'ok'],
      ]);
      expect(JSON.stringify(audit)).not.toContain(DEV.secretAccessKey);
    });

    it('--dry-run changes nothing', async () => {
      const { engine, store, base } = await loggedIn();
      const before = (await store.list()).sort();
      const report = await engine.logout(await engine.planLogout({ kind: 'identity', name: 'admin' }), {
        dryRun: true,
      });
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
      expect(failures.map((f) => f.reason)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('holds files authui did not write'),
          expect.stringContaining('not a plain directory (symlink?)'),
        ]),
      );
      expect(readFileSync(join(base, 'dev', 'notes.txt'), 'utf8')).toBe('mine');
      expect(existsSync(join(base, 'dev', 'credentials'))).toBe(false);
      expect(readFileSync(join(outside, 'credentials'), 'utf8')).toContain('[victim]');
    });

    it('is best effort: a failing deletion does not stop the rest, and is reported', async () => {
      const failing = (s: CredentialStore): CredentialStore => ({
        backend: s.backend,
        location: s.location,
        readers: s.readers,
        get: (n) => s.get(n),
        set: (n, v) => s.set(n, v),
        list: () => s.list(),
        delete: (n) => (n === 'identity:dev/session' ? Promise.reject(new Error('keyring locked')) : s.delete(n)),
      });
      const { engine, store } = await loggedIn(failing);
      const report = await engine.logout(await engine.planLogout({ kind: 'identity', name: 'admin' }));
      expect(report).toMatchObject({ removed: 3, failed: 1 });
      expect(report.items.find((i) => i.status === 'failed')).toMatchObject({
        ref: 'identity:dev/session',
        reason: 'keyring locked',
      });
      expect(await store.get('identity:dev/long-term')).toBeUndefined();
    });

    it('refuses a name of the wrong type with a hint', async () => {
      const { engine } = await loggedIn();
      await expect(engine.planLogout({ kind: 'provider', name: 'dev' })).rejects.toMatchObject({
        code: 'unknown_target',
        hint: 'Use "authui logout dev".',
      });
      await expect(engine.planLogout({ kind: 'identity', name: 'ghost' })).rejects.toMatchObject({
        code: 'unknown_target',
      });
    });

    it('--all leaves ~/.aws, unmarked AWS files and non-regular files alone, and reports each refusal', async () => {
      const { engine, base, env, paths } = await loggedIn();
      const home = join(env.HOME as string, '.aws');
      mkdirSync(home, { recursive: true });
      writeFileSync(join(home, 'credentials'), '[default]\naws_access_key_id = AKIAUSEROWN\n');
      writeFileSync(join(base, 'dev', 'config'), '[profile dev]\nregion = eu-west-1\n'); // the user's edit: no marker
      rmSync(join(base, 'team%2Fops', 'credentials'));
      mkdirSync(join(base, 'team%2Fops', 'credentials')); // not a regular file
      const report = await engine.logout(await engine.planLogout({ kind: 'all' }));
      const reasons = report.items.filter((i) => i.status === 'failed').map((i) => i.reason);
      expect(reasons).toEqual(
        expect.arrayContaining([
          expect.stringContaining('config has no authui marker; not touched'),
          expect.stringContaining('credentials is not a regular file; not touched'),
        ]),
      );
      // Best effort: every store entry still went.
      expect(await engine.store.list()).toEqual([]);
      expect(readFileSync(join(home, 'credentials'), 'utf8')).toContain('AKIAUSEROWN');
      expect(readFileSync(join(base, 'dev', 'config'), 'utf8')).toContain('region = eu-west-1');
      const audit = readFileSync(paths.auditLog, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((e) => e.event === 'logout' && e.outcome === 'failed');
      expect(audit.map((e) => e.item).sort()).toEqual([
        `Files: ${join(base, 'dev')}/`,
        `Files: ${join(base, 'team%2Fops')}/`,
      ]);
    });

    it('plans several targets at once, each node and file tree once', async () => {
      const { engine, label, base } = await loggedIn();
      const plan = await engine.planLogout([
        { kind: 'identity', name: 'team/ops' },
        { kind: 'identity', name: 'admin' },
        { kind: 'identity', name: 'dev' },
      ]);
      expect(plan.nodes).toEqual(['identity:dev', 'identity:team/ops', 'identity:admin']);
      expect(plan.chains).toEqual([['team/ops'], ['dev', 'admin'], ['dev']]);
      expect(plan.items.filter((i) => i.kind === 'store')).toHaveLength(5);
      expect(
        plan.items
          .filter((i) => i.kind === 'files')
          .map((i) => i.ref)
          .sort(),
      ).toEqual([join(base, 'dev'), join(base, 'team%2Fops')]);
      expect(new Set(plan.items.map((i) => i.label)).size).toBe(plan.items.length);
      expect(plan.items[0]?.label).toBe(`${label}: identity:dev/long-term`);
    });

    it('cleanup-expired removes only expired sessions and keeps long-term keys', async () => {
      const { engine, env, store, base } = await loggedIn();
      // Two hours on: the assumed role (1h) has expired, the user sessions (12h) have not.
      const soon = later(engine, env, 2 * 3600_000);
      const plan = await soon.planCleanupExpired();
      expect(plan.nodes).toEqual(['identity:admin']);
      expect(plan.items.map((i) => [i.kind, i.ref])).toEqual([
        ['store', 'identity:admin/session'],
        ['rewrite', join(base, 'dev')],
      ]);
      const report = await soon.logout(plan);
      expect(report).toMatchObject({ removed: 1, failed: 0 });
      expect(report.items.map((i) => i.status)).toEqual(['removed', 'rewritten']);
      expect(await store.get('identity:admin/session')).toBeUndefined();
      expect(await store.get('identity:dev/session')).toBeDefined();
      const credentials = readFileSync(join(base, 'dev', 'credentials'), 'utf8');
      expect(credentials).toContain('[dev]');
      expect(credentials).not.toContain('[admin]');
      expect(soon.list().find((n) => n.name === 'admin')?.state).toBe('logged_out');
      // A day on: every session has expired; the keys stay, so the next login needs only MFA.
      const tomorrow = later(engine, env, 24 * 3600_000);
      const all = await tomorrow.logout(await tomorrow.planCleanupExpired());
      expect(all.items.map((i) => i.ref).sort()).toEqual(
        [join(base, 'dev'), join(base, 'team%2Fops'), 'identity:dev/session', 'identity:team/ops/session'].sort(),
      );
      expect((await store.list()).sort()).toEqual(['identity:dev/long-term', 'identity:team/ops/long-term']);
      expect(existsSync(join(base, 'dev'))).toBe(false);
      expect((await tomorrow.planCleanupExpired()).items).toEqual([]);
    });
  });
}

describe.skipIf(keyringMissing !== undefined)('logout --all and the rest of the keyring', () => {
  it('never touches entries of other services', async () => {
    const other = new SystemStore(testService());
    await other.set('identity:dev/session', 'someone-elses-token');
    const dir = tempDir();
    const env = isolatedEnv(dir, { AWS_ENDPOINT_URL_STS: sts.url });
    const ours = new SystemStore(testService());
    await ours.set('identity:dev/session', '{}');
    const config = (await parseConfigText(CONFIG, 'c.yaml', 'authui')).config as Config;
    const engine = testEngine({ config, store: ours, env });
    const report = await engine.logout(await engine.planLogout({ kind: 'all' }));
    expect(report.items.map((i) => i.label)).toEqual(['Keyring: identity:dev/session']);
    expect(await ours.list()).toEqual([]);
    expect(await other.get('identity:dev/session')).toBe('someone-elses-token');
    await other.delete('identity:dev/session');
  });
});
