// kill -9 at random points of the built binary's login, renewal and logout, many times over, on a
// password-protected file store. After every kill: the store decrypts, the session index and the
// session cache parse, the AWS files are whole (every profile complete), every audit line parses,
// and the long-term keys are still there unless a logout was asked for. At the end, a lock left by
// a killed holder does not hold up the next command (a dead holder is taken over at once).
import { testEngine } from '../helpers/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseIni } from 'ini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/auth/clock.js';
import { loadConfig } from '../../src/auth/config/load.js';
import { AuditLog } from '../../src/auth/audit.js';
import { FileStore } from '../../src/auth/stores/file.js';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeSts } from '../servers/sts.js';
import { FakeTokenService } from '../servers/token-service.js';

const ITERATIONS = 30;
const STORE_PASSWORD = 'crash-loop-store-password';
const KEYS = { accessKeyId: 'AKIACRASHLOOP0000001', secretAccessKey: 'CANARY-crash-loop-aws-secret-0000000000' };
const PASSWORD = 'CANARY-crash-loop-password';

const sts = new FakeSts();
const kitty = new FakeTokenService();
let ws: ReturnType<typeof cliWorkspace>;

beforeAll(async () => {
  await sts.start();
  await kitty.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
  kitty.addUser('ada', PASSWORD);
  // Every `token kitty` renews: the access token lives 2 s, less than the renewal lead.
  kitty.accessSeconds = 2;
  ws = cliWorkspace(
    `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: token-service, base_url: "${kitty.url}", username: ada }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n`,
    STORE_PASSWORD,
  );
  ws.env.AWS_ENDPOINT_URL_STS = sts.url;
});
afterAll(async () => {
  await sts.stop();
  await kitty.stop();
});

/**
 * Puts back what a completed logout removed, through the engine (a store that fails here fails
 * the test), and signs in to kitty again when its session is gone or was refused: a kill between
 * the server rotating the refresh token and the new one being stored loses that session (the
 * server refuses the old token as reused). That is the one loss a crash can cause, and it costs
 * a sign-in, never a long-term secret (README, "Crash safety").
 */
async function ensureLoggedIn(kittyRefused = false): Promise<void> {
  const config = await loadConfig({ env: ws.env, cwd: ws.cwd, paths: resolvePaths(ws.env) });
  const engine = testEngine({ config, store: ws.store, env: ws.env });
  if (!(await ws.store.get('identity:dev/long-term')))
    await ws.store.set('identity:dev/long-term', JSON.stringify(KEYS));
  if (kittyRefused || !(await ws.store.get('provider:kitty/session')))
    await engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
}

/** `token kitty` works, or says the session must be signed in again (exit 3), and nothing else. */
async function tokenWorksOrAsksForSignIn(): Promise<boolean> {
  const token = await runBinAsync(['token', 'kitty'], { env: ws.env, cwd: ws.cwd });
  if (token.code === 0) return true;
  expect(token.code, token.stderr).toBe(3);
  expect(token.stderr).toMatch(/Session expired\. Please log in again\.|"kitty" is not logged in/);
  return false;
}

/** Starts `args` and kills it with SIGKILL after `delayMs` (it may finish first). */
function killAfter(args: string[], delayMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: ws.env as NodeJS.ProcessEnv,
      cwd: ws.cwd,
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? String(code));
    });
  });
}

async function expectWholeState(loggedOut: boolean): Promise<void> {
  // The store decrypts, read by a FileStore of its own (no key cached from an earlier read).
  const store = new FileStore({
    path: ws.paths.fileStore,
    locksDir: ws.paths.locksDir,
    password: STORE_PASSWORD,
    clock: systemClock,
    onWarning: () => {},
  });
  expect(Array.isArray(await store.list())).toBe(true);
  if (!loggedOut) expect(JSON.parse((await store.get('identity:dev/long-term')) as string)).toEqual(KEYS);
  if (existsSync(ws.paths.sessionIndex))
    expect(typeof JSON.parse(readFileSync(ws.paths.sessionIndex, 'utf8'))).toBe('object');
  const cache = resolvePaths(ws.env).sessionCache;
  if (existsSync(cache))
    for (const file of readdirSync(cache).filter((f) => !f.startsWith('.')))
      expect(() => JSON.parse(readFileSync(join(cache, file), 'utf8')), file).not.toThrow();
  // The AWS files: absent, or every profile complete (never a torn file).
  const credentials = join(ws.env.HOME as string, '.aws', 'authui', 'dev', 'credentials');
  if (existsSync(credentials)) {
    const text = readFileSync(credentials, 'utf8');
    expect(text).toMatch(/^# authui: expiration=/);
    for (const profile of Object.values(parseIni(text)) as Record<string, string>[])
      expect(Object.keys(profile).sort()).toEqual(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);
  }
  if (existsSync(ws.paths.auditLog)) {
    const lines = readFileSync(ws.paths.auditLog, 'utf8').split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(() => new AuditLog(ws.paths.auditLog).recent('identity:dev', 5)).not.toThrow();
  }
}

describe('kill -9 at random points', () => {
  it(`login, renewal and logout killed ${ITERATIONS} times leave every file whole and no lock in the way`, async () => {
    const operations = [
      ['login', 'dev'],
      ['token', 'kitty'],
      ['credential-process', 'dev'],
      ['logout', 'dev'],
      ['logout', 'kitty'],
    ];
    const outcomes: string[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      await ensureLoggedIn(!(await tokenWorksOrAsksForSignIn()));
      const args = operations[i % operations.length] as string[];
      // From before the runtime is up to well into the work (the fake peers answer in ~1 ms).
      const delay = Math.floor(Math.random() * 400);
      outcomes.push(`${args.join(' ')} @${delay}ms: ${await killAfter(args, delay)}`);
      await expectWholeState(args[0] === 'logout');
    }
    // Both ends happened: runs killed midway, and runs that finished.
    expect(
      outcomes.some((o) => o.endsWith('SIGKILL')),
      outcomes.join('\n'),
    ).toBe(true);
    expect(
      outcomes.some((o) => o.endsWith(': 0')),
      outcomes.join('\n'),
    ).toBe(true);
    // A lock held by a killed process: login waits on a hung STS while holding dev's lock.
    await ensureLoggedIn();
    // First a login untimed: a kill above may have landed between a lock's mkdir and its holder's
    // name (two system calls apart now, lock.ts; once a turn of the event loop, which a CI run
    // met), and such a lock goes stale by age (10 s). The timed login below must meet only the
    // lock of the holder killed here, which names itself.
    const settled = await runBinAsync(['login', 'dev'], { env: ws.env, cwd: ws.cwd });
    expect(settled.code, settled.stderr).toBe(0);
    for (let i = 0; i < 3; i++) sts.failNext({ kind: 'hang' }, 'GetSessionToken');
    const hung = spawn(process.execPath, [BIN, 'login', 'dev'], {
      env: ws.env as NodeJS.ProcessEnv,
      cwd: ws.cwd,
      stdio: 'ignore',
    });
    // Killed once it holds the lock: the lock's owner file names it.
    const holds = () =>
      existsSync(ws.paths.locksDir) &&
      readdirSync(ws.paths.locksDir).some(
        (f) => f.endsWith('.owner') && readFileSync(join(ws.paths.locksDir, f), 'utf8').endsWith(` ${hung.pid}`),
      );
    // A lock left by a process killed between taking it and naming itself goes stale by age (10 s).
    const deadline = Date.now() + 20_000;
    while (!holds() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(holds()).toBe(true);
    hung.kill('SIGKILL');
    await new Promise((r) => hung.on('exit', r));
    sts.faults.clear();
    const started = Date.now();
    const next = await runBinAsync(['login', 'dev'], { env: ws.env, cwd: ws.cwd });
    expect(next.code, next.stderr).toBe(0);
    // Far under the 10 s a lock takes to go stale by age.
    expect(Date.now() - started).toBeLessThan(5_000);
    if (!(await tokenWorksOrAsksForSignIn())) {
      await ensureLoggedIn(true);
      expect(await tokenWorksOrAsksForSignIn()).toBe(true);
    }
    await expectWholeState(false);
  }, 120_000);
});
