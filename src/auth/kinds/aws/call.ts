// AWS's APIs without the SDK (docs/architecture.md, "AWS without the SDK"): a SigV4-signed POST
// through the engine's fetch, in the two protocols authui needs — query (form body, XML answer:
// STS, IAM) and JSON 1.1 (ECR). The SDK's standard retries are kept (three attempts with jittered
// backoff for throttling, 5xx, resets and timeouts), except that a server's Retry-After longer
// than a second ends the call with the wait reported rather than slept through in silence; and its
// clock correction: every answer's Date header says how far AWS's clock is from ours, and a
// signature refused as too old or too new is signed again in AWS's time, once.
import type { AwsCredentials } from '../../credential-types.js';
import type { Fetch, HttpAnswer } from '../../http-message.js';
import { AuthError, retryAfterMs, type AuthErrorContext } from '../../errors.js';
import { connectionFailure, networkTimeoutMs } from '../../net.js';
import type { Env } from '../../paths.js';
import { signedPostHeaders, uriEncode } from './sigv4.js';

/** The AWS services authui calls. */
export type AwsService = 'sts' | 'iam' | 'ecr';

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

/** The partition's domain of a region (China, the two isolated ones, else AWS's). */
function domainOf(region: string, dualStack: boolean): string {
  if (region.startsWith('cn-')) return dualStack ? 'api.amazonwebservices.com.cn' : 'amazonaws.com.cn';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  return dualStack ? 'api.aws' : 'amazonaws.com';
}

/** The endpoint the environment sets for a service, as the SDK reads it: `AWS_ENDPOINT_URL_<ID>`, else `AWS_ENDPOINT_URL`. */
export function endpointOverride(env: Env, serviceId: string): string | undefined {
  return env[`AWS_ENDPOINT_URL_${serviceId}`] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * A service's API as the SDK resolves it: `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`
 * when set (tests, the demo, private endpoints); else AWS's host for the region, its FIPS one
 * under `AWS_USE_FIPS_ENDPOINT=true`, STS's dual-stack one under `AWS_USE_DUALSTACK_ENDPOINT=true`.
 * IAM is global per partition, signed for its home region.
 */
export function serviceEndpoint(
  service: AwsService,
  region: string,
  env: Env,
): { url: string; region: string; overridden: boolean } {
  const override = endpointOverride(env, service.toUpperCase());
  if (override) return { url: override, region: service === 'iam' ? iamRegion(region) : region, overridden: true };
  const fips = isTrue(env.AWS_USE_FIPS_ENDPOINT);
  const dualStack = service === 'sts' && isTrue(env.AWS_USE_DUALSTACK_ENDPOINT);
  const domain = domainOf(region, dualStack);
  const host =
    service === 'sts'
      ? `sts${fips ? '-fips' : ''}.${region}.${domain}`
      : service === 'ecr'
        ? `${fips ? 'ecr-fips' : 'api.ecr'}.${region}.${domain}`
        : region.startsWith('us-gov-')
          ? 'iam.us-gov.amazonaws.com'
          : region.startsWith('cn-')
            ? 'iam.cn-north-1.amazonaws.com.cn'
            : `iam${fips ? '-fips' : ''}.${domain}`;
  return { url: `https://${host}/`, region: service === 'iam' ? iamRegion(region) : region, overridden: false };
}

/** A service's endpoint as messages name it: the override as it was given, else AWS's host. */
export function endpointName(service: AwsService, region: string, env: Env): string {
  const { url, overridden } = serviceEndpoint(service, region, env);
  return overridden ? url : new URL(url).host;
}

/** Where IAM's global endpoint of a region's partition is signed for. */
function iamRegion(region: string): string {
  if (region.startsWith('cn-')) return 'cn-north-1';
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/** The value as a URL when it is an http(s) one (an endpoint variable may be anything). */
export function httpUrl(value: string): URL | undefined {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  return url && /^https?:$/.test(url.protocol) ? url : undefined;
}

/** Which service a call goes to, for which region, and who signs it. */
export interface AwsEndpoint {
  fetch: Fetch;
  env: Env;
  service: AwsService;
  /** The identity's region; the endpoint and the region signed for follow from it (serviceEndpoint). */
  region: string;
  /** Absent: the call is sent unsigned (AssumeRoleWithWebIdentity carries its own proof). */
  credentials?: AwsCredentials;
}

/** What failed, as the SDK's errors carry it: AWS's error code as `name`, or the transport's. */
export class AwsCallError extends Error {
  constructor(
    /** AWS's error code (`AccessDenied`), or `TimeoutError`, `NetworkError`, `UnreadableAnswer`, `InvalidEndpoint`. */
    override readonly name: string,
    message: string,
    readonly detail: {
      /** The HTTP status of an answer (none when the request never got one). */
      status?: number;
      /** The transport's error code (`ECONNREFUSED`). */
      code?: string;
      retryAfterMs?: number;
      /** The answer was not the API's XML or JSON (an HTML page, a body cut short). */
      unreadable?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** A call's failure as an AwsCallError (anything else thrown: a plain `Error` one). */
export function callErrorOf(error: unknown): AwsCallError {
  return error instanceof AwsCallError ? error : new AwsCallError('Error', String(error));
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

/**
 * How far AWS's clock is ahead of ours (negative: behind): 0 until an answer's Date header was
 * 5 minutes or more off the clock we sign with, then what that answer showed.
 */
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

type ErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

const MAX_ATTEMPTS = 3;
/** The longest wait a server may ask for that a call sits through. */
const MAX_SILENT_WAIT_MS = 1_000;

/** The wait before retry number `retry` (1, 2…) after an error of `type`, or undefined: give up. */
function retryWaitMs(retry: number, type: ErrorType, askedMs: number): number | undefined {
  if (retry >= MAX_ATTEMPTS || type === 'CLIENT_ERROR' || askedMs > MAX_SILENT_WAIT_MS) return undefined;
  const base = type === 'THROTTLING' ? 500 : 100;
  return Math.max(askedMs, Math.random() * base * 2 ** retry);
}

function errorType(error: AwsCallError): ErrorType {
  if (THROTTLING_CODES.has(error.name) || error.detail.status === 429) return 'THROTTLING';
  if ((error.detail.status ?? 0) >= 500) return 'SERVER_ERROR';
  if (error.name === 'TimeoutError' || TRANSIENT_CODES.has(error.detail.code ?? '')) return 'TRANSIENT';
  return 'CLIENT_ERROR';
}

/** An answer read by its protocol: the result, or AWS's error. */
type Reading<T> = { result: T } | { error: AwsCallError };

const unreadable = (status: number, retryAfter?: number) =>
  new AwsCallError('UnreadableAnswer', "not the API's answer", { status, retryAfterMs: retryAfter, unreadable: true });

/** One attempt to `url`, signed for `region`; `skewed` says the answer moved the clock we sign with. */
async function attempt<T>(
  endpoint: AwsEndpoint,
  { url, region }: { url: URL; region: string },
  body: string,
  headers: Record<string, string>,
  read: (status: number, text: string, headers: HttpAnswer['headers']) => Reading<T>,
): Promise<Reading<T> & { skewed?: boolean }> {
  const signed = endpoint.credentials
    ? signedPostHeaders(
        { credentials: endpoint.credentials, region, service: endpoint.service, now: Date.now() + offsetMs },
        url,
        body,
        headers,
      )
    : headers;
  let answer: HttpAnswer;
  let text: string;
  try {
    answer = await endpoint.fetch(url, {
      method: 'POST',
      headers: signed,
      body,
      // A redirect is an unexpected answer, never a place to send the signature to.
      redirect: 'manual',
      signal: AbortSignal.timeout(networkTimeoutMs(endpoint.env)),
    });
    text = await answer.text();
  } catch (error) {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError') return { error: new AwsCallError('TimeoutError', 'no answer in time') };
    const cause = e?.cause?.message ?? e?.message ?? String(error);
    return { error: new AwsCallError('NetworkError', cause, { code: e?.cause?.code }) };
  }
  return { ...read(answer.status, text, answer.headers), skewed: learnClock(answer.headers) };
}

/** Sends a call with retries: its result, or the last AwsCallError. */
async function send<T>(
  endpoint: AwsEndpoint,
  body: string,
  headers: Record<string, string>,
  read: (status: number, text: string, headers: HttpAnswer['headers']) => Reading<T>,
): Promise<T> {
  const { url: href, region } = serviceEndpoint(endpoint.service, endpoint.region, endpoint.env);
  // An endpoint variable that is no URL is a configuration problem naming it, not a crash.
  const url = httpUrl(href);
  if (url === undefined) throw new AwsCallError('InvalidEndpoint', href);
  for (let retry = 1; ; retry++) {
    const outcome = await attempt(endpoint, { url, region }, body, headers, read);
    if ('result' in outcome) return outcome.result;
    const { error, skewed } = outcome;
    // A signature refused for the clock, just corrected: once more at once, in AWS's time.
    if (skewed && CLOCK_SKEW_CODES.has(error.name) && retry < MAX_ATTEMPTS) continue;
    const wait = retryWaitMs(retry, errorType(error), error.detail.retryAfterMs ?? 0);
    if (wait === undefined) throw error;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * A query-protocol call (STS, IAM): `Action` and its parameters as a form; the inside of the
 * answer's `<ActionResult>` ('' for an action that answers with none).
 */
export function queryCall(
  endpoint: AwsEndpoint,
  call: { action: string; version: string; params: Record<string, string | number | undefined> },
): Promise<string> {
  const body = Object.entries({ Action: call.action, Version: call.version, ...call.params })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${uriEncode(key)}=${uriEncode(String(value))}`)
    .join('&');
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' };
  return send<string>(endpoint, body, headers, (status, text, answerHeaders) => {
    const retryAfter = retryAfterMs(answerHeaders.get('retry-after'), Date.now());
    if (status >= 200 && status < 300)
      return text.includes(`</${call.action}Response>`)
        ? { result: xmlElement(text, `${call.action}Result`) ?? '' }
        : { error: unreadable(status) };
    const error = xmlElement(text, 'Error');
    const code = error === undefined ? undefined : xmlText(error, 'Code');
    return {
      error: code
        ? new AwsCallError(code, xmlText(error ?? '', 'Message') ?? '', { status, retryAfterMs: retryAfter })
        : unreadable(status, retryAfter),
    };
  });
}

/** A JSON 1.1 call (ECR): `target` names the operation; the answer's object. */
export function jsonCall(endpoint: AwsEndpoint, target: string, input: object): Promise<Record<string, unknown>> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, accept: 'application/json' };
  return send<Record<string, unknown>>(endpoint, JSON.stringify(input), headers, (status, text, answerHeaders) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const object =
      typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (status >= 200 && status < 300) return object ? { result: object } : { error: unreadable(status) };
    const retryAfter = retryAfterMs(answerHeaders.get('retry-after'), Date.now());
    // "com.amazon.coral.service#UnrecognizedClientException", or the header's "Name:detail".
    const type = String(object?.__type ?? object?.code ?? answerHeaders.get('x-amzn-errortype') ?? '')
      .split('#')
      .pop()
      ?.split(':')[0];
    const message = object?.message ?? object?.Message;
    return {
      error: type
        ? new AwsCallError(type, typeof message === 'string' ? message : '', { status, retryAfterMs: retryAfter })
        : unreadable(status, retryAfter),
    };
  });
}

/** An endpoint variable that is no http(s) URL. */
export function invalidEndpoint(
  service: string,
  endpointVariable: string,
  value: string,
  context: AuthErrorContext,
): AuthError {
  return new AuthError('invalid_config', `${endpointVariable} (or AWS_ENDPOINT_URL) is not an http(s) URL`, {
    explanation: `It is "${value.slice(0, 200)}".`,
    hint: `Set it to ${service}'s URL (https://…), or unset it to use AWS's own.`,
    context,
  });
}

/**
 * What a failed call means whichever service it was: a dead network, a timeout, throttling, a 5xx
 * or an answer that is not the API's, each retryable and naming the endpoint, or an endpoint
 * variable that is no URL; undefined for AWS's own refusals, which each service words for itself.
 */
export function transportFailure(
  error: AwsCallError,
  service: string,
  context: AuthErrorContext,
  endpointVariable: string,
): AuthError | undefined {
  const { status, code, retryAfterMs: wait } = error.detail;
  if (error.name === 'InvalidEndpoint') return invalidEndpoint(service, endpointVariable, error.message, context);
  if (error.name === 'TimeoutError')
    return new AuthError('timeout', `${service} did not answer in time`, {
      hint: `Check your network or ${endpointVariable}.`,
      context,
      retryable: true,
    });
  if (error.name === 'NetworkError')
    return new AuthError('network', `Cannot reach ${service} at ${context.endpoint}`, {
      explanation: connectionFailure(`${code ?? ''} ${error.message}`),
      hint: `Check your network connection, proxy and ${endpointVariable}.`,
      context,
      retryable: true,
    });
  if (errorType(error) === 'THROTTLING')
    return new AuthError('rate_limited', `${service} is throttling requests`, {
      hint: 'Wait a moment and try again.',
      context,
      retryable: true,
      retryAfterMs: wait,
    });
  if (status !== undefined && status >= 500)
    return new AuthError('server_error', `${service} failed with HTTP ${status}`, {
      hint: 'AWS had a problem; try again shortly.',
      context,
      retryable: true,
      retryAfterMs: wait,
    });
  if (error.detail.unreadable)
    return new AuthError(
      'server_error',
      `${service} answered with something that is not an answer of its API (HTTP ${status})`,
      {
        hint: `Check ${endpointVariable}: it should point at ${service}, not a web page or a proxy.`,
        context,
        retryable: true,
      },
    );
  return undefined;
}
