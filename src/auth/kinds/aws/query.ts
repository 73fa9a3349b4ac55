// AWS's query protocol as STS speaks it (docs/architecture.md, "AWS without the SDK"): a signed
// form POST, an XML answer, errors as <ErrorResponse>. Sent through the engine's fetch, with the
// SDK's standard retries (retry.ts) and its clock correction: every answer's Date header says how
// far AWS's clock is from ours, and a signature refused as too old or too new is signed again in
// AWS's time once.
import type { AwsCredentials } from '../../credential-types.js';
import type { Fetch, HttpAnswer } from '../../http-message.js';
import { retryAfterMs } from '../../errors.js';
import { networkTimeoutMs } from '../../net.js';
import type { Env } from '../../paths.js';
import { retryWaitMs, type ErrorType } from './retry.js';
import { signedFormHeaders, uriEncode } from './sigv4.js';

export interface QueryCall {
  fetch: Fetch;
  env: Env;
  url: string;
  region: string;
  service: string;
  /** Absent: the call is sent unsigned (AssumeRoleWithWebIdentity carries its own proof). */
  credentials?: AwsCredentials;
  action: string;
  version: string;
  params: Record<string, string | number | undefined>;
}

/** What failed, as the SDK's errors carry it: AWS's error code as `name`, or the transport's. */
export class AwsCallError extends Error {
  constructor(
    /** AWS's error code (`AccessDenied`), `TimeoutError`, or `fetch failed`'s cause's name. */
    override readonly name: string,
    message: string,
    readonly detail: {
      /** The HTTP status of an answer (none when the request never got one). */
      status?: number;
      /** The transport's error code (`ECONNREFUSED`). */
      code?: string;
      retryAfterMs?: number;
      /** The answer was not the protocol's XML (an HTML page, a body cut short). */
      unreadable?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** AWS's error codes for a signature made on a clock too far from AWS's. */
const CLOCK_SKEW_CODES = new Set([
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
]);
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);
/** Transport failures worth another attempt, as the SDK's standard mode has them. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
/** A skew this large moves the clock we sign with (the SDK's threshold). */
const CORRECT_SKEW_MS = 5 * 60_000;

/** How far AWS's clock is ahead of ours, as the last answer of this process showed it. */
let offsetMs = 0;

export function awsClockOffsetMs(): number {
  return offsetMs;
}

/** Takes AWS's time from an answer's Date header; true when that moved the clock we sign with. */
function learnClock(headers: HttpAnswer['headers']): boolean {
  const server = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(server) || Math.abs(server - (Date.now() + offsetMs)) < CORRECT_SKEW_MS) return false;
  offsetMs = server - Date.now();
  return true;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of the first `<tag>` element in `xml`, its entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match?.[1]?.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The inside of the first `<tag>…</tag>` in `xml`. */
export function xmlElement(xml: string, tag: string): string | undefined {
  const start = xml.indexOf(`<${tag}>`);
  const end = xml.indexOf(`</${tag}>`, start);
  return start < 0 || end < 0 ? undefined : xml.slice(start + tag.length + 2, end);
}

function errorType(error: AwsCallError): ErrorType {
  if (THROTTLING_CODES.has(error.name) || error.detail.status === 429) return 'THROTTLING';
  if ((error.detail.status ?? 0) >= 500) return 'SERVER_ERROR';
  if (error.name === 'TimeoutError' || TRANSIENT_CODES.has(error.detail.code ?? '')) return 'TRANSIENT';
  return 'CLIENT_ERROR';
}

/** One attempt: the answer's `<ActionResult>`, or an AwsCallError; `skewed` says the clock moved. */
async function attempt(call: QueryCall): Promise<{ result: string } | { error: AwsCallError; skewed: boolean }> {
  const url = new URL(call.url);
  const body = Object.entries({ Action: call.action, Version: call.version, ...call.params })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${uriEncode(key)}=${uriEncode(String(value))}`)
    .join('&');
  const headers = call.credentials
    ? signedFormHeaders(
        { credentials: call.credentials, region: call.region, service: call.service, now: Date.now() + offsetMs },
        url,
        body,
      )
    : { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  let answer: HttpAnswer;
  let text: string;
  try {
    answer = await call.fetch(url, {
      method: 'POST',
      headers: { ...headers, accept: 'text/xml' },
      body,
      // A redirect from STS is an unexpected answer, never a place to send the signature to.
      redirect: 'manual',
      signal: AbortSignal.timeout(networkTimeoutMs(call.env)),
    });
    text = await answer.text();
  } catch (error) {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError')
      return { error: new AwsCallError('TimeoutError', 'no answer in time'), skewed: false };
    const cause = e?.cause?.message ?? e?.message ?? String(error);
    return { error: new AwsCallError('NetworkError', cause, { code: e?.cause?.code }), skewed: false };
  }
  const skewed = learnClock(answer.headers);
  const status = answer.status;
  const retryAfter = retryAfterMs(answer.headers.get('retry-after'), Date.now());
  if (status >= 200 && status < 300) {
    const result = xmlElement(text, `${call.action}Result`);
    if (result !== undefined && text.includes(`</${call.action}Response>`)) return { result };
    return { error: new AwsCallError('UnreadableAnswer', 'not an STS answer', { status, unreadable: true }), skewed };
  }
  const error = xmlElement(text, 'Error');
  const code = error === undefined ? undefined : xmlText(error, 'Code');
  return {
    error: code
      ? new AwsCallError(code, xmlText(error ?? '', 'Message') ?? '', { status, retryAfterMs: retryAfter })
      : new AwsCallError('UnreadableAnswer', 'not an STS answer', {
          status,
          retryAfterMs: retryAfter,
          unreadable: true,
        }),
    skewed,
  };
}

/** Sends the call with retries; the `<ActionResult>` element's inside, or the last AwsCallError. */
export async function queryCall(call: QueryCall): Promise<string> {
  for (let retry = 1; ; retry++) {
    const outcome = await attempt(call);
    if ('result' in outcome) return outcome.result;
    const { error, skewed } = outcome;
    // A signature refused for the clock, just corrected: once more at once, in AWS's time.
    if (skewed && CLOCK_SKEW_CODES.has(error.name) && retry < 3) continue;
    const asked = error.detail.retryAfterMs ?? 0;
    const wait = retryWaitMs(retry, errorType(error), asked);
    if (wait === undefined) throw error;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
