// authui as git's credential helper, proven with the real git over smart HTTPS (git
// http-backend behind a loopback server that wants the token as the Basic password):
// `authui git config` writes the helper into the user's global git config; `git ls-remote` and
// `git clone` then get through with the node's token; logged out, git fails with authui's hint.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { authuiOnPath, BIN, runBinAsync, runCommand } from '../helpers/cli.js';
import { testCertificates } from '../helpers/certs.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { tempDir } from '../helpers/tmp.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { GitHttpServer } from '../servers/git-http.js';

const TOKEN = 'forge-token-CANARY-0123456789abcdef';
const certs = testCertificates();
let repos: string;
let server: GitHttpServer;

beforeAll(async () => {
  // Not tempDir(): that is removed after each test, and the repositories serve them all.
  repos = mkdtempSync(join(tmpdir(), 'authui-git-repos-'));
  GitHttpServer.makeRepo(repos, 'app', 'hello from the forge\n');
  GitHttpServer.makeRepo(repos, 'acme/tools', 'hello from acme\n');
  server = new GitHttpServer(repos, certs);
  server.token = TOKEN;
  await server.start();
});
afterAll(async () => {
  await server.stop();
  certs.dispose();
  rmSync(repos, { recursive: true, force: true });
});

async function workspace() {
  const ws = cliWorkspace(
    'auth:\n  keyring: { type: file }\n  providers:\n    forge: { kind: api-key/generic }\n',
    'git-store-password',
  );
  // `authui` on PATH, as an installed one is: git runs the helper through the shell.
  const bin = authuiOnPath(ws.dir);
  mkdirSync(ws.env.HOME as string, { recursive: true });
  const env: Record<string, string | undefined> = {
    ...ws.env,
    PATH: `${bin}:${process.env.PATH}`,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSL_CAINFO: certs.caPath,
  };
  // Not spawnSync: the server answering git lives in this process.
  const git = (...args: string[]) => runBinAsync(args, { env, cwd: ws.cwd, command: 'git' });
  return { ...ws, env, git };
}

describe('git credential helper', () => {
  it('git config writes the helper; ls-remote and clone get through with the token; logged out, git fails with the hint', async () => {
    const ws = await workspace();
    const host = new URL(server.url).host;
    const configured = await runCommand(['git', 'config', host, 'forge'], { env: ws.env, cwd: ws.cwd });
    expect(configured.stderr).toBe('');
    expect(configured.code).toBe(0);
    const gitconfig = readFileSync(join(ws.env.HOME as string, '.gitconfig'), 'utf8');
    expect(gitconfig).toContain(`[credential "https://${host}"]`);
    expect(gitconfig).toContain(`helper = !authui git-credential forge ${host}`);
    const { engine: viewer } = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    expect((await viewer.detail('forge')).usedBy).toEqual([
      `git: https://${host} (${join(ws.env.HOME as string, '.gitconfig')})`,
    ]);

    // Not logged in yet: git is refused, and says what authui said.
    const refused = await ws.git('ls-remote', `${server.url}/app.git`);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Run "authui login forge" in a terminal.');

    const { engine } = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    await engine.login('forge', new ScriptedPrompter([{ api_key: TOKEN }]), { noVerify: true });
    const listed = await ws.git('ls-remote', `${server.url}/app.git`);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main$/m);
    const clone = join(tempDir(), 'app');
    const cloned = await ws.git('clone', `${server.url}/app.git`, clone);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(readFileSync(join(clone, 'README'), 'utf8')).toBe('hello from the forge\n');
    expect(server.seen.some((h) => h === `Basic ${Buffer.from(`oauth2:${TOKEN}`).toString('base64')}`)).toBe(true);
    // git keeps nothing of it: authui is the only place the token lives.
    expect(readFileSync(join(ws.env.HOME as string, '.gitconfig'), 'utf8')).not.toContain(TOKEN);
  });

  it('answers only for its host, and get alone: store and erase change nothing', async () => {
    const ws = await workspace();
    const { engine } = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    await engine.login('forge', new ScriptedPrompter([{ api_key: TOKEN }]), { noVerify: true });
    const helper = (operation: string, request: string) =>
      execFileSync(process.execPath, [BIN, 'git-credential', 'forge', 'forge.example.com', operation], {
        env: ws.env as NodeJS.ProcessEnv,
        cwd: ws.cwd,
        input: request,
        encoding: 'utf8',
      });
    expect(helper('get', 'protocol=https\nhost=forge.example.com\n\n')).toBe(`username=oauth2\npassword=${TOKEN}\n`);
    expect(helper('get', 'protocol=https\nhost=evil.example.com\n\n')).toBe('');
    expect(helper('store', `protocol=https\nhost=forge.example.com\nusername=x\npassword=other\n\n`)).toBe('');
    expect(helper('erase', 'protocol=https\nhost=forge.example.com\n\n')).toBe('');
    expect(helper('get', 'protocol=https\nhost=forge.example.com\n\n')).toBe(`username=oauth2\npassword=${TOKEN}\n`);
    // A user name is one line of git's protocol: one with a line break is refused, when set and when asked.
    const forged = spawnSync(
      process.execPath,
      [BIN, 'git-credential', 'forge', 'forge.example.com', 'get', '--username', 'me\npassword=forged'],
      {
        env: ws.env as NodeJS.ProcessEnv,
        cwd: ws.cwd,
        input: 'protocol=https\nhost=forge.example.com\n\n',
        encoding: 'utf8',
      },
    );
    expect([forged.status, forged.stdout]).toEqual([2, '']);
    expect(forged.stderr).toContain('The user name me\\x0apassword=forged holds a line break');
    const refused = await runCommand(
      ['git', 'config', 'forge.example.com', 'forge', '--username', 'me\nx', '--print'],
      {
        env: ws.env,
        cwd: ws.cwd,
      },
    );
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    const print = await runCommand(['git', 'config', 'forge.example.com', 'forge', '--print'], {
      env: ws.env,
      cwd: ws.cwd,
    });
    expect(print.stdout).toBe(
      "git config --global --replace-all credential.https://forge.example.com.helper ''\n" +
        "git config --global --add credential.https://forge.example.com.helper '!authui git-credential forge forge.example.com'\n",
    );
  });

  it('HOST/PATH: only the repositories under the path get the token (git sends the path: useHttpPath)', async () => {
    const ws = await workspace();
    const host = new URL(server.url).host;
    const configured = await runCommand(['git', 'config', `${host}/acme`, 'forge'], { env: ws.env, cwd: ws.cwd });
    expect(configured.code).toBe(0);
    const gitconfig = readFileSync(join(ws.env.HOME as string, '.gitconfig'), 'utf8');
    expect(gitconfig).toContain(`[credential "https://${host}/acme"]`);
    expect(gitconfig).toContain(`helper = !authui git-credential forge ${host} --path acme`);
    expect(gitconfig).toContain('useHttpPath = true');
    const { engine } = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    await engine.login('forge', new ScriptedPrompter([{ api_key: TOKEN }]), { noVerify: true });
    expect((await engine.detail('forge')).usedBy).toEqual([
      `git: https://${host}/acme (${join(ws.env.HOME as string, '.gitconfig')})`,
    ]);
    const clone = join(tempDir(), 'tools');
    const cloned = await ws.git('clone', `${server.url}/acme/tools.git`, clone);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(readFileSync(join(clone, 'README'), 'utf8')).toBe('hello from acme\n');
    // Another path on the same host: git's config gives it no helper, and the helper itself says nothing.
    const other = await ws.git('ls-remote', `${server.url}/app.git`);
    expect(other.code).not.toBe(0);
    const helper = (request: string) =>
      execFileSync(process.execPath, [BIN, 'git-credential', 'forge', host, 'get', '--path', 'acme'], {
        env: ws.env as NodeJS.ProcessEnv,
        cwd: ws.cwd,
        input: request,
        encoding: 'utf8',
      });
    expect(helper(`protocol=https\nhost=${host}\npath=acme/tools.git\n\n`)).toContain(`password=${TOKEN}`);
    for (const path of ['app.git', 'acme-evil/x.git', '', 'acme/../app.git', 'acme/./../app.git', 'acme/tools/../..'])
      expect(helper(`protocol=https\nhost=${host}\n${path ? `path=${path}\n` : ''}\n`), path).toBe('');
    for (const bad of [`${host}/../x`, `${host}/a b`, `${host}/-x/./y`]) {
      const refused = await runCommand(['git', 'config', bad, 'forge'], { env: ws.env, cwd: ws.cwd });
      expect(refused.code, bad).toBe(2);
    }
  });
});
