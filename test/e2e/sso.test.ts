// IAM Identity Center in a real pty: the dashboard's device-code screen and the inline CLI text,
// approved by opening the link shown; then the aws CLI uses the files authui wrote.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { isolatedEnv, tempDir, writeTrustedConfig } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeSso } from '../servers/sso.js';
import { FakeSts } from '../servers/sts.js';

const sts = new FakeSts();
const sso = new FakeSso(sts);
let session: TmuxSession | undefined;
beforeAll(async () => {
  await sts.start();
  await sso.start();
  sso.interval = 0.1;
  sso.assign({ accountId: '444455556666', accountName: 'production', roleName: 'ReadOnly' });
  sso.assign({ accountId: '555566667777', accountName: 'staging', roleName: 'Developer' });
});
afterAll(async () => {
  await sso.stop();
  await sts.stop();
});
afterEach(() => session?.kill());

const awsV2 = spawnSync('/usr/bin/aws', ['--version'], { encoding: 'utf8' }).stdout?.startsWith('aws-cli/2')
  ? undefined
  : '/usr/bin/aws (aws-cli v2) is not installed';

function workspace() {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeTrustedConfig(
    dir,
    cwd,
    `auth:\n  keyring: { type: file }\n  providers:\n    acme-sso: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start }\n  identities:\n    prod-ro: { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: ReadOnly, account: { id: "444455556666" } } }\n    staging: { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: Developer, account: { name: staging } } }\n`,
  );
  const env = isolatedEnv(dir, {
    AUTHUI_KEYRING_PASSWORD: 'sso-e2e-password',
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
    AWS_ENDPOINT_URL_SSO: sso.url,
  });
  return { dir, cwd, env };
}

/** The verification link on screen, opened as the user's browser would. */
async function approveFromScreen(screen: string) {
  const link = /(http:\/\/127\.0\.0\.1:\d+\/start\/device\?user_code=[0-9A-F-]+)/.exec(screen)?.[1];
  expect(link).toBeDefined();
  expect((await fetch(link as string)).status).toBe(200);
}

describe.skipIf(tmuxMissing !== undefined)(
  `IAM Identity Center in a pty${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('dashboard: l shows the device code; approving it turns the rows active', async () => {
      const { cwd, env } = workspace();
      session = TmuxSession.start(`cd ${cwd} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
        env,
        columns: 100,
        rows: 30,
      });
      await session.waitFor((s) => /prod-ro\s+AWS permissio…\s+○ logged out/.test(s));
      session.send('j', 'l');
      let screen = await session.waitFor(
        (s) => s.includes('Sign in · AWS IAM Identity Center acme-sso') && s.includes('waiting for approval'),
      );
      console.log(`--- device code ---\n${screen}`);
      expect(screen).toMatch(/Check that the page shows the code [0-9A-F]{4}-[0-9A-F]{4}/);
      await approveFromScreen(screen);
      screen = await session.waitFor((s) =>
        /› {3}prod-ro\s+AWS permissio…\s+● active\s+(59m \d\ds|1h 00m)\s+444455556666\s+eu-centra…/.test(s),
      );
      expect(screen).toMatch(/◆ acme-sso\s+AWS SSO \(prov…\s+● active/);
      session.send('q');
      await session.waitFor((s) => s.includes('EXIT-CODE=0'));
    });

    it('authui login prints the link and code inline, then the summary; the aws CLI uses the files', async () => {
      const { cwd, env, dir } = workspace();
      session = TmuxSession.start(
        `cd ${cwd} && ${process.execPath} ${BIN} login staging; echo "EXIT-CODE=$?"; sleep 30`,
        { env, columns: 120, rows: 30 },
      );
      let screen = await session.waitFor((s) => s.includes('Waiting for approval'));
      expect(screen).toContain('AWS IAM Identity Center acme-sso: open this link in a browser');
      await approveFromScreen(screen);
      screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      console.log(`--- authui login staging ---\n${screen}`);
      expect(screen).toContain('✓ Logged in to staging');
      expect(screen).toMatch(/acme-sso\s+staging\s+555566667777\s+eu-central-1/);
      expect(screen).toContain('EXIT-CODE=0');
      if (awsV2) return console.log(`aws CLI check skipped: ${awsV2}`);
      const files = join(dir, 'home', '.aws', 'authui', 'acme-sso');
      const aws = await runBinAsync(['sts', 'get-caller-identity', '--output', 'json', '--endpoint-url', sts.url], {
        command: '/usr/bin/aws',
        cwd,
        env: {
          ...env,
          AWS_SHARED_CREDENTIALS_FILE: join(files, 'credentials'),
          AWS_CONFIG_FILE: join(files, 'config'),
          AWS_PROFILE: 'staging',
        },
      });
      expect(aws.stderr).toBe('');
      expect(JSON.parse(aws.stdout)).toMatchObject({
        Account: '555566667777',
        Arn: expect.stringContaining('assumed-role/AWSReservedSSO_Developer_'),
      });
    });
  },
);
