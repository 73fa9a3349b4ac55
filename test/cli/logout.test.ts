// `authui logout` on the built binary: report format, JSON, dry run, usage errors.
import { resolvePaths } from '../../src/auth/paths.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustConfig } from '../../src/auth/config/trust.js';
import { runBin, runCommand } from '../helpers/cli.js';
import { runCli } from '../../src/cli/program.js';
import { captureIO } from '../helpers/io.js';
import { cliWorkspace, loggedInWorkspace } from '../helpers/workspace.js';

const workspace = () => loggedInWorkspace('CANARY-LOGOUT-SECRET');

describe('authui logout', () => {
  it('prints the chain, one line per item, the summary and the browser note', async () => {
    const { cwd, env, store } = await workspace();
    // The built binary once, as a user runs it; the rest of this file runs in-process.
    const result = runBin(['logout', 'admin'], { env, cwd });
    expect(result.code).toBe(0);
    // The logout PRD's shape: what, the chain built, each removal, the summary, the browser warning.
    expect(result.stdout).toContain(
      [
        'Logging out from identity: admin',
        '',
        'Building authentication chain...',
        '  ✓ Chain: dev → admin',
        '',
        'Removing credentials...',
        '  ✓ Store (file): identity:dev/long-term',
        '  ✓ Store (file): identity:dev/session',
        '  ✓ Store (file): identity:admin/session',
      ].join('\n'),
    );
    expect(result.stdout).toContain('Logged out from 2 identities');
    expect(result.stdout).toContain('⚠ Important: this command only removes locally stored credentials.');
    expect(result.stdout).toContain('  2. Sign out from the browser session');
    // Not a terminal: no colour.
    expect(result.stdout).not.toContain('\x1b[');
    expect(await store.list()).toEqual(['provider:corp/session']);
    expect(result.stdout + result.stderr).not.toContain('CANARY-LOGOUT-SECRET');
    const again = await runCommand(['logout', 'admin'], { env, cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      "Identity 'admin' is already logged out.\nNo credentials found in keyring or file storage.\n",
    );
  });

  it('--dry-run --json reports the plan and changes nothing', async () => {
    const { cwd, env, store } = await workspace();
    const result = await runCommand(['logout', '--all', '--dry-run', '--json'], { env, cwd });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      dryRun: true,
      scopes: [{ kind: 'all' }],
      counts: { items: 4, removed: 4, failed: 0 },
    });
    expect(doc.items.every((i: { status: string }) => i.status === 'planned')).toBe(true);
    expect(await store.list()).toHaveLength(4);
  });

  it('--provider removes the provider session; --all needs --yes without a terminal', async () => {
    const { cwd, env, store } = await workspace();
    expect((await runCommand(['logout', '--provider', 'corp'], { env, cwd })).code).toBe(0);
    expect(await store.list()).not.toContain('provider:corp/session');
    const refused = await runCommand(['logout', '--all'], { env, cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    // --confirm is the design's name for --yes.
    expect((await runCommand(['logout', '--all', '--confirm'], { env, cwd })).code).toBe(0);
    expect(await store.list()).toEqual([]);
  });

  it('a provider that no identity comes via is counted as itself, not as "0 identities"', async () => {
    const { cwd, env } = await workspace();
    writeFileSync(
      join(cwd, 'authui.yaml'),
      readFileSync(join(cwd, 'authui.yaml'), 'utf8').replace(/\n {2}identities:[\s\S]*$/, '\n'),
    );
    trustConfig(resolvePaths(env).trustFile, join(cwd, 'authui.yaml'));
    const result = await runCommand(['logout', '--provider', 'corp'], { env, cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Logged out from 1 provider');
  });

  it("a provider logout names what comes via it; a terminal gets the dashboard's colours unless NO_COLOR", async () => {
    const ws = cliWorkspace(
      'auth:\n  keyring: { type: file }\n  providers:\n    sso: { kind: aws/iam-identity-center, region: eu-west-1, start_url: "https://x.awsapps.com/start" }\n  identities:\n    ro: { kind: aws/permission-set, via: { provider: sso }, principal: { account: { id: "111122223333" }, name: ReadOnly } }\n',
      'logout-via-pw',
    );
    await ws.store.set('provider:sso/session', '{}');
    await ws.store.set('identity:ro/session', '{}');
    await ws.index.update((s) => {
      for (const id of ['provider:sso', 'identity:ro'])
        s[id] = {
          obtainedAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          backend: 'file',
        };
    });
    const result = await runCommand(['logout', '--provider', 'sso', '--dry-run'], { env: ws.env, cwd: ws.cwd });
    expect(result.stdout).toContain('Logging out from provider: sso');
    expect(result.stdout).toContain('  ✓ Store (file): identity:ro/session (via sso)');
    expect(result.stdout).not.toContain('provider:sso/session (via');
    // On a terminal (stdout a TTY), styled; NO_COLOR keeps it plain.
    const tty = async (env: Record<string, string | undefined>) => {
      const io = captureIO(env, ws.cwd, true);
      await runCli(['logout', '--provider', 'sso', '--dry-run'], { io });
      return io.out();
    };
    const coloured = await tty(ws.env);
    expect(coloured).toContain('\x1b[1mLogging out from provider: sso\x1b[22m');
    expect(coloured).toContain('\x1b[32m✓\x1b[39m Store (file): identity:ro/session (via sso)');
    expect(await tty({ ...ws.env, NO_COLOR: '1' })).not.toContain('\x1b[');
  });

  it('some removals failed: exit 0 by default (the failures listed), 4 with --strict', async () => {
    const { cwd, env } = await workspace();
    // dev's AWS files tree holds a credentials file authui did not write: that item fails, the
    // store entries go.
    const base = join(env.HOME as string, '.aws', 'authui', 'dev');
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'credentials'), '[dev]\n');
    const strict = await runCommand(['logout', 'admin', '--strict', '--dry-run'], { env, cwd });
    expect(strict.code).toBe(0); // a dry run fails nothing
    // The built binary once, as a user runs it; the rest of this file runs in-process.
    const result = runBin(['logout', 'admin'], { env, cwd });
    expect(result.stdout).toMatch(/Logged out with warnings \(\d+\/\d+ successful\)/);
    expect(result.stdout).toContain('✗ Files:');
    expect(result.code).toBe(0);
    const { cwd: cwd2, env: env2 } = await workspace();
    const base2 = join(env2.HOME as string, '.aws', 'authui', 'dev');
    mkdirSync(base2, { recursive: true });
    writeFileSync(join(base2, 'credentials'), '[dev]\n');
    expect((await runCommand(['logout', 'admin', '--strict'], { env: env2, cwd: cwd2 })).code).toBe(4);
  });

  it('usage errors exit 2: no target, two targets, an unknown name (listing the known ones)', async () => {
    const { cwd, env } = await workspace();
    const none = await runCommand(['logout'], { env, cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('authui logout NAME');
    expect((await runCommand(['logout', 'dev', '--all'], { env, cwd })).code).toBe(2);
    const unknown = await runCommand(['logout', 'ghost'], { env, cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Available identities: dev, admin\n  Available providers: corp');
    expect(unknown.stderr).toContain('Run "authui logout" without a name in a terminal to choose from the list.');
  });

  it('cleanup-expired removes expired sessions only, keeps keys, and previews with --dry-run', async () => {
    const { cwd, env, store, index } = await workspace();
    await index.update((s) => {
      (s['identity:admin'] as { expiresAt: string }).expiresAt = new Date(Date.now() - 60_000).toISOString();
    });
    const preview = await runCommand(['cleanup-expired', '--dry-run', '--json'], { env, cwd });
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({
      dryRun: true,
      scopes: [{ kind: 'expired' }],
      nodes: ['identity:admin'],
      items: [{ ref: 'identity:admin/session', status: 'planned' }],
    });
    expect(await store.list()).toHaveLength(4);
    const run = await runCommand(['cleanup-expired'], { env, cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Cleaning up expired sessions',
        '',
        'Removing credentials...',
        '  ✓ Store (file): identity:admin/session',
        '',
        'Removed 1 expired session; long-term keys were kept',
        '',
      ].join('\n'),
    );
    expect((await store.list()).sort()).toEqual([
      'identity:dev/long-term',
      'identity:dev/session',
      'provider:corp/session',
    ]);
    expect((await runCommand(['cleanup-expired'], { env, cwd })).stdout).toBe(
      'No expired sessions; nothing to clean up.\n',
    );
  });

  it('exits 1 when every removal failed', async () => {
    const { cwd, env, store } = await workspace();
    for (const entry of await store.list()) await store.delete(entry);
    // Nothing in the store; admin (via dev) stays, so dev's tree would be rewritten, but its
    // credentials file is not authui's.
    const base = join(env.HOME as string, '.aws', 'authui', 'dev');
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'credentials'), '[dev]\n');
    const result = await runCommand(['logout', 'dev'], { env, cwd });
    expect(result.stdout).toContain(
      `✗ Files: ${base}/ (rewritten without the removed profiles) (${join(base, 'credentials')} was not written by authui (no authui marker); it was left untouched)`,
    );
    expect(result.stdout).toContain('Logged out with warnings (0/1 successful)');
    expect(result.code).toBe(1);
    expect(readFileSync(join(base, 'credentials'), 'utf8')).toBe('[dev]\n');
  });
});
