// The installed product, not the clone: `npm pack`, then `npm i -g` of the tarball into an empty
// prefix, on the Node this leg runs (CI runs every leg), and the commands a user tries first —
// --version, --help, completion, the first run without a configuration (its hint names a command
// the installed product has), the demo in a pty, docker's helper by its name, and a real login
// against a loopback token service.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeTokenService } from '../servers/token-service.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'authui-installed-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin');
let tarball = '';
let files: string[] = [];
const peer = new FakeTokenService();
let session: TmuxSession | undefined;

beforeAll(async () => {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]?.filename as string);
  files = (packed[0]?.files ?? []).map((f) => f.path);
  // From npm's cache where it can (`npm ci` filled it): the registry only for what is missing.
  execFileSync(
    'npm',
    ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
    { cwd: work, stdio: 'ignore', env: { ...process.env, npm_config_loglevel: 'error' } },
  );
  await peer.start();
  peer.addUser('ada', 'CANARY-installed-password');
}, 240_000);
afterAll(async () => {
  session?.kill();
  await peer.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The installed binary, run from an empty directory with this leg's node first on PATH. */
function installed(args: string[], env: Record<string, string | undefined>, command = 'authui') {
  return spawnSync(join(bin, command), args, {
    env: { ...env, PATH: `${bin}:${process.env.PATH}` } as NodeJS.ProcessEnv,
    cwd: env.HOME ?? work,
    encoding: 'utf8',
  });
}

describe('the installed package', () => {
  it('holds the product only: the bundles, its package.json and README, no tests, bench or source maps', () => {
    expect(files).toContain('dist/authui.js');
    expect(files).toContain('dist/docker-credential-authui.js');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    for (const path of files) expect(path).toMatch(/^(dist\/|package\.json$|README\.md$|LICENSE$)/);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('installs without the AWS SDK: authui signs its own AWS calls (docs/architecture.md)', () => {
    const installedModules = readdirSync(join(prefix, 'lib', 'node_modules', 'authui', 'node_modules'));
    expect(installedModules).toContain('@napi-rs'); // the listing works
    expect(installedModules.filter((name) => name === '@aws-sdk' || name === '@smithy')).toEqual([]);
  });

  it('answers --version, --help and completion; a first run without a configuration names `authui demo`', () => {
    const dir = tempDir();
    const env = isolatedEnv(dir);
    mkdirSync(env.HOME as string, { recursive: true });
    const version = installed(['--version'], env);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^authui 0\.1\.0\nnode v\d+/);
    const help = installed(['--help'], env);
    expect(help.stdout).toContain('Usage: authui');
    expect(help.stdout).toContain('kube');
    expect(installed(['completion', 'bash'], env).stdout).toContain('_authui() {');
    const first = installed([], env);
    expect(first.status).not.toBe(0);
    expect(first.stderr).toContain('authui demo');
    expect(first.stderr).not.toContain('npm run');
    // docker finds its helper by name: with no integrations it knows no registry.
    const helper = installed(['list'], env, 'docker-credential-authui');
    expect(helper.stdout).toBe('{}\n');
  });

  it.skipIf(tmuxMissing !== undefined)(
    'runs the demo, and a real login against a loopback token service',
    async () => {
      const env = isolatedEnv(tempDir());
      const path = `${bin}:${process.env.PATH}`;
      session = TmuxSession.start(`PATH=${path} authui demo; echo "EXIT-CODE=$?"; sleep 30`, { env });
      await session.waitFor((screen) => screen.includes('Credentials: file'), 20_000);
      session.send('q');
      await session.waitFor((screen) => screen.includes('EXIT-CODE=0'));
      session.kill();

      const { cwd, env: loginEnv } = cliWorkspace(
        `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada }\n`,
        'installed-store-password',
      );
      session = TmuxSession.start(`cd ${cwd} && PATH=${path} authui login kitty; echo "EXIT-CODE=$?"; sleep 30`, {
        env: loginEnv,
      });
      await session.waitFor((s) => s.includes('Username [ada]:'));
      session.send('Enter');
      await session.waitFor((s) => s.includes('› Password:'));
      session.send('CANARY-installed-password', 'Enter');
      const screen = await session.waitFor((s) => s.includes('EXIT-CODE='));
      expect(screen).toContain('EXIT-CODE=0');
      expect(screen).not.toContain('CANARY-installed-password');
      const token = spawnSync(join(bin, 'authui'), ['token', 'kitty'], {
        env: { ...loginEnv, PATH: path } as NodeJS.ProcessEnv,
        cwd,
        encoding: 'utf8',
      });
      expect(token.status).toBe(0);
      expect(token.stdout.trim().length).toBeGreaterThan(10);
    },
    60_000,
  );
});
