// token-service through the engine against the loopback token service: sign-in, rotation,
// renewal inside the lead time, a refused renewal (adopt a newer token, else clear), ws tokens,
// and every transport fault ending in the right error with the server named.
import { testEngine } from '../../helpers/engine.js';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/auth/config/parse.js';
import type { Config } from '../../../src/auth/config/types.js';
import { AuthError } from '../../../src/auth/errors.js';
import { reportLines } from '../../../src/auth/logout-report.js';
import { resolvePaths } from '../../../src/auth/paths.js';
import { MemoryStore } from '../../../src/auth/stores/memory.js';
import { entryName } from '../../../src/auth/stores/types.js';
import { ScriptedPrompter } from '../../helpers/prompter.js';
import { isolatedEnv, tempDir } from '../../helpers/tmp.js';
import { FakeTokenService } from '../../servers/token-service.js';
import { fetch } from '../../../src/auth/fetch.js';

const PASSWORD = 'CANARY-token-password-5f1e';
const peer = new FakeTokenService();
const clock = { t: Date.parse('2026-12-02T09:00:00Z'), now: () => clock.t };

beforeAll(async () => {
  await peer.start();
  peer.addUser('ada', PASSWORD);
  peer.now = clock.now;
});
afterAll(() => peer.stop());
beforeEach(() => {
  peer.calls.length = 0;
  peer.accessSeconds = 15 * 60;
  peer.accessWithoutExp = false;
  peer.revokeOnReuse = true;
  clock.t = Date.parse('2026-12-02T09:00:00Z');
});

async function setup(extra = '') {
  const text = `auth:\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada${extra} }\n`;
  const { config, issues } = await parseConfigText(text, 'c.yaml', 'authui');
  expect(issues).toEqual([]);
  const env = isolatedEnv(tempDir(), { AUTHUI_NETWORK_TIMEOUT_MS: '300' });
  const store = new MemoryStore();
  const warnings: string[] = [];
  const engine = testEngine({ config: config as Config, store, clock, env, onWarning: (m) => warnings.push(m) });
  return { engine, store, env, warnings };
}

const signIn = (password = PASSWORD) => new ScriptedPrompter([{ password }]);

describe('token-service', () => {
  it('signs in with the username from config and a masked password, and stores only the tokens', async () => {
    const { engine, store, env } = await setup();
    const prompter = signIn();
    await engine.login('kitty', prompter);
    const fields = prompter.asked[0]?.fields ?? [];
    expect(fields.map((f) => [f.name, f.default, f.secret])).toEqual([
      ['username', 'ada', false],
      ['password', undefined, true],
    ]);
    const [row] = engine.list();
    expect(row).toMatchObject({ state: 'active', subject: 'ada', server: new URL(peer.url).host });
    expect(row?.expiresAt).toBe(clock.t + 15 * 60_000);
    expect(row?.renewableUntil).toBe(clock.t + 7 * 24 * 3600_000);
    const stored = (await store.get(entryName.session('provider:kitty'))) as string;
    expect(Object.keys(JSON.parse(stored)).sort()).toEqual([
      'access',
      'accessExpiresAt',
      'refresh',
      'refreshExpiresAt',
    ]);
    // The password is sent once and kept nowhere.
    const paths = resolvePaths(env);
    for (const text of [stored, readFileSync(paths.sessionIndex, 'utf8'), readFileSync(paths.auditLog, 'utf8')])
      expect(text).not.toContain(PASSWORD);
    const { token } = await engine.token('kitty');
    expect(peer.accepts(token)).toBe(true);
    // The connection test mints a ws token (never stored).
    expect((await engine.test('kitty')).facts).toEqual([
      { key: 'server', label: 'Server', value: new URL(peer.url).host },
      { key: 'user', label: 'User', value: 'ada' },
    ]);
  });

  it('asks again after a rejected password, and gives up after three with nothing stored', async () => {
    const { engine, store } = await setup();
    const second = new ScriptedPrompter([{ password: 'wrong' }, { password: PASSWORD }]);
    await engine.login('kitty', second);
    expect(second.asked[1]?.description).toMatch(/rejected/);

    const other = await setup();
    const error = await other.engine
      .login('kitty', new ScriptedPrompter([{ password: 'a' }, { password: 'b' }, { password: 'c' }]))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_credentials', message: 'Invalid username or password' });
    expect(await other.store.list()).toEqual([]);
    expect(store).toBeDefined();
  });

  it('uses access_ttl for an access token without exp', async () => {
    peer.accessWithoutExp = true;
    const { engine } = await setup(', access_ttl: 2m');
    await engine.login('kitty', signIn());
    expect(engine.list()[0]?.expiresAt).toBe(clock.t + 2 * 60_000);
  });

  it('renews inside the 5-minute lead, spending the refresh token exactly once', async () => {
    const { engine, store } = await setup();
    await engine.login('kitty', signIn());
    const first = JSON.parse((await store.get(entryName.session('provider:kitty'))) as string);
    clock.t += 9 * 60_000; // six minutes left: handed out as is
    expect((await engine.token('kitty')).token).toBe(first.access);
    expect(peer.refreshCalls).toBe(0);
    clock.t += 2 * 60_000; // four minutes left: renewed first
    const tokens = await Promise.all(Array.from({ length: 20 }, () => engine.token('kitty')));
    expect(peer.refreshCalls).toBe(1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
    expect(tokens[0]?.token).not.toBe(first.access);
    // The old refresh token was rotated away.
    const reuse = await fetch(new URL('/api/v1/token/refresh/', peer.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh: first.refresh }),
    });
    expect(reuse.status).toBe(401);
  });

  it('renews a token that lives less than the lead at half its lifetime, not on every use', async () => {
    peer.accessSeconds = 4 * 60;
    const { engine } = await setup();
    await engine.login('kitty', signIn());
    clock.t += 60_000;
    await engine.token('kitty');
    await engine.token('kitty');
    expect(peer.refreshCalls).toBe(0);
    clock.t += 90_000; // 1m30s left of 4m: past half-life
    await engine.token('kitty');
    expect(peer.refreshCalls).toBe(1);
  });

  it('a refused renewal clears the session and says "log in again" (exit 3 outside a terminal)', async () => {
    const { engine, store } = await setup();
    await engine.login('kitty', signIn());
    peer.revokeUser('ada');
    clock.t += 12 * 60_000;
    const error = (await engine.token('kitty').catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe('token_expired');
    expect(error.message).toBe('Session expired. Please log in again.');
    expect(error.hint).toBe('Run "authui login kitty".');
    expect(await store.get(entryName.session('provider:kitty'))).toBeUndefined();
    expect(engine.list()[0]?.state).toBe('logged_out');
    const history = (await engine.detail('kitty')).history.map((e) => [e.event, e.outcome, e.code]);
    expect(history).toContainEqual(['refresh', 'failed', 'token_expired']);
  });

  it('adopts a newer token another process stored before clearing anything', async () => {
    peer.revokeOnReuse = false;
    const { engine, store, env } = await setup();
    await engine.login('kitty', signIn());
    clock.t += 12 * 60_000;
    // An authui that does not take the lock renews in the window between our read and our call.
    let raced = false;
    const racing = testEngine({
      config: engine.config,
      store,
      clock,
      env,
      fetch: async (input, init) => {
        if (!raced && String(input).includes('/refresh/')) {
          raced = true;
          const body = String(init?.body);
          const other = await fetch(input, init);
          const pair = (await other.json()) as { access: string; refresh: string };
          await store.set(
            entryName.session('provider:kitty'),
            JSON.stringify({ ...pair, accessExpiresAt: clock.t + 15 * 60_000, refreshExpiresAt: clock.t + 3_600_000 }),
          );
          return fetch(input, { ...init, body });
        }
        return fetch(input, init);
      },
    });
    const { token } = await racing.token('kitty');
    expect(peer.accepts(token)).toBe(true);
    expect(await store.get(entryName.session('provider:kitty'))).toBeDefined();
    expect(peer.refreshCalls).toBe(2);
  });

  it('mints a ws token, renewing once when the server refuses the access token', async () => {
    const { engine, env } = await setup();
    await engine.login('kitty', signIn());
    const token = await engine.mint('kitty', 'WebSocket token');
    expect(token).toMatch(/^[\w-]{20,}$/);
    // The server no longer takes the stored access token, but the refresh token still works.
    peer.dropAccessTokens();
    const again = await engine.mint('kitty', 'WebSocket token');
    expect(again).toMatch(/^[\w-]{20,}$/);
    expect(peer.calls.map((c) => `${c.path} ${c.status}`).slice(-3)).toEqual([
      '/api/v1/ws-token/ 401',
      '/api/v1/token/refresh/ 200',
      '/api/v1/ws-token/ 200',
    ]);
    // Only once: a second refusal is an error, not a loop.
    peer.dropAccessTokens();
    const failing = fetch;
    let wsCalls = 0;
    const counting = testEngine({
      config: engine.config,
      store: engine.store,
      clock,
      env,
      fetch: (input, init) => {
        if (String(input).includes('/ws-token/')) {
          wsCalls++;
          peer.dropAccessTokens();
        }
        return failing(input, init);
      },
    });
    await expect(counting.mint('kitty', 'WebSocket token')).rejects.toMatchObject({ code: 'token_expired' });
    expect(wsCalls).toBe(2);
    await expect(engine.mint('kitty', 'nope')).rejects.toMatchObject({ code: 'usage' });
  });

  it('treats a damaged stored session as no session and says so once', async () => {
    const { engine, store, warnings, env } = await setup();
    await engine.login('kitty', signIn());
    await store.set(entryName.session('provider:kitty'), '{"access": 42');
    // As after a reboot: the short-lived cache (in the runtime directory) is gone, the store is read.
    rmSync(resolvePaths(env).sessionCache, { recursive: true, force: true });
    const first = { code: 'needs_interactive_login', message: '"kitty" is not logged in' };
    await expect(engine.token('kitty')).rejects.toMatchObject(first);
    await expect(engine.token('kitty')).rejects.toMatchObject(first);
    expect(warnings.filter((w) => w.includes('unreadable'))).toHaveLength(1);
  });

  it('falls back to an API key when the session cannot be renewed, and says so', async () => {
    const { engine, env } = await setup(
      ', fallback: { provider: kitty-key } }\n    kitty-key: { kind: api-key/generic',
    );
    await engine.login('kitty', signIn());
    await engine.login('kitty-key', new ScriptedPrompter([{ api_key: 'CANARY-fallback-key-31' }]));
    expect(engine.list().find((n) => n.name === 'kitty')?.fallback).toBeUndefined();
    peer.revokeUser('ada');
    clock.t += 12 * 60_000;
    const { token, warning } = await engine.token('kitty');
    expect(token).toBe('CANARY-fallback-key-31');
    expect(warning).toBe(
      'kitty could not be renewed (Session expired. Please log in again.); using the key of kitty-key instead',
    );
    expect(engine.list().find((n) => n.name === 'kitty')?.fallback).toBe('kitty-key');
    const exports = await engine.exports('kitty', { secrets: true });
    expect(exports.secrets).toEqual({ AUTHUI_API_KEY: 'CANARY-fallback-key-31' });
    expect(exports.warning).toMatch(/using the key of kitty-key/);
    const history = (await engine.detail('kitty')).history.map((e) =>
      `${e.event} ${e.outcome} ${e.detail ?? ''}`.trim(),
    );
    expect(history).toContain('fallback warning used provider:kitty-key');
    expect(readFileSync(resolvePaths(env).auditLog, 'utf8')).not.toContain('CANARY');
  });

  it('logout removes the tokens and says the server keeps the access token valid until it expires', async () => {
    const { engine, store } = await setup();
    await engine.login('kitty', signIn());
    const report = await engine.logout(await engine.planLogout({ kind: 'provider', name: 'kitty' }));
    expect(reportLines(report)).toContain(
      '  ✓ Store (memory): provider:kitty/session — the service has no revoke endpoint: its last access token stays valid until it expires',
    );
    expect(await store.list()).toEqual([]);
    expect(engine.list()[0]?.state).toBe('logged_out');
  });

  it('rejects a fallback that holds no key', async () => {
    const text = `auth:\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", fallback: { provider: corp } }\n    corp: { kind: oidc, issuer: "https://login.example.com", client_id: c }\n    other: { kind: token-service, base_url: "${peer.url}", fallback: { provider: nope } }\n`;
    const { issues } = await parseConfigText(text, 'c.yaml', 'authui');
    expect(issues.map((i) => i.key)).toEqual(['auth.providers.other.fallback.provider']);
  });

  describe('transport faults end in the right error, with the server named and nothing stored', () => {
    const cases: [string, () => void, string, RegExp][] = [
      ['HTTP 500', () => peer.failNext({ kind: 'status', status: 500 }), 'server_error', /temporarily unavailable/],
      [
        'HTTP 503 + Retry-After',
        () => peer.failNext({ kind: 'status', status: 503, retryAfter: 7 }),
        'server_error',
        /temporarily unavailable/,
      ],
      ['429', () => peer.failNext({ kind: 'throttle', retryAfter: 3 }), 'rate_limited', /limiting/],
      ['an HTML page', () => peer.failNext({ kind: 'html' }), 'server_error', /not JSON/],
      ['a dropped connection', () => peer.failNext({ kind: 'drop' }), 'network', /Cannot reach/],
      [
        'an answer slower than the timeout',
        () => peer.failNext({ kind: 'slow', ms: 1_000 }),
        'timeout',
        /did not answer in time/,
      ],
    ];
    for (const [what, inject, code, message] of cases) {
      it(what, async () => {
        const { engine, store } = await setup();
        inject();
        const error = (await engine.login('kitty', signIn()).catch((e: unknown) => e)) as AuthError;
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
        expect(error.message).toContain(new URL(peer.url).host);
        expect(error.context.endpoint).toBe(new URL(peer.url).origin);
        if (what.includes('Retry-After')) expect(error.retryAfterMs).toBe(7000);
        if (code === 'rate_limited') expect(error.retryAfterMs).toBe(3000);
        expect(error.retryable).toBe(true);
        expect(JSON.stringify(error)).not.toContain(PASSWORD);
        expect(await store.list()).toEqual([]);
      });
    }

    it('a refused connection, said in words', async () => {
      // A loopback port that was just free: nothing listens there now.
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      const text = `auth:\n  providers:\n    kitty: { kind: token-service, base_url: "http://127.0.0.1:${port}" }\n`;
      const config = (await parseConfigText(text, 'c.yaml', 'authui')).config as Config;
      const engine = testEngine({
        config,
        store: new MemoryStore(),
        clock,
        env: isolatedEnv(tempDir()),
        paths: resolvePaths(isolatedEnv(tempDir())),
      });
      const error = (await engine
        .login('kitty', new ScriptedPrompter([{ username: 'ada', password: PASSWORD }]))
        .catch((e: unknown) => e)) as AuthError;
      expect(error).toMatchObject({
        code: 'network',
        message: `Cannot reach 127.0.0.1:${port}`,
        // In words, not Node's code.
        explanation: 'the connection was refused: nothing answers at that address and port',
        hint: 'Check your connection.',
      });
    });
  });

  it('rejects a plain-http base_url outside loopback at validate time', async () => {
    const { issues } = await parseConfigText(
      'auth:\n  providers:\n    kitty: { kind: token-service, base_url: "http://kitty.example.com" }\n',
      'c.yaml',
      'authui',
    );
    expect(issues.map((i) => [i.key, i.message])).toEqual([
      ['auth.providers.kitty.base_url', 'URL must use https:// (plain http is allowed only for loopback addresses)'],
    ]);
  });
});
