// A secret goes only to the server it came from, through the built binary: sessions stored for
// kitty and gen at the real servers; then a configuration (a trusted project file, or the user's
// own file edited) names other servers under the same names. Nothing reaches them: every command
// exits 3 naming both servers, status shows "other server", the dashboard's refresh manager skips
// the row through its refresh lead, and a login replaces the session for the new server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/app.js';
import { trustConfig } from '../../src/auth/config/trust.js';
import { captureIO } from '../helpers/io.js';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { FakeTokenService } from '../servers/token-service.js';

const PASSWORD = 'CANARY-binding-password-4e';
const KEY = 'CANARY-binding-api-key-9c';
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

/** kitty and gen logged in through the user's own config, and a trusted project pointing elsewhere. */
async function setup() {
  const dir = tempDir();
  const own = join(dir, 'own.yaml');
  writeFileSync(own, config(real.url));
  const env = isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'binding-pw', AUTHUI_CONFIG: own });
  const app = await openApp(captureIO(env, dir), {});
  await app.engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
  await app.engine.login('gen', new ScriptedPrompter([{ api_key: KEY }]), { noVerify: true });
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, 'authui.yaml'), config(evil.url));
  const repoEnv = { ...env, AUTHUI_CONFIG: undefined };
  trustConfig(repoEnv, join(repo, 'authui.yaml')); // even trusted, a config cannot redirect a secret
  return { dir, own, env, repo, repoEnv, run: (...args: string[]) => runBinAsync(args, { env: repoEnv, cwd: repo }) };
}

describe('a stored secret goes only to the server it came from', () => {
  it('every command exits 3 naming both servers; nothing reaches the other one; status says other server', async () => {
    const ws = await setup();
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
    const ws = await setup();
    const app = await openApp(captureIO(ws.repoEnv, ws.repo), {});
    await app.engine.login('kitty', new ScriptedPrompter([{ password: 'evil-password-1' }]));
    const token = await ws.run('token', 'kitty');
    expect(token.code, token.stderr).toBe(0);
    // And now the user's own config, which names the first server, is the one refused.
    const own = await runBinAsync(['token', 'kitty'], { env: ws.env, cwd: ws.dir });
    expect(own.code).toBe(3);
    expect(own.stderr).toContain(`was issued by ${evil.url}`);
  });

  it("a session stored before servers were recorded: the user's own config adopts it, a project's does not", async () => {
    const ws = await setup();
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
    const ws = await setup();
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
  }, 30_000);
});
