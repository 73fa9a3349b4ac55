// Environment variables pointing at missing or hostile places, through the built binary: every
// command ends in its normal answer or a clear error with a hint, never "this is a bug" or a
// stack trace, and never writes outside the directories it was given.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinAsync } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

const CONFIG = 'auth:\n  keyring: { type: file }\n  identities:\n    dev: { kind: aws/user }\n';

function workspace() {
  const dir = tempDir();
  const cwd = join(dir, 'work');
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'authui.yaml'), CONFIG);
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory');
  return { dir, cwd, file, env: isolatedEnv(dir, { AUTHUI_KEYRING_PASSWORD: 'hostile-env-password' }) };
}

// `authui` alone runs the dashboard's bundle (the status table without a terminal), which saves
// its code cache at exit.
const COMMANDS = [
  [],
  ['status', '--json'],
  ['credential-process', 'dev'],
  ['env', 'dev'],
  ['logout', 'dev'],
  ['validate'],
];

describe('hostile environment variables', () => {
  it.each([
    ['XDG_STATE_HOME is a file', (w: ReturnType<typeof workspace>) => ({ XDG_STATE_HOME: w.file })],
    ['XDG_DATA_HOME is a file', (w: ReturnType<typeof workspace>) => ({ XDG_DATA_HOME: w.file })],
    ['XDG_CACHE_HOME is a file', (w: ReturnType<typeof workspace>) => ({ XDG_CACHE_HOME: w.file })],
    ['XDG_CONFIG_HOME is a file', (w: ReturnType<typeof workspace>) => ({ XDG_CONFIG_HOME: w.file })],
    ['XDG_RUNTIME_DIR is a file', (w: ReturnType<typeof workspace>) => ({ XDG_RUNTIME_DIR: w.file })],
    ['XDG_STATE_HOME is relative (ignored, as the XDG spec says)', () => ({ XDG_STATE_HOME: 'relative/state' })],
    ['XDG_CACHE_HOME is relative (ignored, as the XDG spec says)', () => ({ XDG_CACHE_HOME: 'relative/cache' })],
    ['HOME does not exist', (w: ReturnType<typeof workspace>) => ({ HOME: join(w.dir, 'missing', 'home') })],
    ['AUTHUI_CONFIG is missing', (w: ReturnType<typeof workspace>) => ({ AUTHUI_CONFIG: join(w.dir, 'nope.yaml') })],
    ['AUTHUI_CONFIG is a directory', (w: ReturnType<typeof workspace>) => ({ AUTHUI_CONFIG: w.dir })],
    ['AUTHUI_CONFIG is a device', () => ({ AUTHUI_CONFIG: '/dev/null' })],
    ['AUTHUI_CONFIG is full of ../', () => ({ AUTHUI_CONFIG: '../../../../../../../../etc/passwd' })],
    ['AUTHUI_KEYRING is unknown', () => ({ AUTHUI_KEYRING: 'bogus' })],
    ['AUTHUI_NETWORK_TIMEOUT_MS is not a number', () => ({ AUTHUI_NETWORK_TIMEOUT_MS: 'soon' })],
    ['AWS_ENDPOINT_URL_STS is not a URL', () => ({ AWS_ENDPOINT_URL_STS: 'not a url' })],
  ])('%s', async (_what, hostile) => {
    const w = workspace();
    const env = { ...w.env, ...hostile(w) };
    for (const args of COMMANDS) {
      const result = await runBinAsync(args, { env, cwd: w.cwd });
      const said = `${args.join(' ')} → ${result.code}\n${result.stdout}${result.stderr}`;
      expect(result.stderr, said).not.toMatch(/this is a bug|\n\s+at |TypeError|ReferenceError/);
      expect([0, 1, 2, 3], said).toContain(result.code);
      if (result.code !== 0) expect(result.stderr, said).toMatch(/error: .+\n(.*\n)*\s+hint: .+/m);
    }
    // Nothing was written into the working directory (a relative XDG value is not a path to use).
    expect(readdirSync(w.cwd)).toEqual(['authui.yaml']);
  });

  it('AUTHUI_CONFIG at an AWS credentials file: a syntax error that never quotes the file', async () => {
    const w = workspace();
    const secret = 'CANARY-hostile-config-secret-0001';
    const credentials = join(w.dir, 'credentials');
    writeFileSync(
      credentials,
      `[default]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = ${secret}\n`,
    );
    for (const args of COMMANDS) {
      const result = await runBinAsync(args, { env: { ...w.env, AUTHUI_CONFIG: credentials }, cwd: w.cwd });
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.stderr).toContain(`${credentials}:2:1: error: YAML syntax error`);
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(result.stdout + result.stderr).not.toContain('AKIAEXAMPLE');
    }
  });
});
