// authui doctor: each check's verdict and fix, against a loopback STS whose clock can be moved,
// AWS files with modes too open, and a project configuration nobody trusted.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeSts } from '../servers/sts.js';

const sts = new FakeSts();
beforeAll(() => sts.start());
afterAll(() => sts.stop());

const CONFIG = 'auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user }\n';

describe('authui doctor', () => {
  it('passes a sound setup: config, store, session cache, broker, the clock against STS, AWS files', async () => {
    const ws = cliWorkspace(CONFIG, 'doctor-store-password');
    const env = { ...ws.env, AWS_ENDPOINT_URL_STS: sts.url };
    const run = await runCommand(['doctor'], { env, cwd: ws.cwd });
    expect(run.stdout).toMatch(/^[✓!] runtime +node v/m);
    expect(run.stdout).toContain(`✓ config         ${join(ws.cwd, 'authui.yaml')} (project, 1 node)`);
    expect(run.stdout).toContain(`✓ store          file · ${ws.paths.fileStore} (answers: 0 entries)`);
    expect(run.stdout).toContain('✓ store readers  whoever has the file and the password in AUTHUI_KEYRING_PASSWORD');
    expect(run.stdout).toContain(`✓ session cache  one-time pads in ${ws.paths.sessionCachePads}\n`);
    expect(run.stdout).toMatch(/^✓ broker +no dashboard running/m);
    expect(run.stdout).toMatch(
      new RegExp(`^✓ clock +\\d+ s (behind|ahead of) STS \\(${sts.url.replace(/\./g, '\\.')}\\)`, 'm'),
    );
    expect(run.stdout).toMatch(/^✓ AWS files +.*\(none written yet\)$/m);
    expect(run.code).toBe(0);
    const json = JSON.parse((await runCommand(['doctor', '--json'], { env, cwd: ws.cwd })).stdout);
    expect(json.ok).toBe(true);
    expect(json.checks.map((c: { name: string }) => c.name)).toEqual([
      'runtime',
      'config',
      'store',
      'store readers',
      'session cache',
      'broker',
      'clock',
      'AWS files',
    ]);
    expect(JSON.stringify(json) + run.stdout).not.toContain('doctor-store-password');
  });

  it('says where the session cache cannot keep its pads, and what it does instead', async () => {
    const ws = cliWorkspace(CONFIG, 'doctor-store-password');
    const open = join(ws.dir, 'run', 'authui', 'session-pads');
    mkdirSync(join(ws.dir, 'run', 'authui'), { recursive: true, mode: 0o700 });
    mkdirSync(open);
    chmodSync(open, 0o777);
    const opened = await runCommand(['doctor'], {
      env: { ...ws.env, XDG_RUNTIME_DIR: join(ws.dir, 'run') },
      cwd: ws.cwd,
    });
    expect(opened.stdout).toContain(
      `! session cache  AES-256-GCM under a machine key: a few ms more per tool call. ${open} is not yours alone (owner and mode 0700/0600); its files are sealed with AES instead.\n`,
    );
    expect(opened.stdout).toContain(
      `→ chmod 700 ${open} if it is yours; another user's has to be removed by them or root.`,
    );
    writeFileSync(join(ws.dir, 'a-file'), '');
    const blocked = join(ws.dir, 'a-file', 'run');
    const none = await runCommand(['doctor'], { env: { ...ws.env, XDG_RUNTIME_DIR: blocked }, cwd: ws.cwd });
    expect(none.stdout).toContain(
      `✓ session cache  AES-256-GCM under a machine key: a few ms more per tool call (${join(blocked, 'authui', 'session-pads')} cannot be made)\n`,
    );
  });

  it('fails a clock 20 minutes off, AWS files others can read, and an untrusted project configuration', async () => {
    const ws = cliWorkspace(CONFIG, 'doctor-store-password');
    const env = { ...ws.env, AWS_ENDPOINT_URL_STS: sts.url };
    sts.clockSkewMs = 20 * 60_000;
    try {
      const dir = join(ws.env.HOME as string, '.aws', 'authui', 'dev');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'credentials'), '');
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'credentials'), 0o644);
      const run = await runCommand(['doctor'], { env, cwd: ws.cwd });
      expect(run.stdout).toMatch(/^✗ clock +(1199|1200|1201) s behind STS/m); // the Date header is in whole seconds
      expect(run.stdout).toContain('→ AWS refuses requests signed more than 15 minutes off');
      expect(run.stdout).toMatch(/^✗ AWS files /m);
      expect(run.stdout).toContain(`${dir} is 0755, not 0700; ${join(dir, 'credentials')} is 0644, not 0600`);
      expect(run.stdout).toContain('→ chmod -R go-rwx');
      expect(run.code).toBe(1);
    } finally {
      sts.clockSkewMs = 0;
    }
    const untrusted = tempDir();
    writeFileSync(join(untrusted, 'authui.yaml'), CONFIG);
    const run = await runCommand(['doctor'], { env: isolatedEnv(untrusted), cwd: untrusted });
    expect(run.stdout).toContain(`a project configuration you have not trusted`);
    expect(run.stdout).toContain('authui trust');
    expect(run.code).toBe(1);
  });
});
