// The file store under a wrong password and under real damage, through the built binary: a typo'd
// AUTHUI_KEYRING_PASSWORD changes nothing; a file that is not a store at all is moved aside and
// every later command says so, with its sessions no longer shown as active.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/cli.js';
import { loggedInWorkspace } from '../helpers/workspace.js';

const CANARY = 'CANARY-store-password-5d1c';

describe('the file store never lost to a password typo', () => {
  it('a wrong password fails with "wrong password?" and leaves the store; the right one still works', async () => {
    const ws = await loggedInWorkspace(CANARY);
    const before = readFileSync(ws.paths.fileStore);
    const wrong = { ...ws.env, AUTHUI_KEYRING_PASSWORD: 'logout-workspace-pX' };
    for (const args of [
      ['logout', 'admin', '--yes'],
      ['env', 'admin', '--reveal'],
    ]) {
      const result = await runCommand(args, { env: wrong, cwd: ws.cwd });
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.stderr).toContain('wrong password? (the store was not changed)');
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.stdout + result.stderr).not.toContain(CANARY);
    }
    expect(readFileSync(ws.paths.fileStore).equals(before)).toBe(true);
    expect(readdirSync(dirname(ws.paths.fileStore)).filter((f) => f.includes('corrupt'))).toEqual([]);

    const status = await runCommand(['status'], { env: ws.env, cwd: ws.cwd });
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/admin\s+aws\/assume-role\s+● active/);
    const logout = await runCommand(['logout', 'admin', '--yes'], { env: ws.env, cwd: ws.cwd });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toContain('✓ Chain: dev → admin');
  });

  it('a damaged file is moved aside and reported on stderr, in status, in --json and in the audit log', async () => {
    const ws = await loggedInWorkspace(CANARY);
    writeFileSync(ws.paths.fileStore, 'this is not a store', { mode: 0o600 });
    const first = await runCommand(['logout', 'admin', '--yes'], { env: ws.env, cwd: ws.cwd });
    expect(first.code).not.toBe(0);
    expect(first.stderr).toMatch(
      /was moved aside to .*store\.enc\.corrupt-.* because it is not a valid authui store file/,
    );

    const status = await runCommand(['status'], { env: ws.env, cwd: ws.cwd });
    expect(status.stderr).toMatch(/^warning: The credential file .* was moved aside to /);
    // Their secrets went with the file: no session shows as active any more.
    expect(status.stdout).toMatch(/admin\s+aws\/assume-role\s+○ logged out/);
    expect(status.stdout).not.toContain('● active');
    const json = JSON.parse((await runCommand(['status', '--json'], { env: ws.env, cwd: ws.cwd })).stdout) as {
      warnings: string[];
    };
    expect(json.warnings.join('\n')).toContain('was moved aside to');
    const audit = readFileSync(ws.paths.auditLog, 'utf8');
    expect(audit).toMatch(/"event":"store".*"outcome":"warning".*moved aside/);

    // Moving the file back (once repaired: here the original) brings its sessions back.
    const aside = join(
      dirname(ws.paths.fileStore),
      readdirSync(dirname(ws.paths.fileStore)).find((f) => f.includes('corrupt')) as string,
    );
    renameSync(aside, ws.paths.fileStore);
    const restored = await runCommand(['status'], { env: ws.env, cwd: ws.cwd });
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/admin\s+aws\/assume-role\s+● active/);
  });

  it('deleting the moved file dismisses the warning; its sessions stay logged out', async () => {
    const ws = await loggedInWorkspace(CANARY);
    writeFileSync(ws.paths.fileStore, '{"format":"authui-store"', { mode: 0o600 });
    expect((await runCommand(['env', 'admin', '--reveal'], { env: ws.env, cwd: ws.cwd })).stderr).toContain(
      'was moved aside',
    );
    const dir = dirname(ws.paths.fileStore);
    rmSync(join(dir, readdirSync(dir).find((f) => f.includes('corrupt')) as string));
    const status = await runCommand(['status'], { env: ws.env, cwd: ws.cwd });
    expect(status.stderr).toBe('');
    expect(status.stdout).not.toContain('● active');
  });
});

describe('a session kept where this process cannot reach', () => {
  it('names the system keyring and what to set, not "log in again" (cron, ssh)', async () => {
    const ws = await loggedInWorkspace(CANARY);
    // The sessions were stored in the system keyring; this process only has the file store.
    await ws.index.update((sessions) => {
      for (const s of Object.values(sessions)) s.backend = 'system';
    });
    for (const entry of await ws.store.list()) await ws.store.delete(entry);
    const result = await runCommand(['credential-process', 'admin'], { env: ws.env, cwd: ws.cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is kept in the system keyring, which this process cannot reach');
    expect(result.stderr).toContain('AUTHUI_KEYRING=file');
    expect(result.stderr).not.toContain('cannot be renewed without signing in');
  });
});
