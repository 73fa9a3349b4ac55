// The device authorization wait shared by every device-code kind (RFC 8628): show the code,
// poll at the server's interval (slow_down adds five seconds), stop on approval, on expiry or
// when the user gives up, and take the code off the screen however it ends.
import { AuthError, type AuthErrorContext } from './errors.js';
import type { KindContext } from './kind.js';
import { loginCancelled, type DeviceCodePrompt } from './prompter.js';

export type PollResult<T> = T | 'pending' | 'slow_down';

export function signInCodeExpired(context: AuthErrorContext): AuthError {
  return new AuthError('expired_token', 'The sign-in code expired before it was approved', {
    hint: 'Log in again and approve the new code in the browser.',
    context,
    recoverable: true,
  });
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
