// `authui import aws` through the built binary: YAML on stdout, notes with lines on stderr,
// --write never over an existing file without --force, --dry-run writes nothing, and --keys puts
// the static keys into the credential store, where a login against the fake STS uses them.
// The written file passes `authui validate`, and the AWS files are never modified.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinAsync, runCommand } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { FakeSts } from '../servers/sts.js';

const sts = new FakeSts();
beforeAll(async () => {
  await sts.start();
  sts.addUser({
    accessKeyId: 'AKIAIMPORTDEV0000001',
    secretAccessKey: 'import-dev-secret-canary',
    userName: 'dev',
    account: '111122223333',
  });
});
afterAll(async () => {
  await sts.stop();
});

const CONFIG = `[profile dev]
region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::111122223333:role/Admin
source_profile = dev

[profile vaulted]
credential_process = aws-vault exec work --json
`;
const CREDENTIALS = `[dev]
aws_access_key_id = AKIAIMPORTDEV0000001
aws_secret_access_key = import-dev-secret-canary
`;

function workspace() {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  const aws = join(dir, 'home', '.aws');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(aws, { recursive: true });
  writeFileSync(join(aws, 'config'), CONFIG);
  writeFileSync(join(aws, 'credentials'), CREDENTIALS);
  const env = isolatedEnv(dir, {
    AUTHUI_KEYRING: 'file',
    AUTHUI_KEYRING_PASSWORD: 'import-test-password',
    AWS_ENDPOINT_URL_STS: sts.url,
  });
  return { dir, cwd, aws, env };
}

describe('authui import aws', () => {
  it('prints YAML on stdout and the notes on stderr; no key anywhere', async () => {
    const { cwd, env, aws } = workspace();
    const result = await runCommand(['import', 'aws'], { cwd, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('    dev:\n      kind: aws/user');
    expect(result.stdout).toContain('    admin:\n      kind: aws/assume-role');
    expect(result.stdout).toContain('# line 8: [profile vaulted] gets its credentials from aws-vault');
    for (const out of [result.stdout, result.stderr]) expect(out).not.toContain('import-dev-secret-canary');
    expect(readFileSync(join(aws, 'config'), 'utf8')).toBe(CONFIG);
    expect(readFileSync(join(aws, 'credentials'), 'utf8')).toBe(CREDENTIALS);
  });

  it('--write refuses an existing file, --force replaces it, --dry-run writes nothing; the result validates', async () => {
    const { cwd, env } = workspace();
    const target = join(cwd, 'authui.yaml');
    writeFileSync(target, '# mine\n');
    const refused = await runCommand(['import', 'aws', '--write', target], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Add --force to replace it');
    expect(readFileSync(target, 'utf8')).toBe('# mine\n');
    const dry = await runCommand(['import', 'aws', '--write', target, '--force', '--dry-run'], { cwd, env });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('was not written');
    expect(readFileSync(target, 'utf8')).toBe('# mine\n');
    const written = await runCommand(['import', 'aws', '--write', target, '--force'], { cwd, env });
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('✓ Wrote');
    expect(written.stderr).toContain('Keys were not copied (dev)');
    const validate = await runCommand(['validate'], { cwd, env });
    expect(validate.stdout).toContain('is valid: 0 providers, 2 identities');
  });

  it('--keys stores the keys in the credential store; the next login uses them with no prompt', async () => {
    const { cwd, env } = workspace();
    const target = join(cwd, 'authui.yaml');
    const imported = await runCommand(['import', 'aws', '--write', target, '--keys'], { cwd, env });
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('✓ Stored the keys of dev in file');
    expect(readFileSync(target, 'utf8')).not.toContain('import-dev-secret-canary');
    expect(existsSync(join(env.XDG_DATA_HOME as string, 'authui', 'store.enc'))).toBe(true);
    // No terminal, no login yet: credential-process logs in by itself (it asks nothing: keys
    // stored, no MFA) instead of saying a terminal is needed. The built binary, as the aws CLI runs it.
    const processed = await runBinAsync(['credential-process', 'dev'], { cwd, env });
    expect(processed.stderr).toBe('');
    expect(JSON.parse(processed.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    // No terminal: a login that needed to ask would fail with exit 3.
    const login = await runCommand(['login', 'dev'], { cwd, env });
    expect(login.stderr).toBe('');
    expect(login.stdout).toContain('✓ Logged in to dev');
    expect(sts.calls.some((c) => c.action === 'GetSessionToken' && c.status === 200)).toBe(true);
  });

  it('a missing AWS config is a usage error naming --from', async () => {
    const { cwd, env } = workspace();
    const result = await runCommand(['import', 'aws', '--from', 'nope/config'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Name it with --from PATH.');
  });
});
