// Redirects are followed here, not by fetch: a redirect may not downgrade to plain HTTP, and a
// request carrying a credential (a body, or any header beyond the plain ones) may not be sent on
// to another origin. Every peer's requests go through this (the engine wraps its fetch once).
import { debug } from './debug.js';
import { AuthError } from './errors.js';
import { Headers, REDIRECT_STATUSES, type Fetch, type FetchInit } from './http-message.js';
import { isLoopbackHost, withoutQuery } from './net.js';

const MAX_REDIRECTS = 5;
/** Headers that carry nothing secret; any other header counts as a credential. */
const PLAIN_HEADERS = new Set(['accept', 'accept-language', 'content-type', 'user-agent']);

function carriesCredential(init: FetchInit): boolean {
  if (init.body !== undefined && init.body !== null) return true;
  return [...new Headers(init.headers).keys()].some((name) => !PLAIN_HEADERS.has(name));
}

/** Why `from` may not be followed to `to`, or undefined. */
export function redirectProblem(from: URL, to: URL, credential: boolean): string | undefined {
  if (to.protocol !== 'https:' && to.protocol !== 'http:') return 'it is not an HTTP address';
  const loopback = isLoopbackHost(from.hostname) && isLoopbackHost(to.hostname);
  if (to.protocol === 'http:' && !(from.protocol === 'http:' && loopback))
    return 'it goes to plain HTTP, where anyone on the way can read and change what is sent';
  if (credential && to.origin !== from.origin)
    return 'it goes to another server, and the request carries a credential meant for this one';
  return undefined;
}

/** `fetch` that follows redirects only where `redirectProblem` allows; a refused one sends nothing. */
export function redirectSafeFetch(fetch: Fetch): Fetch {
  return async (input, init = {}) => {
    // A caller that handles redirects itself (oauth4webapi does), as asked.
    if (init.redirect === 'manual' || init.redirect === 'error') {
      const response = await fetch(input, init);
      debug('http', { method: init.method ?? 'GET', url: withoutQuery(String(input)), status: response.status });
      return response;
    }
    let url = new URL(String(input));
    let current: FetchInit = { ...init, redirect: 'manual' };
    for (let hops = 0; ; hops++) {
      const started = Date.now();
      const response = await fetch(url, current).catch((error: unknown) => {
        debug('http', {
          method: current.method ?? 'GET',
          url: withoutQuery(url),
          failed: String((error as Error)?.name),
          ms: Date.now() - started,
        });
        throw error;
      });
      debug('http', {
        method: current.method ?? 'GET',
        url: withoutQuery(url),
        status: response.status,
        ms: Date.now() - started,
      });
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
      const next = new URL(location, url);
      const problem =
        hops >= MAX_REDIRECTS
          ? `it is redirect number ${hops + 1}`
          : redirectProblem(url, next, carriesCredential(current));
      if (problem) {
        debug('redirect-refused', { from: withoutQuery(url), to: withoutQuery(next), why: problem });
        throw new AuthError(
          'server_error',
          `${withoutQuery(url)} redirected to ${withoutQuery(next)}, which authui did not follow: ${problem}`,
          {
            hint: 'Nothing was sent there. If the service really moved, set its address in the configuration to where it is now.',
            context: { endpoint: url.origin },
          },
        );
      }
      // As fetch does: 303, and 301/302 after a POST, continue as a GET without the body.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && current.method === 'POST')
      ) {
        const headers = new Headers(current.headers);
        headers.delete('content-type');
        current = { ...current, method: 'GET', body: undefined, headers };
      }
      url = next;
    }
  };
}
