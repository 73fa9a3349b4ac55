// `authui sso sync`: 60 accounts × 3 permission sets at a loopback IAM Identity Center that pages
// its lists, against a configuration with comments, one identity already there, one gone upstream
// and one name taken. The report, the dry run's diff, the write (comments kept, the file still
// valid and trusted), a second sync that finds nothing new, and a role removed upstream reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import type { DeviceCodePrompt } from '../../src/auth/prompter.js';
import { identityName } from '../../src/auth/config/discovered.js';
import { runCommand } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeSso } from '../servers/sso.js';
import { FakeSts } from '../servers/sts.js';

const sts = new FakeSts();
const sso = new FakeSso(sts);
const account = (i: number) => String(100000000000 + i);
beforeAll(async () => {
  await sts.start();
  await sso.start();
  sso.interval = 0.05;
  sso.pageSize = 25;
  for (let i = 0; i < 60; i++)
    for (const role of ['AdministratorAccess', 'ReadOnly', 'Billing'])
      sso.assign({ accountId: account(i), accountName: i === 7 ? 'Team A / prod' : `acct-${i}`, roleName: role });
});
afterAll(async () => {
  await sso.stop();
  await sts.stop();
});

const CONFIG = `# the team's identities
auth:
  keyring: { type: file }
  providers:
    acme: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start }
  identities:
    # written by hand, kept as it is
    prod-admin: { kind: aws/permission-set, via: { provider: acme }, principal: { name: AdministratorAccess, account: { id: "${account(0)}" } } }
    retired: { kind: aws/permission-set, via: { provider: acme }, principal: { name: Retired, account: { id: "${account(1)}" } } }
    acct-2/ReadOnly: { kind: aws/user }
`;

describe('authui sso sync', () => {
  it('adds every account × permission set over all pages, keeps comments, reports unchanged, gone and clashes', async () => {
    const ws = cliWorkspace(CONFIG, 'sso-sync-pw');
    const env = { ...ws.env, AWS_ENDPOINT_URL_SSO_OIDC: sso.url, AWS_ENDPOINT_URL_SSO: sso.url };
    const { engine } = await createApp({ io: captureIO(env, ws.cwd) }).workspace();
    const browser = new ScriptedPrompter([]);
    browser.onDeviceCode = (prompt: DeviceCodePrompt) => void fetch(prompt.verificationUri);
    await engine.login('acme', browser);
    const path = join(ws.cwd, 'authui.yaml');

    const report = await runCommand(['sso', 'sync', 'acme'], { env, cwd: ws.cwd });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(
      'acme: 180 permission sets in 60 accounts — 178 new, 1 unchanged, 1 gone, 1 not added',
    );
    expect(report.stdout).toContain('- retired  ');
    expect(report.stdout).toContain('! acct-2/ReadOnly  acct-2 (100000000002) ReadOnly: the name is taken');
    expect(report.stdout).toContain('… and 158 more');
    // Every page of both lists was read (25 a page: 3 of accounts, 1 of roles for each account).
    expect(sso.calls.filter((c) => c.path === '/assignment/accounts')).toHaveLength(3);
    expect(sso.calls.filter((c) => c.path === '/assignment/roles')).toHaveLength(60);
    expect(readFileSync(path, 'utf8')).toBe(CONFIG); // a report changes nothing

    const dry = await runCommand(['sso', 'sync', 'acme', '--dry-run'], { env, cwd: ws.cwd });
    expect(dry.stdout).toContain(`--- ${path}`);
    expect(dry.stdout).toMatch(/^\+ {4}acct-0\/ReadOnly:$/m);
    expect(dry.stdout.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(CONFIG);

    const written = await runCommand(['sso', 'sync', 'acme', '--write'], { env, cwd: ws.cwd });
    expect(written.stderr).toContain(`Added 178 identities to ${path}.`);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('\n    Team-A-prod/Billing:\n'); // the account name made a valid name
    expect(text.startsWith(CONFIG.trimEnd())).toBe(true); // comments, order and hand-written entries as they were
    expect(text).toContain(
      `  acct-59/Billing:\n      kind: aws/permission-set\n      via: { provider: acme }\n      principal: { name: Billing, account: { id: "100000000059", name: acct-59 } }`,
    );
    // Still valid, still trusted (the user asked for this change): validate passes without a prompt.
    const validate = await runCommand(['validate'], { env, cwd: ws.cwd });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const status = JSON.parse((await runCommand(['status', '--json'], { env, cwd: ws.cwd })).stdout) as {
      nodes: { name: string }[];
    };
    expect(status.nodes.length).toBe(1 + 3 + 178);

    // Again: nothing new. A permission set removed upstream is reported as gone, not deleted.
    sso.unassign(account(5), 'Billing');
    const again = await runCommand(['sso', 'sync', 'acme', '--write'], { env, cwd: ws.cwd });
    expect(again.stdout).toContain(
      'acme: 179 permission sets in 60 accounts — 0 new, 178 unchanged, 2 gone, 1 not added',
    );
    expect(again.stdout).toContain('- acct-5/Billing  acct-5 Billing');
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('auto_provision_identities: a login adds what the provider has, live and for the next runs, without touching the file', async () => {
    const config = `auth:
  keyring: { type: file }
  providers:
    acme: { kind: aws/iam-identity-center, region: eu-central-1, start_url: https://acme.awsapps.com/start, auto_provision_identities: true }
  identities:
    prod-admin: { kind: aws/permission-set, via: { provider: acme }, principal: { name: AdministratorAccess, account: { id: "${account(0)}" } } }
`;
    const ws = cliWorkspace(config, 'sso-auto-pw');
    const env = {
      ...ws.env,
      AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
      AWS_ENDPOINT_URL_SSO: sso.url,
      AWS_ENDPOINT_URL_STS: sts.url,
    };
    const { engine } = await createApp({ io: captureIO(env, ws.cwd) }).workspace();
    let changes = 0;
    engine.subscribe(() => changes++);
    expect(engine.list()).toHaveLength(2);
    const browser = new ScriptedPrompter([]);
    browser.onDeviceCode = (prompt: DeviceCodePrompt) => void fetch(prompt.verificationUri);
    await engine.login('acme', browser);
    // Under the provider, in this run: every permission set but the one already written.
    const rows = engine.list();
    // The provider, prod-admin, and the 178 others (179 assigned since the test above took one away).
    expect(rows).toHaveLength(2 + 178);
    expect(rows.filter((r) => r.name === 'prod-admin')).toHaveLength(1);
    expect(rows.find((r) => r.name === 'acct-3/ReadOnly')).toMatchObject({ depth: 1, state: 'logged_out' });
    expect(changes).toBeGreaterThan(0);
    expect((await engine.detail('acct-3/ReadOnly')).discovered).toBe(true);
    // A discovered identity works like a written one: role credentials from the portal, through the provider's session.
    const creds = await engine.credentials('acct-3/ReadOnly');
    expect(creds.yields.aws?.accessKeyId).toMatch(/^ASIA/);
    // The next run has them too (status from a fresh process), and the file is as it was.
    const status = JSON.parse((await runCommand(['status', '--json'], { env, cwd: ws.cwd })).stdout) as {
      nodes: { name: string }[];
    };
    expect(status.nodes).toHaveLength(2 + 178);
    expect(readFileSync(join(ws.cwd, 'authui.yaml'), 'utf8')).toBe(config);
  });

  it('names: the template filled in, made a valid name; an unknown field is a usage error', () => {
    const fields = { account_id: '123456789012', account_name: 'Team A / "prod"', role_name: 'Admin$' };
    expect(identityName('{account_name}/{role_name}', fields)).toBe('Team-A-prod/Admin');
    expect(identityName('{account_id}-{role_name}', fields)).toBe('123456789012-Admin');
    expect(identityName('../{role_name}', fields)).toBe('Admin');
    expect(() => identityName('{account}', fields)).toThrow(expect.objectContaining({ code: 'usage' }));
  });
});
