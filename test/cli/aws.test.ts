// AWS commands on the built binary, against the fake STS, with the real aws CLI as consumer.
// One login (beforeAll) for the file; every test holds on its own, in any order or alone.
import { captureIO } from '../helpers/io.js';
import { createApp } from '../../src/app/app.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../src/auth/paths.js';
import { BIN, runBinAsync, runCommand } from '../helpers/cli.js';
import { expectHotPath, TRACE_HOOK } from '../helpers/hot-path.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, removeTempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';

const MFA = 'arn:aws:iam::111122223333:mfa/dev';
const KEYS = { accessKeyId: 'AKIACLITEST000000001', secretAccessKey: 'CANARY-LONGTERM-SECRET-cccccccccccccccc' };
const CONFIG = `auth:
  keyring: { type: file }
  identities:
    dev: { kind: aws/user, default: true, credentials: { region: eu-west-1, mfa_arn: "${MFA}" } }
    "team/admin": { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::444455556666:role/Admin" } }
`;

const sts = new FakeSts();
let ws: { dir: string; cwd: string; env: Record<string, string | undefined>; realAwsCreds: string };
let sessionSecrets: string[] = [];

beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
  sts.addRole({ arn: 'arn:aws:iam::444455556666:role/Admin' });
  // Lives for the whole file (tempDir() is per test).
  const dir = mkdtempSync(join(tmpdir(), 'authui-aws-cli-'));
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(dir, cwd, CONFIG);
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'cli-test-password', AWS_ENDPOINT_URL_STS: sts.url });
  // A real ~/.aws/credentials that authui must never touch.
  const realAwsCreds = join(env.HOME as string, '.aws', 'credentials');
  mkdirSync(join(env.HOME as string, '.aws'), { recursive: true });
  writeFileSync(
    realAwsCreds,
    '[default]\naws_access_key_id = AKIAUSEROWN000000000\naws_secret_access_key = users-own\n',
  );
  ws = { dir, cwd, env, realAwsCreds };
  // Log in through the engine (the interactive CLI login is covered in the tmux test).
  const { engine, store } = await createApp({ io: captureIO(env, cwd) }).workspace();
  await engine.login(
    'dev',
    new ScriptedPrompter([
      { access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey },
      { code: '123456' },
    ]),
  );
  const session = JSON.parse((await store.get('identity:dev/session')) as string);
  sessionSecrets = [session.secretAccessKey, session.sessionToken];
});
afterAll(async () => {
  await sts.stop();
  removeTempDir(ws.dir);
});

/** Every command's output, for the canary sweep at the end. */
const outputs: { args: string[]; text: string }[] = [];
const bin = async (args: string[], extra: Record<string, string | undefined> = {}, nodeArgs?: string[]) => {
  const result = await runBinAsync(args, { env: { ...ws.env, ...extra }, cwd: ws.cwd, nodeArgs });
  outputs.push({ args, text: result.stdout + result.stderr });
  return result;
};
const filesDir = () => join(ws.env.HOME as string, '.aws', 'authui', 'dev');

function expectNoSecrets(text: string) {
  for (const secret of [KEYS.secretAccessKey, ...sessionSecrets]) expect(text).not.toContain(secret);
}

describe('AWS files', () => {
  it('writes credentials and config with the marker, 0600 in 0700, and leaves ~/.aws/credentials alone', () => {
    const credentials = readFileSync(join(filesDir(), 'credentials'), 'utf8');
    expect(credentials.split('\n')[0]).toMatch(/^# authui: expiration=\d{4}-\d\d-\d\dT/);
    expect(credentials).toContain('[dev]\naws_access_key_id = ASIA');
    expect(credentials).toContain('aws_session_token = ');
    expect(credentials).not.toContain(KEYS.secretAccessKey);
    expect(readFileSync(join(filesDir(), 'config'), 'utf8')).toContain('[profile dev]\nregion = eu-west-1');
    expect(statSync(join(filesDir(), 'credentials')).mode & 0o777).toBe(0o600);
    expect(statSync(filesDir()).mode & 0o777).toBe(0o700);
    expect(readFileSync(ws.realAwsCreds, 'utf8')).toContain('users-own');
    expect(readFileSync(ws.realAwsCreds, 'utf8')).not.toContain('ASIA');
  });
});

describe('authui credential-process', () => {
  it('prints Version 1 JSON from the cache without loading the SDK, Ink or React', async () => {
    const trace = join(ws.dir, 'trace-cp.txt');
    writeFileSync(trace, '');
    const result = await bin(['credential-process', 'dev'], { AUTHUI_TRACE_FILE: trace }, ['--import', TRACE_HOOK]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(doc.SecretAccessKey).toBe(sessionSecrets[0]);
    expect(Date.parse(doc.Expiration)).toBeGreaterThan(Date.now());
    expectHotPath(trace, ws.env, 'credential-process');
  });

  it('renews a role without a terminal, from the parent session, over STS without the AWS SDK', async () => {
    const trace = join(ws.dir, 'trace-role.txt');
    writeFileSync(trace, '');
    const calls = sts.calls.length;
    const result = await bin(['credential-process', 'team/admin'], { AUTHUI_TRACE_FILE: trace }, [
      '--import',
      TRACE_HOOK,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).AccessKeyId).toMatch(/^ASIA/);
    expect(readFileSync(join(filesDir(), 'credentials'), 'utf8')).toContain('[team/admin]');
    // The fake STS checked the signature of the AssumeRole it answered.
    expect(sts.calls.slice(calls).map((c) => `${c.action} ${c.status}`)).toContain('AssumeRole 200');
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('dist/'); // the trace works
    expect(loaded).not.toContain('@aws-sdk');
    expect(loaded).not.toContain('@smithy');
  });

  it('a result it cannot write is a failure, not exit 0 (its reader went away: EPIPE)', async () => {
    const child = spawn(process.execPath, [BIN, 'credential-process', 'dev'], {
      env: ws.env as NodeJS.ProcessEnv,
      cwd: ws.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The read end closes before the child has run a line of JavaScript: its write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('error: Could not write the result to standard output (EPIPE)');
    expectNoSecrets(stderr);
  });

  it('exits 3 with the command to run when only an interactive login can help', async () => {
    const result = await bin(['credential-process', 'dev'], {
      AUTHUI_KEYRING_PASSWORD: 'cli-test-password',
      XDG_STATE_HOME: join(ws.dir, 'empty-state'),
      AUTHUI_CONFIG: join(ws.cwd, 'authui.yaml'), // named: trusted in any state directory
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('authui login dev');
  });

  it('reports errors the same way as every other command (unknown name: exit 2 with the known names), and --help still works', async () => {
    const unknown = await bin(['credential-process', 'ghost']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No provider or identity named "ghost"');
    expect(unknown.stderr).toContain('Available identities:');
    const help = await bin(['credential-process', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: authui credential-process');
  });
});

describe('authui login without a terminal', () => {
  it('never prompts: exit 3 and the hint', async () => {
    const result = await bin(['login', 'dev'], {
      XDG_STATE_HOME: join(ws.dir, 'state-2'),
      XDG_DATA_HOME: join(ws.dir, 'data-2'),
      AUTHUI_CONFIG: join(ws.cwd, 'authui.yaml'), // named: trusted in any state directory
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Run "authui login dev" in a terminal.');
  });
});

describe('authui env / exec / whoami', () => {
  it('prints the file variables in every format and refuses unknown ones', async () => {
    const trace = join(ws.dir, 'trace-env.txt');
    writeFileSync(trace, '');
    const bash = await bin(['env', 'dev'], { AUTHUI_TRACE_FILE: trace }, ['--import', TRACE_HOOK]);
    expectHotPath(trace, ws.env, 'env');
    expect(bash.stdout).toContain(`export AWS_SHARED_CREDENTIALS_FILE='${join(filesDir(), 'credentials')}'`);
    expect(bash.stdout).toContain("export AWS_PROFILE='dev'");
    expect(bash.stdout).toContain("export AWS_REGION='eu-west-1'");
    expect(JSON.parse((await bin(['env', 'dev', '--format', 'json'])).stdout)).toMatchObject({
      AWS_PROFILE: 'dev',
      AWS_CONFIG_FILE: join(filesDir(), 'config'),
    });
    expect((await bin(['env', '--format', 'dotenv'])).stdout).toContain("AWS_PROFILE='dev'");
    expect((await bin(['env', 'dev', '--format', 'github'])).stdout).toContain('AWS_PROFILE=dev\n');
    const bad = await bin(['env', 'dev', '--format', 'fish']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are bash, json, dotenv, github');
    expectNoSecrets(bash.stdout + bash.stderr);
  });

  it('exec runs the command with the credentials and passes its exit code through', async () => {
    const script =
      'process.stdout.write([process.env.AWS_PROFILE, process.env.AWS_ACCESS_KEY_ID.slice(0,4), !!process.env.AWS_SESSION_TOKEN].join(",")); process.exit(7)';
    const trace = join(ws.dir, 'trace-exec.txt');
    writeFileSync(trace, '');
    const result = await bin(['exec', 'dev', '--', process.execPath, '-e', script], { AUTHUI_TRACE_FILE: trace }, [
      '--import',
      TRACE_HOOK,
    ]);
    expect(result.stdout).toBe('dev,ASIA,true');
    expect(result.code).toBe(7);
    expectHotPath(trace, ws.env, 'exec');
  });

  it('exec becomes the command where the runtime can (process.execve), else waits for it; a missing command is 127', async () => {
    // The shell prints its own pid and its parent's: with execve it is the process we started.
    const child = spawn(process.execPath, [BIN, 'exec', 'dev', '--', 'sh', '-c', 'echo "$$ $PPID"'], {
      env: ws.env as NodeJS.ProcessEnv,
      cwd: ws.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const [pid, parent] = out.trim().split(' ').map(Number);
    const replaces = typeof (process as { execve?: unknown }).execve === 'function';
    expect(pid === child.pid).toBe(replaces);
    expect(parent === child.pid).toBe(!replaces);
    const missing = await bin(['exec', 'dev', '--', 'no-such-command-authui']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('error: cannot run no-such-command-authui: ENOENT');
    expect(missing.stderr).toContain('hint: check the command name and your PATH.');
    // A command name is said with its controls written out, never sent to the terminal raw.
    const hostile = await bin(['exec', 'dev', '--', 'no-such\x1b]0;pwned\x07-command']);
    expect(hostile.code).toBe(127);
    expect(hostile.stderr).toContain('error: cannot run no-such\\x1b]0;pwned\\x07-command: ENOENT');
    expect(hostile.stderr).not.toContain('\x1b');
  });

  it('exec with two identities that set the same variable otherwise is a usage error that names both', async () => {
    const both = await bin(['exec', 'dev', 'team/admin', '--', 'true']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/error: AWS_\w+ is set by both dev and team\/admin/);
    expect(both.stderr).toContain('hint: Run them in separate exec calls');
    expectNoSecrets(both.stderr);
  });

  it('exec forwards SIGTERM to the command and exits with its code', async () => {
    const ready = join(ws.dir, 'child-ready');
    const script = `process.on('SIGTERM', () => process.exit(42)); require('fs').writeFileSync(${JSON.stringify(ready)}, 'x'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, [BIN, 'exec', 'dev', '--', process.execPath, '-e', script], {
      env: ws.env as NodeJS.ProcessEnv,
      cwd: ws.cwd,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    while (!existsSync(ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(42);
  });

  it('whoami asks STS with the session credentials', async () => {
    const result = await bin(['whoami', 'dev', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      identity: 'dev',
      account: '111122223333',
      arn: 'arn:aws:iam::111122223333:user/dev',
    });
    expectNoSecrets(result.stdout + result.stderr);
  });

  it('keeps secrets out of the audit log, the session index and the config file', () => {
    const paths = resolvePaths(ws.env);
    for (const file of [paths.auditLog, paths.sessionIndex, join(filesDir(), 'config')])
      expectNoSecrets(readFileSync(file, 'utf8'));
  });
});

// The aws CLI as a real consumer: our files, and credential_process.
const CLIS = [
  { name: 'aws-cli v2 (/usr/bin/aws)', path: '/usr/bin/aws', endpointFlag: true },
  { name: 'aws-cli v1 (first on PATH)', path: 'aws', endpointFlag: false },
].map((cli) => {
  const probe = spawnSync(cli.path, ['--version'], { encoding: 'utf8' });
  const version = `${probe.stdout}${probe.stderr}`;
  const present =
    probe.status === 0 && (cli.endpointFlag ? version.startsWith('aws-cli/2') : version.startsWith('aws-cli/1'));
  return { ...cli, missing: present ? undefined : `${cli.path} is not installed or not that version` };
});

for (const cli of CLIS) {
  describe.skipIf(cli.missing !== undefined)(`${cli.name}${cli.missing ? ` (skipped: ${cli.missing})` : ''}`, () => {
    const awsEnv = (extra: Record<string, string>) => {
      const env: Record<string, string | undefined> = { ...ws.env, AWS_DEFAULT_REGION: 'eu-west-1', ...extra };
      delete env.AWS_ACCESS_KEY_ID;
      return env;
    };
    // v2 (2.9) predates AWS_ENDPOINT_URL_STS; v1 and the SDK honour it.
    const args = () => [
      'sts',
      'get-caller-identity',
      '--output',
      'json',
      ...(cli.endpointFlag ? ['--endpoint-url', sts.url] : []),
    ];

    it('uses the files authui wrote', async () => {
      const result = await runBinAsync(args(), {
        command: cli.path,
        cwd: ws.cwd,
        env: awsEnv({
          AWS_SHARED_CREDENTIALS_FILE: join(filesDir(), 'credentials'),
          AWS_CONFIG_FILE: join(filesDir(), 'config'),
          AWS_PROFILE: 'dev',
        }),
      });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toMatchObject({
        Account: '111122223333',
        Arn: 'arn:aws:iam::111122223333:user/dev',
      });
    });

    it('uses credential_process = authui credential-process', async () => {
      const config = join(ws.dir, `cp-${cli.endpointFlag ? 'v2' : 'v1'}.ini`);
      writeFileSync(
        config,
        `[profile cp]\ncredential_process = ${process.execPath} ${BIN} --config ${join(ws.cwd, 'authui.yaml')} credential-process dev\nregion = eu-west-1\n`,
      );
      const result = await runBinAsync(args(), {
        command: cli.path,
        cwd: ws.cwd,
        env: awsEnv({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(ws.dir, 'none'), AWS_PROFILE: 'cp' }),
      });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).Arn).toBe('arn:aws:iam::111122223333:user/dev');
    });
  });
}

it('canary sweep: no secret in any file but the AWS credentials files, nor in any output but the credential outputs', async () => {
  // Its own commands first, so it holds when run alone; the outputs of the tests before it count too.
  for (const args of [
    ['status'],
    ['status', '--json'],
    ['env', 'dev'],
    ['env', 'team/admin', '--format', 'json'],
    ['whoami', 'dev', '--json'],
    ['credential-process', 'ghost'],
    ['logout', 'team/admin', '--dry-run'],
  ]) {
    const result = await runCommand(args, { env: ws.env, cwd: ws.cwd });
    outputs.push({ args, text: result.stdout + result.stderr });
  }
  await runCommand(['credential-process', 'team/admin'], { env: ws.env, cwd: ws.cwd });
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(ws.dir);
  const awsCredentials = new RegExp(`${join('.aws', 'authui').replace(/[.]/g, '\\.')}/[^/]+/credentials$`);
  // The short-lived session cache holds what the AWS credentials files hold: session keys only.
  const sessionCache = files.filter((f) => f.includes(`${join('authui', 'session-cache')}/`));
  expect(sessionCache.length).toBeGreaterThan(0);
  for (const file of sessionCache) expect(readFileSync(file, 'utf8')).not.toContain(KEYS.secretAccessKey);
  const scanned = files.filter((f) => !awsCredentials.test(f) && !sessionCache.includes(f));
  expect(scanned.length).toBeGreaterThan(5);
  for (const file of scanned) {
    const text = readFileSync(file, 'latin1');
    for (const secret of [KEYS.secretAccessKey, ...sessionSecrets])
      expect(text.includes(secret), `${secret.slice(0, 6)}… found in ${file}`).toBe(false);
  }
  // credential-process and exec print credentials by design; everything else must not.
  const checked = outputs.filter((o) => o.args[0] !== 'credential-process' && o.args[0] !== 'exec');
  expect(checked.length).toBeGreaterThan(5);
  for (const o of checked)
    for (const secret of [KEYS.secretAccessKey, ...sessionSecrets])
      expect(o.text.includes(secret), `secret in output of ${o.args.join(' ')}`).toBe(false);
});

it('the real ~/.aws/credentials is untouched at the end', () => {
  expect(existsSync(ws.realAwsCreds)).toBe(true);
  expect(readFileSync(ws.realAwsCreds, 'utf8')).toBe(
    '[default]\naws_access_key_id = AKIAUSEROWN000000000\naws_secret_access_key = users-own\n',
  );
});
