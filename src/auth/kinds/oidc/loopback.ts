// The loopback redirect listener of a browser sign-in (RFC 8252 §7.3): an ephemeral port (or the
// registered one) on the loopback interface, one answer accepted on the redirect path (the one
// carrying this sign-in's state), a page
// that never shows a token, and the port closed as soon as the flow is over, including on
// cancel and on timeout.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError, type AuthErrorContext } from '../../errors.js';
import { loginCancelled } from '../../prompter.js';

export interface LoopbackOptions {
  /** The host in the redirect URI: 127.0.0.1 (RFC 8252 §8.3), localhost (Entra) or [::1]. */
  host: '127.0.0.1' | 'localhost' | '[::1]';
  port?: number;
  path: string;
  /** The `state` this sign-in sent: an answer without it is not this sign-in's, and is not taken. */
  state: string;
  context: AuthErrorContext;
}

export interface Loopback {
  redirectUri: string;
  port: number;
  /** The redirect's query, once the browser arrives; rejects on cancel or after `timeoutMs`. */
  next(signal: AbortSignal, timeoutMs: number): Promise<URLSearchParams>;
  /** Answers the waiting browser and closes the listener. */
  finish(outcome: { ok: true } | { ok: false; reason: string }): void;
  close(): void;
}

const page = (title: string, body: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${body}</p></body>`;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

export async function listenOnLoopback(options: LoopbackOptions): Promise<Loopback> {
  let waiting: ServerResponse | undefined;
  let arrived: ((query: URLSearchParams) => void) | undefined;
  let answered = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.method !== 'GET' || url.pathname !== options.path) {
      res.writeHead(404).end(page('Not found', 'This address only receives the sign-in answer for authui.'));
      return;
    }
    if (url.searchParams.get('state') !== options.state) {
      // A stray or forged request (another tab, a scanner, a page of another site) must not end
      // the sign-in: it is answered and ignored, and the listener keeps waiting.
      res
        .writeHead(400)
        .end(
          page('Not this sign-in', 'This answer is not for the sign-in authui is waiting for. You can close this tab.'),
        );
      return;
    }
    if (answered || !arrived) {
      res
        .writeHead(409)
        .end(
          page('Already answered', 'authui has already received an answer for this sign-in. You can close this tab.'),
        );
      return;
    }
    answered = true;
    waiting = res;
    arrived(url.searchParams);
  });
  const bindHost = options.host === 'localhost' ? '127.0.0.1' : options.host === '[::1]' ? '::1' : options.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new AuthError('network', `Cannot listen on ${options.host}:${options.port ?? 0} for the browser's answer`, {
          explanation: error.code === 'EADDRINUSE' ? 'The port is in use by another program.' : error.message,
          hint:
            options.port !== undefined
              ? 'Free the port named by redirect_port, or register another one with the provider.'
              : 'Check that the loopback interface is up.',
          context: options.context,
        }),
      ),
    );
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return {
    port,
    redirectUri: `http://${options.host}:${port}${options.path}`,
    next: (signal, timeoutMs) =>
      new Promise<URLSearchParams>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
          done();
          close();
          reject(loginCancelled());
        };
        const timer = setTimeout(() => {
          done();
          close();
          reject(
            new AuthError('timeout', `No answer from the browser within ${Math.round(timeoutMs / 60_000)} minutes`, {
              hint: 'Log in again and finish the sign-in in the browser sooner.',
              context: options.context,
              recoverable: true,
            }),
          );
        }, timeoutMs);
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        arrived = (query) => {
          done();
          resolve(query);
        };
      }),
    finish: (outcome) => {
      const res = waiting;
      waiting = undefined;
      server.close(); // no new connections; the waiting browser still gets its page
      if (!res || res.headersSent) return void server.closeAllConnections();
      res.setHeader('connection', 'close');
      const [status, html] = outcome.ok
        ? [200, page('Signed in', 'authui is signed in. You can close this tab.')]
        : [400, page('Sign-in failed', `${escapeHtml(outcome.reason)} Return to the terminal for details.`)];
      res.writeHead(status).end(html, () => server.closeAllConnections());
    },
    close,
  };
}
