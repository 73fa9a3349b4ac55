// A full disk and a read-only one, for real: the store's directory (XDG_DATA_HOME), the state
// directory (session index, locks, audit, session cache) and the home (AWS files) each on a small
// tmpfs of its own, filled to the last byte or remounted read-only in turn, under the built
// binary's login and logout. Each ends in a clear error with a hint (never a stack trace), and
// nothing is lost: the store decrypts with the long-term keys, the AWS files are whole (the old
// ones when the write is refused). Needs root and mount (CI has both); elsewhere the suite says
// why it is skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/auth/clock.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { runBinAsync, type RunResult } from '../helpers/cli.js';
import { isolatedEnv, removeTempDir, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';

const STORE_PASSWORD = 'disk-fault-store-password';
const KEYS = { accessKeyId: 'AKIADISKFAULT0000001', secretAccessKey: 'CANARY-disk-fault-aws-secret-000000000' };

function mountProblem(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  const probe = tempDir('authui-mount-probe-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (mounted.status !== 0) return `mount is not permitted here (${String(mounted.stderr).trim()})`;
  spawnSync('umount', [probe]);
  return undefined;
}
const problem = mountProblem();

const sts = new FakeSts();
let root: string;
let env: Record<string, string | undefined>;
let cwd: string;
const DIRS = { data: 'XDG_DATA_HOME', state: 'XDG_STATE_HOME', home: 'HOME' } as const;
type Dir = keyof typeof DIRS;
const dirOf = (dir: Dir) => env[DIRS[dir]] as string;

function mount(dir: Dir, options: string): void {
  const r = spawnSync('mount', ['-o', options, dirOf(dir)]);
  expect(r.status, String(r.stderr)).toBe(0);
}

function store(): FileStore {
  const paths = resolvePaths(env);
  return new FileStore({
    path: paths.fileStore,
    locksDir: paths.locksDir,
    password: STORE_PASSWORD,
    clock: systemClock,
    onWarning: () => {},
  });
}

const credentialsFile = () => join(env.HOME as string, '.aws', 'authui', 'dev', 'credentials');

/** The store decrypts and holds the long-term keys; the AWS credentials file is whole. */
async function expectNothingLost(): Promise<void> {
  const s = store();
  expect(JSON.parse((await s.get('identity:dev/long-term')) as string)).toEqual(KEYS);
  expect(await s.get('identity:dev/session')).toBeDefined();
  const text = readFileSync(credentialsFile(), 'utf8');
  expect(text).toMatch(/^# authui: expiration=/);
  expect(text).toMatch(/\[dev\]\naws_access_key_id = ASIA\w+\naws_secret_access_key = \S+\naws_session_token = \S+/);
}

function expectClearError(result: RunResult, cause: RegExp, hint: RegExp): void {
  expect(result.code, result.stdout + result.stderr).not.toBe(0);
  expect(result.stderr).toMatch(cause);
  expect(result.stderr).toMatch(hint);
  expect(result.stderr).not.toMatch(/\n\s+at |this is a bug/);
  expect(result.stderr).not.toContain(KEYS.secretAccessKey);
}

const run = (...args: string[]) => runBinAsync(args, { env, cwd });
const READ_ONLY = /^error: Cannot \w+ \S+: the file system is read-only \(EROFS\)$/m;

describe.skipIf(problem !== undefined)(`a full or read-only disk${problem ? ` (skipped: ${problem})` : ''}`, () => {
  beforeAll(async () => {
    await sts.start();
    sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
    // Not tempDir: its cleanup after each test would empty the mounts between the tests.
    root = mkdtempSync(join(tmpdir(), 'authui-disk-'));
    env = isolatedEnv(root, {
      AUTHUI_KEYRING_PASSWORD: STORE_PASSWORD,
      AWS_ENDPOINT_URL_STS: sts.url,
      AUTHUI_NETWORK_TIMEOUT_MS: '3000',
    });
    for (const dir of Object.keys(DIRS) as Dir[]) {
      mkdirSync(dirOf(dir), { recursive: true });
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', dirOf(dir)]).status).toBe(0);
    }
    cwd = join(root, 'work');
    mkdirSync(cwd, { recursive: true });
    writeTrustedConfig(
      root,
      cwd,
      'auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n',
    );
    await store().set('identity:dev/long-term', JSON.stringify(KEYS));
    const first = await run('login', 'dev');
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(async () => {
    for (const dir of Object.keys(DIRS) as Dir[]) spawnSync('umount', ['-l', dirOf(dir)]);
    removeTempDir(root);
    await sts.stop();
  });

  it.each(Object.keys(DIRS) as Dir[])('the %s directory full: login says so, and nothing is lost', async (dir) => {
    const before = readFileSync(credentialsFile(), 'utf8');
    const filler = join(dirOf(dir), 'filler');
    // Fill to the last byte (dd stops at ENOSPC).
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k']);
    try {
      const result = await run('login', 'dev');
      console.log(`--- login, ${dir} full ---\n${result.stderr}`);
      expectClearError(result, /^error: .*(ENOSPC|disk is full)/m, /hint: Free some disk space/);
      await expectNothingLost();
      // The AWS files are written last: refused, they are the old ones.
      if (dir === 'home') expect(readFileSync(credentialsFile(), 'utf8')).toBe(before);
    } finally {
      rmSync(filler, { force: true });
    }
    const again = await run('login', 'dev');
    expect(again.code, again.stderr).toBe(0);
  });

  it.each(Object.keys(DIRS) as Dir[])(
    'the %s directory read-only: login says so, reading still works, logout removes what it can and says what it could not',
    async (dir) => {
      mount(dir, 'remount,ro');
      let logout: RunResult;
      try {
        const login = await run('login', 'dev');
        console.log(`--- login, ${dir} read-only ---\n${login.stderr}`);
        expectClearError(login, READ_ONLY, /hint: Remount it read-write/);
        const cached = await run('credential-process', 'dev');
        expect(cached.code, cached.stderr).toBe(0);
        logout = await run('logout', 'dev', '--strict');
        console.log(`--- logout, ${dir} read-only ---\n${logout.stdout}${logout.stderr}`);
      } finally {
        mount(dir, 'remount,rw');
      }
      if (dir === 'state') {
        // The session index cannot be locked: nothing is touched.
        expectClearError(logout, READ_ONLY, /hint: Remount it read-write/);
      } else {
        // Best effort, item by item: the items on the writable side go, the others are named.
        const refused =
          dir === 'data'
            ? /^ {2}✗ Store \(file\): identity:dev\/session \(Cannot .*read-only \(EROFS\)\)$/m
            : /^ {2}✗ Files: .*\(Cannot remove .*read-only \(EROFS\)\)$/m;
        expect(logout.stdout).toMatch(refused);
        expect(logout.stdout).toContain('Logged out with warnings');
        expect(logout.code).toBe(4);
        await store().set('identity:dev/long-term', JSON.stringify(KEYS));
        const again = await run('login', 'dev');
        expect(again.code, again.stderr).toBe(0);
      }
      await expectNothingLost();
    },
  );
});
