// Debug mode through the built binary: what authui decided and why (config, store, session
// cache, renewal, each HTTP request with its status), on stderr or in AUTHUI_DEBUG_FILE; the
// canary secrets (password, access and refresh tokens) appear in none of it.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { captureIO } from '../helpers/io.js';
import { runBinAsync } from '../helpers/cli.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { FakeTokenService } from '../servers/token-service.js';

const PASSWORD = 'CANARY-debug-password-6b';
const peer = new FakeTokenService();
beforeAll(async () => {
  await peer.start();
  peer.addUser('ada', PASSWORD);
});
afterAll(() => peer.stop());

/** kitty logged in 3 of its 4 minutes ago: inside its renewal lead, so `token` renews it. */
async function expiring() {
  peer.accessSeconds = 4 * 60;
  const ws = cliWorkspace(
    `auth:\n  keyring: { type: file }\n  providers:\n    kitty: { kind: token-service, base_url: "${peer.url}", username: ada }\n`,
    'debug-store-pw',
  );
  const then = { now: () => Date.now() - 3 * 60_000 };
  peer.now = then.now;
  const workspace = await createApp({ io: captureIO(ws.env, ws.cwd), clock: then }).workspace();
  await workspace.engine.login('kitty', new ScriptedPrompter([{ password: PASSWORD }]));
  peer.now = () => Date.now();
  const stored = JSON.parse((await ws.store.get('provider:kitty/session')) as string) as Record<string, string>;
  return { ...ws, secrets: [PASSWORD, stored.access as string, stored.refresh as string] };
}

describe('debug mode', () => {
  it('--debug: every decision on stderr, stdout untouched, no secret', async () => {
    const ws = await expiring();
    const result = await runBinAsync(['--debug', 'token', 'kitty'], { env: ws.env, cwd: ws.cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1); // the token alone
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines.every((l) => l.startsWith('authui debug: '))).toBe(true);
    expect(result.stderr).toMatch(
      /authui debug: config path=\S+authui\.yaml format=authui origin=project trusted=true/,
    );
    expect(result.stderr).toMatch(/authui debug: store backend=file requested=file/);
    expect(result.stderr).toMatch(/authui debug: refresh node=provider:kitty decision=renew/);
    expect(result.stderr).toMatch(
      new RegExp(`authui debug: http method=POST url=${peer.url}/api/v1/token/refresh/ status=200 ms=\\d+`),
    );
    for (const secret of [...ws.secrets, result.stdout.trim()]) expect(result.stderr).not.toContain(secret);
  });

  it('AUTHUI_DEBUG=1 with AUTHUI_DEBUG_FILE writes there instead, 0600, and nothing to stderr', async () => {
    const ws = await expiring();
    const file = join(ws.dir, 'debug.log');
    const result = await runBinAsync(['token', 'kitty'], {
      env: { ...ws.env, AUTHUI_DEBUG: '1', AUTHUI_DEBUG_FILE: file },
      cwd: ws.cwd,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const log = readFileSync(file, 'utf8');
    expect(log).toMatch(/authui debug: session-cache node=provider:kitty result=(hit|miss)/);
    expect(log).toMatch(/authui debug: http method=POST url=\S+\/api\/v1\/token\/refresh\/ status=200/);
    for (const secret of [...ws.secrets, result.stdout.trim()]) expect(log).not.toContain(secret);
  });
});
