// authui's HTTP transport against a real loopback server: what it sends, what it hands back, and
// what a hostile or broken peer cannot make it do (an endless or compressed-bomb body, a redirect
// followed behind the caller's back, a header that starts another header, a blocked port).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch, MAX_ANSWER_BYTES } from '../../src/auth/fetch.js';
import { Headers, Response } from '../../src/auth/http-message.js';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
const routes: Record<string, (res: ServerResponse) => void> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.end('ok')))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetch over node:http', () => {
  it('sends the method, headers and a form, and hands back status, headers and text', async () => {
    routes['/form'] = (res) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2, c=3']);
      res.writeHead(201, { 'content-type': 'application/json', 'X-Extra': ' spaced ' });
      res.end('\ufeff{"ok":true}');
    };
    const answer = await fetch(`${base}/form`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r t' }),
      redirect: 'manual',
    });
    const request = seen.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.headers['authorization']).toBe('Bearer t');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(request?.headers['content-length']).toBe(String(request?.body.length));
    expect(request?.headers['user-agent']).toBe('authui');
    expect(request?.body).toBe('grant_type=refresh_token&refresh_token=r+t');
    expect(answer.status).toBe(201);
    expect(answer.ok).toBe(true);
    expect(answer.headers.get('X-EXTRA')).toBe('spaced');
    expect(answer.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2, c=3']);
    expect(String(answer)).toBe('[object Response]');
    expect(await answer.clone().json()).toEqual({ ok: true });
    expect(await answer.text()).toBe('{"ok":true}'); // the byte-order mark dropped, as fetch does
    expect(answer.bodyUsed).toBe(true);
    await expect(answer.text()).rejects.toThrow(TypeError);
  });

  it('hands a redirect back to the caller, and refuses one with redirect: "error"', async () => {
    routes['/moved'] = (res) => res.writeHead(302, { location: `${base}/form` }).end();
    const before = seen.length;
    const answer = await fetch(`${base}/moved`, { method: 'POST', body: 'secret' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${base}/form`);
    expect(seen.length).toBe(before + 1); // nothing followed it
    await expect(fetch(`${base}/moved`, { redirect: 'error' })).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { message: 'unexpected redirect' },
    });
  });

  it('refuses an answer larger than the limit, sent plain or compressed', async () => {
    const big = Buffer.alloc(MAX_ANSWER_BYTES + 1, 'a');
    routes['/endless'] = (res) => res.end(big);
    await expect(fetch(`${base}/endless`)).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { message: 'the answer is larger than 4 MB' },
    });
    routes['/bomb'] = (res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(big));
    await expect(fetch(`${base}/bomb`)).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { message: 'the answer is larger than 4 MB' },
    });
    routes['/gzip'] = (res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"a":1}'));
    const small = await fetch(`${base}/gzip`);
    expect(await small.json()).toEqual({ a: 1 });
    expect(small.headers.has('content-encoding')).toBe(false);
  });

  it('rejects as Node fetch does: a refused connection, a timeout, a blocked port, a bad address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { code: 'ECONNREFUSED' },
    });
    routes['/hang'] = () => undefined;
    await expect(fetch(`${base}/hang`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const before = seen.length;
    for (const [url, cause] of [
      ['http://127.0.0.1:25/', 'bad port'],
      ['ftp://127.0.0.1/', 'unknown scheme'],
      [`http://user:pw@${base.slice(7)}/`, 'an address may not carry a user name or password'],
    ])
      await expect(fetch(url as string)).rejects.toMatchObject({ message: 'fetch failed', cause: { message: cause } });
    expect(seen.length).toBe(before);
  });

  it('never sends a header that would start another header', async () => {
    const before = seen.length;
    await expect(fetch(`${base}/form`, { headers: { 'x-a': 'v\r\nx-injected: 1' } })).rejects.toThrow(TypeError);
    await expect(fetch(`${base}/form`, { headers: { 'bad name': 'v' } })).rejects.toThrow(TypeError);
    expect(seen.length).toBe(before);
  });
});

describe('Headers and Response', () => {
  it('join repeated headers, list them sorted by lower-case name, and copy Node\u2019s own', () => {
    const headers = new Headers([
      ['B', '1'],
      ['a', '2'],
      ['b', '3'],
    ]);
    expect([...headers]).toEqual([
      ['a', '2'],
      ['b', '1, 3'],
    ]);
    const node = new globalThis.Headers({ 'content-type': 'text/plain', 'x-a': 'b' });
    expect(Object.fromEntries(new Headers(node))).toEqual({ 'content-type': 'text/plain', 'x-a': 'b' });
    headers.set('b', '4');
    expect(headers.get('B')).toBe('4');
  });

  it('a Response built by hand reads like one from the network', async () => {
    const answer = new Response('{"error":"slow_down"}', {
      status: 400,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.ok).toBe(false);
    expect(Object.prototype.toString.call(answer.headers)).toBe('[object Headers]');
    expect(await answer.json()).toEqual({ error: 'slow_down' });
  });
});
