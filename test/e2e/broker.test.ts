// The prompt broker end to end: the real aws CLI runs `aws sts get-caller-identity` with
// authui as its credential_process, in the background (no terminal); it blocks until the MFA
// code is typed into the dashboard running in a tmux window, then succeeds.
import { resolvePaths } from '../../src/auth/paths.js';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/auth/clock.js';
import { loadConfig } from '../../src/auth/config/load.js';
import { openCredentialStore } from '../../src/auth/stores/open.js';
import { BIN } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeSts } from '../servers/sts.js';

const MFA = 'arn:aws:iam::111122223333:mfa/bro';
const KEYS = { accessKeyId: 'AKIABROKERE2E0000001', secretAccessKey: 'broker-e2e-secret-canary' };
const sts = new FakeSts();
let session: TmuxSession | undefined;
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'bro', account: '111122223333', mfaSerial: MFA, mfaCode: '123456' });
});
afterAll(async () => {
  await sts.stop();
});
afterEach(() => session?.kill());

const awsV2 = spawnSync('/usr/bin/aws', ['--version'], { encoding: 'utf8' }).stdout?.startsWith('aws-cli/2')
  ? undefined
  : '/usr/bin/aws (aws-cli v2) is not installed';
const skip = tmuxMissing ?? awsV2;

describe.skipIf(skip !== undefined)(`prompt broker in a pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('aws sts get-caller-identity through credential_process waits for the code typed into the dashboard', async () => {
    const dir = tempDir();
    const cwd = join(dir, 'work');
    mkdirSync(cwd, { recursive: true });
    const configPath = join(cwd, 'authui.yaml');
    writeFileSync(
      configPath,
      `auth:\n  keyring: { type: file }\n  identities:\n    bro: { kind: aws/user, credentials: { region: eu-west-1, mfa_arn: "${MFA}" } }\n`,
    );
    const env = isolatedEnv(dir, {
      AUTHUI_KEYRING_PASSWORD: 'broker-e2e-password',
      AWS_ENDPOINT_URL_STS: sts.url,
      XDG_RUNTIME_DIR: join(dir, 'run'),
    });
    mkdirSync(env.XDG_RUNTIME_DIR as string, { mode: 0o700 });
    const config = await loadConfig({ env, cwd, paths: resolvePaths(env) });
    const { store } = await openCredentialStore({ config, env, clock: systemClock, paths: resolvePaths(env) });
    await store.set('identity:bro/long-term', JSON.stringify({ ...KEYS, mfaArn: MFA }));
    const awsConfig = join(dir, 'aws-config');
    writeFileSync(
      awsConfig,
      `[profile bro]\nregion = eu-west-1\ncredential_process = ${process.execPath} ${BIN} --config ${configPath} credential-process bro\n`,
    );

    session = TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, { env });
    await session.waitFor((s) => /bro\s+AWS user/.test(s));
    // The broker starts just after the first frame: wait for its socket, not for a time.
    await session.waitFor(() => existsSync(join(env.XDG_RUNTIME_DIR as string, 'authui', 'broker.sock')));

    const aws = spawn(
      '/usr/bin/aws',
      ['sts', 'get-caller-identity', '--profile', 'bro', '--output', 'json', '--endpoint-url', sts.url],
      {
        env: {
          ...env,
          AWS_CONFIG_FILE: awsConfig,
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
          AWS_DEFAULT_REGION: 'eu-west-1',
        } as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    aws.stdout.on('data', (d: Buffer) => (stdout += d));
    aws.stderr.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number>((resolve) => aws.on('close', (code) => resolve(code ?? -1)));

    const screen = await session.waitFor((s) => s.includes('MFA code for bro'), 20_000);
    console.log(`--- the dashboard asks for the background command ---\n${screen}`);
    // The asking program, and no arguments of it.
    expect(screen).toMatch(/aws \(for bro\) is waiting for this/);
    expect(screen).not.toContain('get-caller-identity');
    session.send('123456', 'Enter');
    const code = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/bro' });
    session.send('q');
    await session.waitFor((s) => s.includes('EXIT-CODE=0'));
  }, 60_000);
});
