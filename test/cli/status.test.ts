import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, runCommand } from '../helpers/cli.js';
import { expectHotPath, TRACE_HOOK } from '../helpers/hot-path.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { builtinsTrace } from '../helpers/builtins.js';

const CANARY = 'CANARY-STATUS-SECRET-77ee55';
const CONFIG = `auth:
  keyring: { type: file }
  providers:
    acme-sso: { kind: aws/iam-identity-center, region: us-east-1, start_url: https://acme.awsapps.com/start }
  identities:
    dev: { kind: aws/user, default: true, credentials: { region: us-east-1, mfa_arn: "arn:aws:iam::111122223333:mfa/dev" } }
    "team/prod-ro": { kind: aws/permission-set, via: { provider: acme-sso }, principal: { name: ReadOnly, account: { id: "444455556666" } } }
`;

async function workspace(config = CONFIG) {
  const { dir, cwd, env, paths, store, index } = cliWorkspace(config, 'test-password-123');
  // A logged-in dev with a canary secret in the store.
  await store.set('identity:dev/session', JSON.stringify({ secretAccessKey: CANARY }));
  await index.update((s) => {
    s['identity:dev'] = {
      obtainedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
      account: '111122223333',
      backend: 'file',
    };
  });
  return { dir, cwd, env, paths, index };
}

describe('authui status', () => {
  it('prints the table with every column and the active backend', async () => {
    const { cwd, env } = await workspace();
    const result = await runCommand(['status'], { env, cwd });
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.split('\n');
    expect(header).toMatch(/^Provider\s+Identity\s+Kind\s+State\s+Account\s+Region\s+Expires$/);
    expect(rows.find((r) => r.includes(' dev '))).toMatch(
      /aws\/user\s+● active\s+111122223333\s+us-east-1\s+(2h 59m|3h 00m)/,
    );
    expect(rows.find((r) => r.includes('team/prod-ro'))).toMatch(
      /^acme-sso\s+team\/prod-ro\s+aws\/permission-set\s+○ logged out/,
    );
    expect(result.stdout).toContain('Credentials: file');
    expect(result.stdout + result.stderr).not.toContain(CANARY);
  });

  it('--json prints the versioned document with the backend, and no secret', async () => {
    const { cwd, env } = await workspace();
    const result = await runCommand(['status', '--json'], { env, cwd });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.backend).toMatchObject({ active: 'file', requested: 'file', fallbackReason: null });
    const dev = doc.nodes.find((n: { name: string }) => n.name === 'dev');
    expect(dev).toMatchObject({
      id: 'identity:dev',
      type: 'identity',
      kind: 'aws/user',
      state: 'active',
      account: '111122223333',
      region: 'us-east-1',
      backend: 'file',
      parent: null,
      depth: 0,
      default: true,
    });
    expect(dev.expiresInSeconds).toBeGreaterThan(3 * 3600 - 60);
    expect(doc.nodes.find((n: { name: string }) => n.name === 'team/prod-ro')).toMatchObject({
      parent: 'provider:acme-sso',
      depth: 1,
      state: 'logged_out',
      expiresAt: null,
    });
    expect(result.stdout + result.stderr).not.toContain(CANARY);
  });

  it('reports the system keyring fallback in one line and in --json', async () => {
    const { cwd, env } = await workspace(CONFIG.replace('type: file', 'type: system'));
    const result = runBin(['status', '--json'], { env: { ...env, DBUS_SESSION_BUS_ADDRESS: undefined }, cwd });
    const doc = JSON.parse(result.stdout);
    expect(doc.backend.requested).toBe('system');
    expect(doc.backend.active).toBe('file');
    expect(doc.backend.fallbackReason).toMatch(/^System keyring unavailable/);
  });

  it('loads neither Ink, React, yaml, zod nor the AWS SDK for a cached status --json', async () => {
    const { cwd, env, dir } = await workspace();
    runBin(['status', '--json'], { env, cwd }); // fills the config cache
    const trace = join(dir, 'trace.txt');
    writeFileSync(trace, '');
    const result = runBin(['status', '--json'], {
      env: { ...env, AUTHUI_TRACE_FILE: trace },
      cwd,
      nodeArgs: ['--import', TRACE_HOOK],
    });
    expect(result.code).toBe(0);
    expectHotPath(trace, env, 'status');
  });

  it('loads none of the built-in modules a cached status --json does not need', async () => {
    const { cwd, env, dir } = await workspace();
    runBin(['status', '--json'], { env, cwd }); // fills the config cache
    const builtins = builtinsTrace(dir);
    const result = runBin(['status', '--json'], { env: { ...env, ...builtins.env }, cwd, nodeArgs: builtins.nodeArgs });
    expect(result.code).toBe(0);
    const loaded = builtins.loaded();
    expect(loaded).toContain('NativeModule fs'); // the list is the one wanted
    // v8 sets the dashboard's flags; crypto, http and tls serve only network calls; os only
    // without HOME (and for locks).
    for (const builtin of ['v8', 'crypto', 'http', 'https', 'tls', 'child_process', 'os'])
      expect(loaded).not.toContain(`NativeModule ${builtin}`);
  });

  it('fails the same clear way for every command on a broken config (exit 2, no stack)', async () => {
    const { cwd, env } = await workspace(
      'auth:\n  identities:\n    dev: { kind: aws/user, via: { identity: ghost } }\n    x: [\n',
    );
    for (const args of [['status'], ['status', '--json'], ['validate'], []]) {
      const result = await runCommand(args, { env, cwd });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/authui\.yaml:\d+:\d+: error/);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    }
  });

  it('says where it looked when there is no config (exit 2)', async () => {
    const dir = tempDir();
    const result = await runCommand(['status'], { env: isolatedEnv(dir), cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No authui configuration found');
    expect(result.stderr).toContain('hint:');
  });

  it('shows User and Server when a token service (or any node with a server) is configured', async () => {
    const { cwd, env, index } = await workspace(
      `${CONFIG.replace('  providers:\n', '  providers:\n    kitty: { kind: token-service, base_url: "https://kitty.example.com", username: ada }\n')}`,
    );
    await index.update((s) => {
      s['provider:kitty'] = {
        obtainedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        subject: 'ada',
        server: 'kitty.example.com',
        backend: 'file',
      };
    });
    const [header, ...rows] = (await runCommand(['status'], { env, cwd })).stdout.split('\n');
    expect(header).toMatch(/^Provider\s+Identity\s+Kind\s+State\s+Account\s+Region\s+Expires\s+User\s+Server$/);
    expect(rows.find((r) => r.startsWith('kitty '))).toMatch(
      /^kitty\s+—\s+token-service\s.*\s+ada\s+kitty\.example\.com$/,
    );
    expect(rows.find((r) => r.includes(' dev '))).toMatch(/\s+—\s+—$/);
  });

  it('exits 2 on an unknown command or flag', async () => {
    const { cwd, env } = await workspace();
    expect((await runCommand(['stauts'], { env, cwd })).code).toBe(2);
    expect((await runCommand(['status', '--jsn'], { env, cwd })).code).toBe(2);
  });

  it("the binary: a hot path's word on a line that is not plain is commander's, and leaves no code cache; nor does a start that parsed the configuration or failed", async () => {
    const { cwd, env, paths } = await workspace();
    const statusCaches = () =>
      existsSync(paths.codeCache) ? readdirSync(paths.codeCache).filter((f) => f.includes('-status-')) : [];
    const help = runBin(['status', '--help'], { env, cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: authui status \[options\]/);
    const typo = runBin(['--config', join(cwd, 'authui.yaml'), 'status', '--jsn'], { env, cwd });
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toContain("error: unknown option '--jsn'");
    // A cache made by a line the hot path declined would hold only the matcher, for good; one
    // made by a start that parsed the configuration, the parser instead of what later starts run.
    expect(statusCaches()).toEqual([]);
    expect(runBin(['status', '--json'], { env, cwd }).code).toBe(0); // no cache entry yet: parsed
    expect(statusCaches()).toEqual([]);
    expect(runBin(['status', '--json'], { env, cwd }).code).toBe(0);
    expect(statusCaches()).toHaveLength(1);
    // Nor a command that failed: it ran the error's path, not what the command runs.
    const envCaches = () => readdirSync(paths.codeCache).filter((f) => f.includes('-env-'));
    expect(runBin(['env', 'nosuch'], { env, cwd })).toMatchObject({ code: 2, stdout: '' });
    expect(envCaches()).toEqual([]);
    expect(runBin(['env', 'dev'], { env, cwd }).code).toBe(0);
    expect(envCaches()).toHaveLength(1);
  });

  it('keeps the canary out of every file authui wrote except the encrypted store', async () => {
    const { cwd, env, paths } = await workspace();
    await runCommand(['status', '--json'], { env, cwd });
    for (const file of [paths.sessionIndex, paths.auditLog]) {
      if (existsSync(file)) expect(readFileSync(file, 'utf8')).not.toContain(CANARY);
    }
    expect(readFileSync(paths.fileStore, 'utf8')).not.toContain(CANARY);
  });
});

describe('authui validate', () => {
  it('lists every problem with file:line:column and a hint', async () => {
    const { cwd, env } = await workspace(`auth:
  providers:
    sso: { kind: aws/iam-identity-centre, region: us-east-1 }
  identities:
    "../etc": { kind: aws/user }
    d: { kind: aws/user, session: { duration: soon } }
`);
    const result = await runCommand(['validate'], { env, cwd });
    expect(result.code).toBe(2);
    const lines = result.stderr.split('\n').filter((l) => /:\d+:\d+: error/.test(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/authui\.yaml:3:18: error: auth\.providers\.sso\.kind: unknown provider kind/);
    expect(result.stderr.match(/hint:/g)?.length).toBe(3);
    expect(result.stderr).toContain('✗ 3 errors');
  });

  it('confirms a valid config and shows warnings', async () => {
    const { cwd, env } = await workspace(
      CONFIG.replace('credentials: {', 'session: { duration: 99h }, credentials: {'),
    );
    const result = await runCommand(['validate'], { env, cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ .*authui\.yaml is valid: 1 provider, 2 identities, 1 warning/);
    expect(result.stderr).toMatch(/warning: .*using 36h/);
  });
});

describe('a broken keyring never hangs authui', () => {
  // The native keyring reads the process environment, so this runs the built binary with a
  // D-Bus address where nothing answers.
  it('falls back to the file store within the probe limit when D-Bus does not answer', async () => {
    const { cwd, env, dir } = await workspace(CONFIG.replace('type: file', 'type: system'));
    const started = performance.now();
    const result = runBin(['status', '--json'], {
      env: { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus')}` },
      cwd,
    });
    const elapsed = performance.now() - started;
    expect(result.code).toBe(0);
    expect(elapsed).toBeLessThan(5_000);
    const doc = JSON.parse(result.stdout);
    expect(doc.backend).toMatchObject({ requested: 'system', active: 'file' });
    expect(doc.backend.fallbackReason).toMatch(/^System keyring unavailable: .+\. Using the encrypted file store/);
  });
});
