// HTTPS only, except loopback, which tests and the demo use; and no call waits for ever.
import type { Env } from './paths.js';
import { timeoutFromEnv } from './time-bounds.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why a URL may not be used, or undefined when it may. */
export function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return 'must use https:// (plain http is allowed only for loopback addresses)';
}

/** Per-attempt limit for a network call (AUTHUI_NETWORK_TIMEOUT_MS, default 15 s): never hang. */
export function networkTimeoutMs(env: Env): number {
  return timeoutFromEnv(env.AUTHUI_NETWORK_TIMEOUT_MS, 15_000);
}

function parsed(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** "https://login.example.com/x" for a URL: never its query (it may hold a code) nor a user:password. */
export function withoutQuery(url: string | URL): string {
  const u = parsed(String(url));
  return u ? `${u.origin}${u.pathname}` : '(not a URL)';
}

/** "https://login.example.com" for "https://login.example.com/x"; undefined for what is not a URL. */
export function urlOrigin(url: string | undefined): string | undefined {
  return parsed(url)?.origin;
}

/** "login.example.com" for "https://login.example.com/x"; undefined for what is not a URL. */
export function hostOf(url: string | undefined): string | undefined {
  return parsed(url)?.host;
}

/** What a failed connection's code means, in words (Node's codes name no cause a person knows). */
const CONNECTION_WORDS: readonly [RegExp, string][] = [
  [/ECONNREFUSED/, 'the connection was refused: nothing answers at that address and port'],
  [
    /bad port/,
    'authui sends no request to that port (one of another protocol, such as 25 for mail, which the Fetch standard blocks)',
  ],
  [/ENOTFOUND|EAI_AGAIN/, 'the host name does not resolve (DNS)'],
  [/EHOSTUNREACH|ENETUNREACH/, 'the network has no route to that host'],
  [/ETIMEDOUT/, 'connecting timed out'],
  [/answer is larger than/, 'its answer was larger than authui reads (4 MB), and was cut off'],
  [
    /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/,
    'the TLS handshake failed: the certificate is not one this machine trusts',
  ],
  [/ECONNRESET|socket hang up|EPIPE/i, 'the connection was closed before an answer came'],
];

/** The words for a connection failure, from its code or message. */
export function connectionFailure(text: string | undefined): string {
  return CONNECTION_WORDS.find(([code]) => code.test(text ?? ''))?.[1] ?? 'the connection failed';
}
