// `authui --version [--json]`: version, runtime, the configuration and the backend in use, for bug
// reports; without a configuration it still answers (exit 0) and says why there is no store.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { cliWorkspace } from '../helpers/workspace.js';

describe('authui --version', () => {
  it('names the runtime, the configuration and the backend in use; --json the same as data', async () => {
    const ws = cliWorkspace(
      'auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user }\n',
      'pw-version',
    );
    const text = await runCommand(['--version'], { env: ws.env, cwd: ws.cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`authui 0.1.0\nnode ${process.version} (${process.platform} ${process.arch})\n`);
    expect(text.stdout).toContain(`store: file · ${ws.paths.fileStore}`);
    const json = JSON.parse((await runCommand(['--version', '--json'], { env: ws.env, cwd: ws.cwd })).stdout);
    expect(json).toMatchObject({
      version: '0.1.0',
      node: process.version,
      config: { origin: 'project', trusted: true },
      store: { backend: 'file', requested: 'file', location: ws.paths.fileStore },
    });
    expect(JSON.stringify(json)).not.toContain('pw-version');
  });

  it('answers without a configuration, and leaves other command lines to the commands', async () => {
    const dir = tempDir();
    const run = await runCommand(['--version'], { env: isolatedEnv(dir), cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('store: not opened (No authui configuration found)');
    expect((await runCommand(['status', '--version'], { env: isolatedEnv(dir), cwd: dir })).stdout).not.toContain(
      'authui 0.1.0',
    );
  });
});
