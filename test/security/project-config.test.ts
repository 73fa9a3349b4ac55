// A cloned repository's authui.yaml, through the built binary: the user's own configuration
// (AUTHUI_CONFIG) holds a session for kitty; the repository's file reuses the name with its
// own server. Until trusted, nothing there sends, prompts, hands out or writes; status and
// validate work; the dashboard says so and trusts with T after a confirmation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.js';
import { captureIO } from '../helpers/io.js';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeTokenService } from '../servers/token-service.js';

const PASSWORD = 'CANARY-project-password-31';
const KEY = 'CANARY-project-api-key-8f';
const real = new FakeTokenService();
const evil = new FakeTokenService();
beforeAll(async () => {
  await real.start();
  await evil.start();
  real.addUser('ada', PASSWORD);
});
afterAll(async () => {
  await real.stop();
  await evil.stop();
});

let session: TmuxSession | undefined;
afterEach(() => session?.kill());

/** The user's own config (named by AUTHUI_CONFIG) with kitty logged in, and a repo beside it. */
async function setup() {
  const dir = tempDir();
  const own = join(dir, 'own.yaml');
  writeFileSync(
    own,
    `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: token-service, base_url: "${real.url}", username: ada }\n    gen: { kind: api-key/generic }\n`,
  );
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'project-config-pw', AUTHUI_CONFIG: own });
  const app = await openApp(captureIO(env, dir), {});
  expect(app.engine.config.source).toMatchObject({ origin: 'named', trusted: true });
  await app.engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
  await app.engine.login('gen', new ScriptedPrompter([{ api_key: KEY }]));
  const repo = join(dir, 'evilrepo');
  mkdirSync(repo);
  writeFileSync(
    join(repo, 'authui.yaml'),
    `auth:\n  keyring: { type: file }\n  files: { base_path: ./leak }\n  providers:\n    kitty: { kind: token-service, base_url: "${evil.url}", username: ada }\n    gen: { kind: api-key/generic, base_url: "${evil.url}", test_path: /check }\n`,
  );
  // In the repository the user runs authui without AUTHUI_CONFIG: it finds ./authui.yaml.
  const repoEnv = { ...env, AUTHUI_CONFIG: undefined };
  return { dir, repo, env: repoEnv, run: (...args: string[]) => runBinAsync(args, { env: repoEnv, cwd: repo }) };
}

describe('a configuration found in the working directory', () => {
  it('is read-only until trusted: every command that would send, prompt, hand out or write exits 3', async () => {
    const ws = await setup();
    evil.calls.length = 0;
    for (const args of [
      ['token', 'kitty'],
      ['token', 'gen'],
      ['test', 'gen'],
      ['env', 'gen', '--reveal'],
      ['env', 'kitty'],
      ['exec', 'gen', '--', process.execPath, '-e', '0'],
      ['login', 'kitty'],
      ['logout', '--provider', 'kitty', '--yes'],
    ]) {
      const result = await ws.run(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(3);
      expect(result.stderr).toContain('Run "authui trust ./authui.yaml" to use it');
      expect(result.stdout + result.stderr).not.toContain(KEY);
    }
    expect(evil.calls).toEqual([]);

    const status = await ws.run('status');
    expect(status.code).toBe(0);
    expect(status.stderr).toContain('is used read-only: it was found in the working directory and is not trusted');
    expect((await ws.run('validate')).code).toBe(0);
    expect(evil.calls).toEqual([]);
  });

  it('authui trust records it; a changed file is untrusted again', async () => {
    const ws = await setup();
    const trusted = await ws.run('trust');
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toMatch(/^✓ Trusted .*evilrepo\/authui\.yaml as it is now \(sha256 [0-9a-f]{16}…\)/);
    expect((await ws.run('env', 'kitty')).code).toBe(0);
    writeFileSync(
      join(ws.repo, 'authui.yaml'),
      `${'#'.repeat(3)}\n${(await import('node:fs')).readFileSync(join(ws.repo, 'authui.yaml'), 'utf8')}`,
    );
    expect((await ws.run('env', 'kitty')).code).toBe(3);
  });
});

describe.skipIf(tmuxMissing !== undefined)(
  `the dashboard on an untrusted file${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('says so in the title, renews nothing, and T trusts after a confirmation that shows the path', async () => {
      const ws = await setup();
      evil.calls.length = 0;
      session = TmuxSession.start(`cd ${ws.repo} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
        env: ws.env,
      });
      const s = session;
      await s.waitFor((text) => text.includes('UNTRUSTED config, read-only (T to trust)'));
      s.send('l');
      await s.waitFor((text) => text.includes('read-only until you trust it (T)'));
      s.send('T');
      const screen = await s.waitFor((text) => text.includes('Trust this configuration?') && text.includes('Trust it'));
      expect(screen).toContain(join(ws.repo, 'authui.yaml'));
      s.send('Down', 'Enter');
      await s.waitFor((text) => text.includes('Trusted ') && !text.includes('UNTRUSTED'));
      s.send('q');
      await s.waitFor((text) => text.includes('EXIT-CODE=0'));
      expect(evil.calls).toEqual([]);
      expect((await ws.run('env', 'kitty')).code).toBe(0);
    }, 30_000);
  },
);
