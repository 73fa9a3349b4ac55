// `authui console`: AWS console sign-in links through the federation endpoint, proven against the
// fake STS's federation peer (which refuses an IAM user's GetSessionToken session, as AWS does):
// a role signs in with its session, an aws/user through GetFederationToken with its stored keys.
// The link goes to stdout only: not stderr, not the audit log.
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

const KEYS = { accessKeyId: 'AKIACONSOLE000000001', secretAccessKey: 'console-longterm-secret-canary' };
const sts = new FakeSts();
beforeAll(async () => {
  await sts.start();
  sts.addUser({ ...KEYS, userName: 'dev', account: '111122223333' });
  sts.addRole({ arn: 'arn:aws:iam::444455556666:role/Admin' });
});
afterAll(async () => {
  await sts.stop();
});

async function loggedIn() {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(
    dir,
    cwd,
    `auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user, credentials: { region: eu-west-1 } }\n    admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::444455556666:role/Admin", region: eu-central-1 } }\n`,
  );
  const env = isolatedEnv(dir, {
    AUTHUI_KEYRING_PASSWORD: 'console-test-password',
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SIGNIN: `${sts.url}/federation`,
  });
  const { engine } = await createApp({ io: captureIO(env, cwd) }).workspace();
  await engine.login(
    'admin',
    new ScriptedPrompter([{ access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey }]),
  );
  return { cwd, env, engine };
}

/** Follows the link as the browser would: the console lets it in (302 to the destination). */
async function open(url: string): Promise<string | null> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.status === 302 ? response.headers.get('location') : null;
}

describe('authui console', () => {
  it('a role signs in with its own session; the link lands on its region by default', async () => {
    const { engine } = await loggedIn();
    const url = await engine.mint('admin', 'console sign-in link');
    const link = new URL(url);
    expect(link.origin + link.pathname).toBe(`${sts.url}/federation`);
    expect(link.searchParams.get('Action')).toBe('login');
    expect(link.searchParams.get('Issuer')).toBe('authui');
    expect(await open(url)).toBe('https://eu-central-1.console.aws.amazon.com/console/home?region=eu-central-1');
    expect(sts.calls.filter((c) => c.action === 'GetFederationToken')).toHaveLength(0);
  });

  it('an aws/user federates from its stored keys (AWS refuses its GetSessionToken session)', async () => {
    const { engine } = await loggedIn();
    const url = await engine.mint('dev', 'console sign-in link', {
      region: 'us-west-2',
      destination: 'https://console.aws.amazon.com/s3/home',
    });
    expect(
      sts.calls.some(
        (c) => c.action === 'GetFederationToken' && c.accessKeyId === KEYS.accessKeyId && c.status === 200,
      ),
    ).toBe(true);
    expect(await open(url)).toBe('https://console.aws.amazon.com/s3/home');
    await expect(
      engine.mint('dev', 'console sign-in link', { destination: 'http://evil.example.com' }),
    ).rejects.toMatchObject({
      code: 'usage',
      message: '--destination must be an https:// URL',
    });
  });

  it('--print prints the link on stdout only; it is in no log', async () => {
    const { cwd, env } = await loggedIn();
    const result = await runCommand(['console', 'admin', '--print'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const url = result.stdout.trim();
    expect(await open(url)).toContain('console.aws.amazon.com');
    const token = new URL(url).searchParams.get('SigninToken') as string;
    expect(readFileSync(resolvePaths(env).auditLog, 'utf8')).not.toContain(token);
    // Without a display (this test's environment), no --print still prints rather than opening.
    const headless = await runCommand(['console', 'admin'], { cwd, env });
    expect(headless.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login/);
  });
});
