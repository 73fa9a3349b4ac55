// `authui prompt`: the nodes' time left for a shell prompt, from the session index only — no
// store (a wrong store password changes nothing), no network, never an error in the prompt.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortLeft } from '../../src/cli/prompt.js';
import { runBin, runCommand } from '../helpers/cli.js';
import { cliWorkspace } from '../helpers/workspace.js';

const CONFIG = `auth:
  keyring: { type: file }
  providers:
    corp: { kind: oidc, issuer: https://login.example.com, client_id: c }
    openai: { kind: api-key/openai }
  identities:
    dev: { kind: aws/user, default: true }
    admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin" } }
`;

async function workspace() {
  // The store's password is wrong on purpose: a prompt must never need it.
  const ws = cliWorkspace(CONFIG, 'prompt-store-pw');
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  await ws.index.update((s) => {
    s['identity:dev'] = { obtainedAt: at(-3600_000), expiresAt: at(11 * 3600_000 + 60_000), backend: 'file' };
    s['provider:corp'] = { obtainedAt: at(-3600_000), expiresAt: at(4 * 60_000 + 30_000), backend: 'file' };
    s['identity:admin'] = { obtainedAt: at(-7200_000), expiresAt: at(-60_000), backend: 'file' };
    s['provider:openai'] = { obtainedAt: at(-3600_000), backend: 'file' };
  });
  const env = { ...ws.env, AUTHUI_KEYRING_PASSWORD: 'not-the-store-password' };
  return {
    ...ws,
    env,
    prompt: (args: string[] = [], extra: Record<string, string> = {}) =>
      runCommand(['prompt', ...args], { env: { ...env, ...extra }, cwd: ws.cwd }),
  };
}

describe('authui prompt', () => {
  it('shows the default identity, or the names asked for, each with its time left and its state when not active', async () => {
    const ws = await workspace();
    expect(await ws.prompt()).toEqual({ code: 0, stdout: 'dev 11h\n', stderr: '' });
    expect((await ws.prompt(['corp', 'admin', 'openai', 'ghost'])).stdout).toBe('corp ◐ 4m admin ✗ openai\n');
  });

  it('follows authui shell (AUTHUI_SHELL), else AWS_PROFILE when it names a node', async () => {
    const ws = await workspace();
    expect((await ws.prompt([], { AUTHUI_SHELL: 'corp dev' })).stdout).toBe('corp ◐ 4m dev 11h\n');
    expect((await ws.prompt([], { AWS_PROFILE: 'admin' })).stdout).toBe('admin ✗\n');
    expect((await ws.prompt([], { AWS_PROFILE: 'someone-elses-profile' })).stdout).toBe('dev 11h\n');
  });

  it('a broken configuration prints nothing and exits 0 (never an error in every prompt)', async () => {
    const ws = await workspace();
    writeFileSync(join(ws.cwd, 'authui.yaml'), 'auth:\n  identities:\n    x: [\n');
    expect(await ws.prompt()).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('runs as a hot path from the built binary', async () => {
    const ws = await workspace();
    const result = runBin(['prompt', 'corp'], { env: ws.env, cwd: ws.cwd });
    expect(result).toMatchObject({ code: 0, stdout: 'corp ◐ 4m\n', stderr: '' });
  });

  it('says the largest unit only', () => {
    expect([2 * 86_400_000 + 5, 11 * 3_600_000 + 59 * 60_000, 4 * 60_000 + 59_000, 30_500, -5].map(shortLeft)).toEqual([
      '2d',
      '11h',
      '4m',
      '30s',
      '0s',
    ]);
  });
});
