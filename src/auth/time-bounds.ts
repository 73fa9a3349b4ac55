// Times from outside (a peer's token lifetime, device code life and polling interval, Retry-After;
// a timeout set in the environment), bounded before they reach a Date or a timer. A moment past
// what a Date holds throws where it is written (a login failed as a bug in authui), and Node runs
// a timer longer than 2^31 − 1 ms after 1 ms, with a warning on stderr: an absurd interval or
// Retry-After would poll the server in a loop and write over the dashboard, an absurd timeout
// would end every call at once.

/** The last moment a Date holds (ECMAScript's 8.64e15 ms after the epoch). */
const LAST_DATE_MS = 8.64e15;

/** The longest delay Node's timers hold. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** A number of seconds as a peer sent it (a number, or its text in JSON that holds one), else undefined. */
export function secondsOf(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof seconds === 'number' && !Number.isNaN(seconds) ? seconds : undefined;
}

/** A moment in ms since the epoch, or undefined when it is not one a Date holds. */
export function dateMs(ms: number): number | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= LAST_DATE_MS ? ms : undefined;
}

/** `seconds` (as a peer sent it) after `now`, or undefined when that is no number or no moment a Date holds. */
export function secondsAfter(now: number, seconds: unknown): number | undefined {
  const value = secondsOf(seconds);
  return value === undefined ? undefined : dateMs(now + value * 1000);
}

/** A delay a peer asked for (Retry-After), at most what a timer holds. */
export function timerDelayMs(ms: number): number {
  return Math.min(ms, LONGEST_TIMER_MS);
}

/** A timeout in ms from an environment variable: `fallback` unless it holds a positive number, and at most what a timer holds. */
export function timeoutFromEnv(value: string | undefined, fallback: number): number {
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? timerDelayMs(ms) : fallback;
}
