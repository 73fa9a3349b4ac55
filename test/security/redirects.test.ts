// Redirects against real loopback peers: a redirect to another origin while a credential is on
// the request, or down to plain HTTP, is refused and nothing reaches the other server; harmless
// redirects are still followed. Through the engine's fetch and through the built binary.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectProblem, redirectSafeFetch } from '../../src/auth/redirects.js';
import { createApp } from '../../src/app/app.js';
import { runBinAsync } from '../helpers/cli.js';
import { captureIO } from '../helpers/io.js';
import { ScriptedPrompter } from '../helpers/prompter.js';
import { cliWorkspace } from '../helpers/workspace.js';
import { fetch } from '../../src/auth/fetch.js';

const KEY = 'CANARY-redirect-key-77aa';

interface Peer {
  url: string;
  seen: { method: string; url: string; authorization?: string; body: string }[];
  server: Server;
}

/** A loopback server that records every request and answers with `answer`. */
async function peer(answer: (req: IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<Peer> {
  const seen: Peer['seen'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      answer(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

let other: Peer;
let redirecting: Peer;
let target = '';
let status = 307;
beforeAll(async () => {
  other = await peer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  redirecting = await peer((req, res) => {
    if (req.url?.startsWith('/final')) return void res.writeHead(200).end('{"here":true}');
    res.writeHead(status, { location: target }).end();
  });
});
afterAll(() => {
  other.server.close();
  redirecting.server.close();
});

describe('redirectProblem', () => {
  const u = (s: string) => new URL(s);
  it('refuses a downgrade to http, and another origin with a credential; allows the rest', () => {
    expect(redirectProblem(u('https://a.example/x'), u('http://a.example/x'), false)).toMatch(/plain HTTP/);
    expect(redirectProblem(u('https://a.example/x'), u('https://b.example/x'), true)).toMatch(/another server/);
    expect(redirectProblem(u('http://127.0.0.1:1/x'), u('http://127.0.0.1:2/x'), true)).toMatch(/another server/);
    expect(redirectProblem(u('https://a.example/x'), u('https://b.example/x'), false)).toBeUndefined();
    expect(redirectProblem(u('http://127.0.0.1:1/x'), u('http://127.0.0.1:1/y'), true)).toBeUndefined();
    expect(redirectProblem(u('https://a.example/x'), u('file:///etc/passwd'), false)).toMatch(/not an HTTP/);
  });
});

describe('the engine fetch and redirects', () => {
  const safe = redirectSafeFetch(fetch);

  it.each([307, 308, 302, 301])(
    'a POST with a password answered %i to another port sends it nowhere else',
    async (code) => {
      status = code;
      target = `${other.url}/login`;
      other.seen.length = 0;
      const error = await safe(`${redirecting.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada', password: KEY }),
      }).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        `${redirecting.url}/login redirected to ${other.url}/login, which authui did not follow: it goes to another server, and the request carries a credential meant for this one`,
      );
      expect(other.seen).toEqual([]);
    },
  );

  it('an Authorization header is not carried to another origin either; a same-origin redirect is followed', async () => {
    status = 307;
    target = `${other.url}/me`;
    other.seen.length = 0;
    await expect(safe(`${redirecting.url}/me`, { headers: { authorization: `Bearer ${KEY}` } })).rejects.toThrow(
      /another server/,
    );
    expect(other.seen).toEqual([]);
    target = '/final';
    const same = await safe(`${redirecting.url}/me`, {
      method: 'POST',
      body: 'x',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(await same.json()).toEqual({ here: true });
    expect(redirecting.seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/final',
      body: 'x',
      authorization: `Bearer ${KEY}`,
    });
  });

  it('a plain GET may move to another server; a redirect loop stops', async () => {
    status = 302;
    target = `${other.url}/doc`;
    expect(await (await safe(`${redirecting.url}/doc`)).json()).toEqual({ ok: true });
    target = '/loop';
    await expect(safe(`${redirecting.url}/loop`)).rejects.toThrow(/redirect number 6/);
  });
});

describe('through the built binary', () => {
  it('authui test: the API key is not sent to the server a redirect names', async () => {
    status = 307;
    target = `${other.url}/check`;
    other.seen.length = 0;
    const ws = cliWorkspace(
      `auth:\n  keyring: { type: file }\n  providers:\n    k: { kind: api-key/generic, base_url: "${redirecting.url}", test_path: /check }\n`,
      'redirect-test-pw',
    );
    const workspace = await createApp({ io: captureIO(ws.env, ws.cwd) }).workspace();
    await workspace.engine.login('k', new ScriptedPrompter([{ api_key: KEY }]), { noVerify: true });
    const result = await runBinAsync(['test', 'k'], { env: ws.env, cwd: ws.cwd });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout + result.stderr).toContain(`redirected to ${other.url}/check, which authui did not follow`);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(redirecting.seen.at(-1)?.authorization).toContain(KEY); // it went to its own server
    expect(other.seen).toEqual([]);
  });
});
