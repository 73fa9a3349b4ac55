// authui's HTTP transport: the part of fetch authui uses, over node:http and node:https
// (docs/architecture.md, "HTTP"). It rejects as Node's fetch rejects
// (a TypeError "fetch failed" with the cause, or the signal's reason), never follows a redirect
// (redirects.ts decides which may be followed), and reads a whole answer, up to a limit, before
// handing it on: a peer cannot feed it an endless body.
//
// node:https (and with it TLS) and node:zlib load on first use: the hot paths never send a request.
import type { IncomingMessage } from 'node:http';
import { Headers, REDIRECT_STATUSES, Response, type FetchInit } from './http-message.js';

/** No answer authui reads (tokens, discovery, key checks) comes near this. */
export const MAX_ANSWER_BYTES = 4 << 20;

/** The Fetch standard's bad ports: services a request in HTTP could be turned against (SMTP, IRC…). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

function failed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function bodyOf(init: FetchInit, headers: Headers): Buffer | undefined {
  const { body } = init;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    return Buffer.from(body);
  }
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString());
  }
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('authui sends text, forms or bytes, not streams');
}

/** A body as sent, decoded where the server compressed it unasked; the limit holds after decoding too. */
async function decoded(bytes: Buffer, encoding: string | undefined): Promise<Buffer> {
  const name = encoding?.trim().toLowerCase();
  if (name === undefined || name === 'identity') return bytes;
  const zlib = await import('node:zlib');
  const limit = { maxOutputLength: MAX_ANSWER_BYTES };
  const inflate =
    name === 'gzip' || name === 'x-gzip'
      ? zlib.gunzipSync
      : name === 'deflate'
        ? zlib.inflateSync
        : name === 'br'
          ? zlib.brotliDecompressSync
          : undefined;
  if (inflate === undefined) throw new Error(`the answer is in an encoding authui does not read (${name})`);
  try {
    return inflate(bytes, limit);
  } catch (error) {
    // zlib stops at the limit with a RangeError; said as the plain answer's limit is.
    throw error instanceof RangeError ? tooLarge() : error;
  }
}

const tooLarge = () => new Error(`the answer is larger than ${MAX_ANSWER_BYTES >> 20} MB`);

function readAnswer(answer: IncomingMessage, url: URL, resolve: (r: Response) => void, reject: (e: unknown) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  answer.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      answer.destroy();
      reject(failed(tooLarge()));
    } else chunks.push(chunk);
  });
  answer.on('error', (error) => reject(failed(error)));
  answer.on('end', async () => {
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      const body = await decoded(Buffer.concat(chunks), answer.headers['content-encoding']);
      headers.delete('content-encoding');
      const status = answer.statusCode ?? 0;
      resolve(new Response(body, { status, statusText: answer.statusMessage ?? '', headers }, url.href));
    } catch (error) {
      reject(failed(error));
    }
  });
}

export async function fetch(input: string | URL, init: FetchInit = {}): Promise<Response> {
  const signal = init.signal ?? undefined;
  let url: URL;
  let headers: Headers;
  let body: Buffer | undefined;
  try {
    url = new URL(String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('unknown scheme');
    if (url.username !== '' || url.password !== '') throw new Error('an address may not carry a user name or password');
    if (BAD_PORTS.has(Number(url.port))) throw new Error('bad port');
    headers = new Headers(init.headers);
    body = bodyOf(init, headers);
  } catch (error) {
    throw error instanceof TypeError ? error : failed(error);
  }
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (!headers.has('accept')) headers.set('accept', '*/*');
    if (!headers.has('user-agent')) headers.set('user-agent', 'authui');
    if (body !== undefined) headers.set('content-length', String(body.length));
    const onAbort = () => {
      sent.destroy();
      reject(signal?.reason);
    };
    const settle =
      <T>(fn: (value: T) => void) =>
      (value: T) => {
        signal?.removeEventListener('abort', onAbort);
        fn(value);
      };
    const done = settle(resolve);
    const fail = settle(reject);
    const sent = request(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers) }, (answer) => {
      if (init.redirect === 'error' && REDIRECT_STATUSES.has(answer.statusCode ?? 0)) {
        answer.destroy();
        return fail(failed(new Error('unexpected redirect')));
      }
      readAnswer(answer, url, done, fail);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    sent.on('error', (error) => fail(failed(error)));
    sent.end(body);
  });
}
