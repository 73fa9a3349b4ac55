// JSON over HTTP for the kinds that speak plain REST (token services, API-key checks): one place
// that turns a dead network, a timeout, a 5xx, a 429 or a body that is not JSON into an AuthError
// naming the server, with Retry-After kept for the refresh manager. Bodies never reach a message.
import { AuthError, isAuthError, retryAfterMs, type AuthErrorContext } from './errors.js';
import { connectionFailure, hostOf, networkTimeoutMs } from './net.js';
import type { Fetch, FetchInit, HttpAnswer } from './http-message.js';
import type { Env } from './paths.js';

export interface HttpCall {
  fetch: Fetch;
  env: Env;
  context: AuthErrorContext;
  now(): number;
}

export interface JsonReply {
  status: number;
  /** The parsed body; `{}` for an empty one. Not JSON at all → a `server_error` before this. */
  body: Record<string, unknown>;
  /** How far the server's clock is ahead of ours (negative: behind), from its Date header; 0 within a minute. */
  serverSkewMs: number;
}

/** Below this a Date header (whole seconds, sent before the body travelled) says nothing about skew. */
const SKEW_TOLERANCE_MS = 60_000;

/** The server's clock minus ours, from an answer's Date header; 0 when absent or within tolerance. */
function serverSkewMs(headers: HttpAnswer['headers'], now: number): number {
  const date = Date.parse(headers.get('date') ?? '');
  const skew = Number.isNaN(date) ? 0 : date - now;
  return Math.abs(skew) < SKEW_TOLERANCE_MS ? 0 : skew;
}

/**
 * Sends one request and reads the answer as text. 2xx and 4xx come back to the caller (it knows
 * what a 401 means for its protocol); a dead network, a timeout, a 429 or a 5xx is an AuthError,
 * retryable, with the server's Retry-After.
 */
export async function request(
  call: HttpCall,
  url: string,
  init: FetchInit,
): Promise<{ status: number; text: string; headers: HttpAnswer['headers'] }> {
  const host = hostOf(url) ?? url;
  const context = { ...call.context, endpoint: new URL(url).origin };
  let response: HttpAnswer;
  let text: string;
  try {
    response = await call.fetch(url, { ...init, signal: AbortSignal.timeout(networkTimeoutMs(call.env)) });
    text = await response.text();
  } catch (error) {
    // Our own verdicts (a redirect refused by the engine's fetch) are already in words.
    if (isAuthError(error)) throw error;
    const timedOut = (error as { name?: string })?.name === 'TimeoutError';
    throw new AuthError(
      timedOut ? 'timeout' : 'network',
      timedOut ? `${host} did not answer in time` : `Cannot reach ${host}`,
      {
        explanation: timedOut ? undefined : connectionFailure(causeOf(error)),
        hint: 'Check your connection.',
        context,
        retryable: true,
      },
    );
  }
  const wait = retryAfterMs(response.headers.get('retry-after'), call.now());
  if (response.status === 429)
    throw new AuthError('rate_limited', `${host} is limiting requests`, {
      hint: 'Wait a moment and try again.',
      context,
      retryable: true,
      retryAfterMs: wait,
    });
  if (response.status >= 500)
    throw new AuthError('server_error', `${host} is temporarily unavailable; try again later`, {
      explanation: `It answered HTTP ${response.status}.`,
      hint: 'This is on the server side; authui retries renewals by itself.',
      context,
      retryable: true,
      retryAfterMs: wait,
    });
  return { status: response.status, text, headers: response.headers };
}

/**
 * An answer's body as a JSON object (`{}` when empty). Anything else (an HTML page from a proxy
 * or captive portal, a body cut short) is a retryable `server_error` naming the server.
 */
export function jsonObject(
  answer: { status: number; text: string },
  url: string,
  context: AuthErrorContext,
  hint: string,
): Record<string, unknown> {
  let body: unknown;
  try {
    body = answer.text === '' ? {} : JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AuthError(
      'server_error',
      `${hostOf(url) ?? url} answered with something that is not JSON (HTTP ${answer.status})`,
      { hint, context: { ...context, endpoint: new URL(url).origin }, retryable: true },
    );
  return body as Record<string, unknown>;
}

/** `request`, with the answer parsed as a JSON object; anything else is a retryable `server_error`. */
async function requestJson(call: HttpCall, url: string, init: FetchInit): Promise<JsonReply> {
  const answer = await request(call, url, init);
  const hint = 'Check base_url: it should point at the service itself, not a web page or a proxy.';
  return {
    status: answer.status,
    body: jsonObject(answer, url, call.context, hint),
    serverSkewMs: serverSkewMs(answer.headers, call.now()),
  };
}

/** The code ("ECONNREFUSED", "ECONNRESET") from a `fetch failed`, which carries it in `cause`. */
function causeOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message;
}

export function postJson(call: HttpCall, url: string, body: unknown, headers: Record<string, string> = {}) {
  return requestJson(call, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
