/* eslint-disable no-control-regex -- control characters are what these tests look for */
// A token is handed out whole or not at all: one that holds a control, an ESC, a bidi control or
// a line break (which no bearer token or API key holds) would act on the terminal `authui token`
// prints to, and add a header to `curl -H "Authorization: Bearer $(authui token …)"`. A token
// service on loopback that sends such tokens; the built binary refuses them, through the
// session-cache answers and through the engine, as do the git and docker helpers, and it still
// prints a clean one.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';

const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CLEAN = 'clean.access.token-1';
const HOSTILE = {
  access: 'acc\x1b]0;PWNED\x07\r\nX-Injected: yes',
  ws: 'ws\x1b[2J\u202etoken',
};

/**
 * Answers every sign-in: `evil` gets an access token with terminal sequences and a line break,
 * `wsevil` a clean one and WebSocket tokens with sequences, `good` clean ones.
 */
let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      const ws = req.url?.includes('ws-token');
      const user = ws ? undefined : (JSON.parse(body || '{}') as { username?: string }).username;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ws
            ? { ws_token: req.headers.authorization?.includes('for-ws') ? HOSTILE.ws : 'clean-ws-token' }
            : { access: user === 'evil' ? HOSTILE.access : user === 'wsevil' ? 'access.for-ws' : CLEAN, refresh: 'r' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a token with a control character or a line break', () => {
  it('is not handed out by token or token --ws; a clean one beside it is', async () => {
    const ws = cliWorkspace(
      `auth:\n  keyring: { type: file }\n  providers:\n    evil: { kind: token-service, base_url: "${baseUrl}", username: evil }\n    wsevil: { kind: token-service, base_url: "${baseUrl}", username: wsevil }\n    good: { kind: token-service, base_url: "${baseUrl}", username: good }\n  integrations:\n    evil-registry: { kind: registry, via: { provider: evil }, spec: { registry: { host: registry.example.com } } }\n`,
      'tokens-handed-out-pw',
    );
    const { engine } = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    for (const name of ['evil', 'wsevil', 'good'])
      await engine.login(name, new ScriptedPrompter([{ password: 'pw' }]), { noVerify: true });

    const good = await runBinAsync(['token', 'good'], { env: ws.env, cwd: ws.cwd });
    expect(good).toEqual({ code: 0, stdout: `${CLEAN}\n`, stderr: '' });
    const goodWs = await runBinAsync(['token', 'good', '--ws'], { env: ws.env, cwd: ws.cwd });
    expect(goodWs).toEqual({ code: 0, stdout: 'clean-ws-token\n', stderr: '' });

    // Twice: the first may be answered from the session cache, and each run keeps what it met.
    for (const args of [
      ['token', 'evil'],
      ['token', 'evil'],
      ['token', 'wsevil', '--ws'],
    ]) {
      const result = await runBinAsync(args, { env: ws.env, cwd: ws.cwd });
      expect(result.stdout, args.join(' ')).toBe('');
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toMatch(/of "(ws)?evil" holds a control character or a line break/);
      expect(result.stderr).not.toMatch(UNSAFE);
      expect(result.stderr).not.toContain('PWNED');
    }
    // The helpers git and docker run hand nothing over either: no line of theirs is forged.
    for (const [args, input] of [
      [['git-credential', 'evil', 'git.example.com', 'get'], 'protocol=https\nhost=git.example.com\n\n'],
      [['docker-credential', 'get'], 'registry.example.com\n'],
    ] as const) {
      const result = spawnSync(process.execPath, [BIN, ...args], {
        env: ws.env as NodeJS.ProcessEnv,
        cwd: ws.cwd,
        input,
        encoding: 'utf8',
      });
      expect([result.status, result.stdout], args.join(' ')).toEqual([1, '']);
      expect(result.stderr, args.join(' ')).toMatch(/of "evil" holds a control character or a line break/);
      expect(result.stderr).not.toMatch(UNSAFE);
    }
  });
});
