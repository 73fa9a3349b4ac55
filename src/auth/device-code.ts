// The device authorization wait shared by every device-code kind (RFC 8628): show the code,
// poll at the server's interval (slow_down adds five seconds), stop on approval, on expiry or
// when the user gives up, and take the code off the screen however it ends.
import { AuthError, type AuthErrorContext } from './errors.js';
import type { KindContext } from './kind.js';
import { urlProblem } from './net.js';
import { secondsOf } from './time-bounds.js';
import { loginCancelled, type DeviceCodePrompt } from './prompter.js';

export type PollResult<T> = T | 'pending' | 'slow_down';

/** How long a device code lasts when the server does not say (or says no moment a Date holds). */
export const DEVICE_CODE_LIFE_MS = 600_000;

/** Polling a device code: the RFC 8628 default, and the bounds an interval a server asks for is kept within. */
const POLL = { defaultMs: 5_000, leastMs: 50, mostMs: 60_000 };

/**
 * The polling interval from the server's `interval` (seconds, as it sent it): 5 s when it sends
 * none or no number, and within 50 ms–60 s, so that no answer makes authui poll in a loop (a
 * timer past 2^31 − 1 ms runs after 1 ms) or stop polling while the code is still good.
 */
export function pollIntervalMs(seconds: unknown): number {
  const value = secondsOf(seconds);
  if (value === undefined || value < 0) return POLL.defaultMs;
  return Math.min(POLL.mostMs, Math.max(POLL.leastMs, value * 1000));
}

export function signInCodeExpired(context: AuthErrorContext): AuthError {
  return new AuthError('expired_token', 'The sign-in code expired before it was approved', {
    hint: 'Log in again and approve the new code in the browser.',
    context,
    recoverable: true,
  });
}

/**
 * Refuses a device code whose verification links are not web links of https (plain http only on
 * loopback): a peer's `file:` or other link would be shown to the user, and opened with `--open`.
 */
export function checkVerificationLinks(
  server: string,
  links: readonly (string | undefined)[],
  hint: string,
  context: AuthErrorContext,
): void {
  if (links.some((link) => link !== undefined && urlProblem(link) !== undefined))
    throw new AuthError('server_error', `${server} sent a verification link that is not https`, { hint, context });
}

/** Waits `ms`, or rejects as a cancelled login when the user gives up. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(loginCancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(loginCancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function waitForApproval<T>(
  ctx: KindContext,
  prompt: DeviceCodePrompt,
  intervalMs: number,
  context: AuthErrorContext,
  poll: () => Promise<PollResult<T>>,
): Promise<T> {
  const wait = ctx.prompter.showDeviceCode(prompt);
  try {
    let interval = intervalMs;
    for (;;) {
      await pause(interval, wait.signal);
      if (ctx.clock.now() > prompt.expiresAt) throw signInCodeExpired(context);
      const result = await poll();
      if (result === 'slow_down') interval += 5_000;
      else if (result !== 'pending') return result;
    }
  } finally {
    wait.close();
  }
}
