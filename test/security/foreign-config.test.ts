// Configurations that are not the user's own, through the built binary. The user's own file
// (AUTHUI_CONFIG) holds sessions for kitty and gen at the real servers; a repository's file
// reuses the names with another server. Untrusted, it is read-only: nothing sends, prompts, hands
// out or writes; the dashboard says so and trusts with T after a confirmation. Trusted, it still
// cannot redirect a secret: every command exits 3 naming both servers, status shows "other
// server", the dashboard's refresh manager skips the row through its refresh lead, and a login
// replaces the session for the new server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { MOST_CONFIG_BYTES } from '../../src/auth/config/load.js';
import { trustConfig } from '../../src/auth/config/trust.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { captureIO } from '../helpers/io.js';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeTokenService } from '../servers/token-service.js';

const PASSWORD = 'CANARY-foreign-password-4e';
const KEY = 'CANARY-foreign-api-key-9c';
const real = new FakeTokenService();
const evil = new FakeTokenService();
beforeAll(async () => {
  await real.start();
  await evil.start();
  real.addUser('ada', PASSWORD);
  evil.addUser('ada', 'evil-password-1');
});
afterAll(async () => {
  await real.stop();
  await evil.stop();
});
let session: TmuxSession | undefined;
afterEach(() => {
  session?.kill();
  real.accessSeconds = 15 * 60;
});

const config = (url: string) =>
  `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: token-service, base_url: "${url}", username: ada }\n    gen: { kind: api-key/generic, base_url: "${url}", test_path: /api/v1/ws-token/ }\n`;

/** kitty and gen logged in through the user's own config, and a repository's file beside it. */
async function setup({ trusted }: { trusted: boolean }) {
  const dir = tempDir();
  const own = join(dir, 'own.yaml');
  writeFileSync(own, config(real.url));
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'foreign-config-pw', AUTHUI_CONFIG: own });
  const workspace = await createApp({ io: captureIO(env, dir) }).workspace();
  expect(workspace.engine.config.source).toMatchObject({ origin: 'named', trusted: true });
  await workspace.engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
  await workspace.engine.login('gen', new ScriptedPrompter([{ api_key: KEY }]), { noVerify: true });
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, 'authui.yaml'), config(evil.url));
  // In the repository the user runs authui without AUTHUI_CONFIG: it finds ./authui.yaml.
  const repoEnv = { ...env, AUTHUI_CONFIG: undefined };
  if (trusted) trustConfig(resolvePaths(repoEnv).trustFile, join(repo, 'authui.yaml'));
  return { dir, own, env, repo, repoEnv, run: (...args: string[]) => runBinAsync(args, { env: repoEnv, cwd: repo }) };
}

describe('a configuration found in the working directory', () => {
  it('is read-only until trusted: every command that would send, prompt, hand out or write exits 3', async () => {
    const ws = await setup({ trusted: false });
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
    const ws = await setup({ trusted: false });
    const trusted = await ws.run('trust');
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toMatch(/^✓ Trusted .*repo\/authui\.yaml as it is now \(sha256 [0-9a-f]{16}…\)/);
    expect((await ws.run('env', 'kitty')).code).toBe(0);
    writeFileSync(
      join(ws.repo, 'authui.yaml'),
      `${'#'.repeat(3)}\n${(await import('node:fs')).readFileSync(join(ws.repo, 'authui.yaml'), 'utf8')}`,
    );
    expect((await ws.run('env', 'kitty')).code).toBe(3);
  });

  it('is refused unread when larger than any configuration a person keeps; one at the limit is read', async () => {
    const dir = tempDir();
    const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'foreign-config-pw' });
    const head = 'auth:\n  providers:\n    gen: { kind: api-key/generic }\n#';
    const file = join(dir, 'authui.yaml');
    writeFileSync(file, `${head}${'x'.repeat(MOST_CONFIG_BYTES + 1 - head.length)}`);
    for (const args of [['status'], ['validate'], ['token', 'gen']]) {
      const result = await runBinAsync(args, { env, cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`${file} is 8.0 MB: authui reads one of at most 8 MB`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(file, `${head}${'x'.repeat(MOST_CONFIG_BYTES - head.length)}`);
    const atLimit = await runBinAsync(['validate'], { env, cwd: dir });
    expect(atLimit.code, atLimit.stderr).toBe(0);
  });
});

describe.skipIf(tmuxMissing !== undefined)(
  `the dashboard on an untrusted file${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`,
  () => {
    it('says so in the title, renews nothing, and T trusts after a confirmation that shows the path', async () => {
      const ws = await setup({ trusted: false });
      evil.calls.length = 0;
      session = TmuxSession.start(`cd ${ws.repo} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
        env: ws.repoEnv,
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
    });
  },
);

describe('a stored secret goes only to the server it came from', () => {
  it('every command exits 3 naming both servers; nothing reaches the other one; status says other server', async () => {
    const ws = await setup({ trusted: true });
    evil.calls.length = 0;
    for (const args of [
      ['token', 'kitty'],
      ['token', 'kitty', '--ws'],
      ['test', 'kitty'],
      ['env', 'kitty', '--reveal'],
      ['token', 'gen'],
      ['test', 'gen'],
      ['exec', 'gen', '--', process.execPath, '-e', '0'],
    ]) {
      const result = await ws.run(...args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(3);
      expect(result.stderr).toContain(`was issued by ${real.url}`);
      expect(result.stderr).toContain(`now names ${evil.url}`);
      expect(result.stderr).toContain('authui login');
      expect(result.stdout + result.stderr).not.toContain(KEY);
    }
    const logout = await ws.run('logout', '--provider', 'kitty', '--yes');
    expect(logout.code, logout.stderr).toBe(0); // the local copy goes; nothing is revoked there
    expect(evil.calls).toEqual([]);
    const status = await ws.run('status');
    expect(status.stdout).toMatch(/gen\s+—\s+api-key\/generic\s+≠ other server/);
  });

  it('a login replaces the session for the new server; its own server then gets it', async () => {
    const ws = await setup({ trusted: true });
    const workspace = await createApp({ io: captureIO(ws.repoEnv, ws.repo) }).workspace();
    await workspace.engine.login('kitty', new ScriptedPrompter([{ password: 'evil-password-1' }]));
    const token = await ws.run('token', 'kitty');
    expect(token.code, token.stderr).toBe(0);
    // And now the user's own config, which names the first server, is the one refused.
    const own = await runBinAsync(['token', 'kitty'], { env: ws.env, cwd: ws.dir });
    expect(own.code).toBe(3);
    expect(own.stderr).toContain(`was issued by ${evil.url}`);
  });

  it("a session stored before servers were recorded: the user's own config adopts it, a project's does not", async () => {
    const ws = await setup({ trusted: true });
    const { SessionIndex } = await import('../../src/auth/session-index.js');
    const { resolvePaths } = await import('../../src/auth/paths.js');
    const { systemClock } = await import('../../src/auth/clock.js');
    const paths = resolvePaths(ws.env);
    const index = new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {});
    const unbind = () =>
      index.update((sessions) => {
        for (const s of Object.values(sessions)) delete s.binding;
      });
    await unbind();
    const project = await ws.run('token', 'gen');
    expect(project.code).toBe(3);
    expect(project.stderr).toContain('stored before authui recorded servers');
    const own = await runBinAsync(['token', 'gen'], { env: ws.env, cwd: ws.dir });
    expect(own).toMatchObject({ code: 0, stdout: `${KEY}\n` });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(paths.auditLog, 'utf8')).toContain('now belongs to the server this configuration names');
    // Adopted: the project, which names another server, is refused with both named.
    expect((await ws.run('token', 'gen')).stderr).toContain(`was issued by ${real.url}`);
  });
});

describe.skipIf(tmuxMissing !== undefined)(`the dashboard${tmuxMissing ? ` (skipped: ${tmuxMissing})` : ''}`, () => {
  it('shows the row as other server and renews nothing through its refresh lead', async () => {
    real.accessSeconds = 8; // renewal lead: half of it
    const ws = await setup({ trusted: true });
    evil.calls.length = 0;
    session = TmuxSession.start(`cd ${ws.repo} && ${process.execPath} ${BIN}; echo "EXIT-CODE=$?"; sleep 30`, {
      env: ws.repoEnv,
    });
    const s = session;
    await s.waitFor((text) => /kitty\s+Token service…\s+≠ other server/.test(text));
    // Past the whole lifetime: the lead has come and gone, and the refresh manager sent nothing.
    await s.waitFor((text) => /kitty\s+Token service…\s+≠ other server\s+expired/.test(text), 15_000);
    expect(evil.calls).toEqual([]);
    s.send('q');
    await s.waitFor((text) => text.includes('EXIT-CODE=0'));
  });
});
