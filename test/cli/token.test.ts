// `authui token` as the built binary, against the loopback token service: the token alone on
// stdout, exit 3 with the hint when a login is needed, --ws, and the storm: 16 processes on an
// expiring token make exactly one refresh call and all print the same new token.
import { resolvePaths } from '../../src/auth/paths.js';
import { mkdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { pathSegment } from '../../src/auth/names.js';
import { captureIO } from '../helpers/io.js';
import { runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeTokenService } from '../servers/token-service.js';

const PASSWORD = 'CANARY-storm-password-e41';
/** The workspace's file-store password. */
const STORE_PASSWORD = 'storm-store-pw';
const peer = new FakeTokenService();
beforeAll(async () => {
  await peer.start();
  peer.addUser('ada', PASSWORD);
});
afterAll(() => peer.stop());
beforeEach(() => {
  peer.calls.length = 0;
  peer.accessSeconds = 15 * 60;
});

/** Logged in; with `ageMs`, as if the login had happened that long ago (peer and engine clocks alike). */
async function loggedIn(ageMs = 0) {
  const config = `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada }\n  identities:\n    dev: { kind: aws/user }\n`;
  const ws = cliWorkspace(config, STORE_PASSWORD);
  const io = captureIO(ws.env, ws.cwd);
  const then = { now: () => Date.now() - ageMs };
  peer.now = then.now;
  const workspace = await createApp({ io: io, clock: then }).workspace();
  await workspace.engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
  peer.now = () => Date.now();
  const stored = JSON.parse((await ws.store.get('provider:kitty/session')) as string) as {
    access: string;
    refresh: string;
  };
  return { ...ws, stored, run: (...args: string[]) => runBinAsync(args, { env: ws.env, cwd: ws.cwd }) };
}

describe('authui token', () => {
  it('prints the stored access token and nothing else', async () => {
    const ws = await loggedIn();
    const result = await ws.run('token', 'kitty');
    expect(result).toEqual({ code: 0, stdout: `${ws.stored.access}\n`, stderr: '' });
    expect(peer.refreshCalls).toBe(0);
  });

  it('16 processes on an expiring token make one refresh call and print the same new token', async () => {
    peer.accessSeconds = 4 * 60; // 1 minute left: inside the lead (half of its 4 minutes)
    const ws = await loggedIn(3 * 60_000);
    peer.accessSeconds = 15 * 60; // the renewed one is not
    peer.calls.length = 0;
    const results = await Promise.all(Array.from({ length: 16 }, () => ws.run('token', 'kitty')));
    for (const r of results) expect(r.stderr).toBe('');
    expect(results.map((r) => r.code)).toEqual(Array(16).fill(0));
    const tokens = new Set(results.map((r) => r.stdout));
    expect(tokens.size).toBe(1);
    const token = [...tokens][0]?.trim() as string;
    expect(token).not.toBe(ws.stored.access);
    expect(peer.refreshCalls).toBe(1);
    // Nobody spent the rotated refresh token twice: the family is intact and the token works.
    expect(peer.accepts(token)).toBe(true);
    const status = JSON.parse((await ws.run('status', '--json')).stdout) as {
      nodes: { name: string; state: string }[];
    };
    expect(status.nodes.find((n) => n.name === 'kitty')?.state).toBe('expiring');
  }, 60_000);

  it('tokens that live under two minutes: 16 processes still make one refresh call', async () => {
    peer.accessSeconds = 60; // lead: half of it, 30 s
    const ws = await loggedIn(40_000); // 20 s left: inside the lead
    peer.calls.length = 0;
    const results = await Promise.all(Array.from({ length: 16 }, () => ws.run('token', 'kitty')));
    expect(results.map((r) => r.code)).toEqual(Array(16).fill(0));
    expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
    expect(peer.refreshCalls).toBe(1);
  }, 60_000);

  it('takes over a lock left by a killed process instead of waiting for ever', async () => {
    peer.accessSeconds = 4 * 60;
    const ws = await loggedIn(3 * 60_000);
    peer.accessSeconds = 15 * 60;
    // A holder that died just now: the lock stays until it is older than the stale bound.
    const lock = join(ws.paths.locksDir, `${pathSegment('provider:kitty')}.lock`);
    mkdirSync(lock, { recursive: true });
    const justNow = new Date();
    utimesSync(lock, justNow, justNow);
    const started = Date.now();
    const result = await ws.run('token', 'kitty');
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(5_000); // it respected the live-looking lock first
    expect(peer.accepts(result.stdout.trim())).toBe(true);
  }, 60_000);

  it('mints a ws token with --ws', async () => {
    const ws = await loggedIn();
    const result = await ws.run('token', 'kitty', '--ws');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]{20,}\n$/);
    expect(result.stdout.trim()).not.toBe(ws.stored.access);
  });

  it('exits 3 with the login hint when the session is gone or refused, and prints no token', async () => {
    const ws = await loggedIn();
    peer.revokeUser('ada');
    await ws.store.delete('provider:kitty/session');
    rmSync(resolvePaths(ws.env).sessionCache, { recursive: true, force: true });
    const missing = await ws.run('token', 'kitty');
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('Run "authui login kitty" in a terminal.');

    peer.accessSeconds = 4 * 60;
    const other = await loggedIn(3 * 60_000);
    peer.revokeUser('ada');
    const refused = await other.run('token', 'kitty');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Session expired. Please log in again.');
    expect(refused.stdout).toBe('');
    peer.addUser('ada', PASSWORD);
  });

  it('is a usage error for a node without a bearer token', async () => {
    const ws = await loggedIn();
    const result = await ws.run('token', 'dev');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds no bearer token or API key');
  });

  it('keeps the password and the tokens out of every file but the store, and off stderr', async () => {
    peer.accessSeconds = 4 * 60;
    const ws = await loggedIn(3 * 60_000);
    peer.accessSeconds = 15 * 60;
    const runs = [
      await ws.run('token', 'kitty'),
      await ws.run('status', '--json'),
      await ws.run('token', 'kitty', '--ws'),
    ];
    const secrets = [PASSWORD, ws.stored.access, ws.stored.refresh, runs[0]?.stdout.trim() as string];
    const files = [ws.paths.sessionIndex, ws.paths.auditLog].map((p) => readFileSync(p, 'utf8'));
    for (const text of [
      ...files,
      ...runs.map((r) => r.stderr),
      runs[1]?.stdout ?? '',
      readFileSync(ws.paths.fileStore, 'latin1'),
    ])
      for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
