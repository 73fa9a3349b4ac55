// The retries of every AWS call of ours (STS over query.ts; IAM and ECR through the SDK's clients):
// three attempts with jittered backoff, as the SDK's standard mode, except that a server's
// Retry-After longer than a second ends the call instead of a silent wait (the SDK would sleep up
// to five seconds per attempt): the error keeps the wait (retryAfterMs), a person sees it at once,
// and the refresh manager honours it.

export type ErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

const MAX_ATTEMPTS = 3;
/** The longest wait a server may ask for that a call sits through. */
const MAX_SILENT_WAIT_MS = 1_000;

/** The wait before retry number `retry` (1, 2…) after an error of `type`, or undefined: give up. */
export function retryWaitMs(retry: number, type: ErrorType, askedMs: number): number | undefined {
  if (retry >= MAX_ATTEMPTS || type === 'CLIENT_ERROR' || askedMs > MAX_SILENT_WAIT_MS) return undefined;
  const base = type === 'THROTTLING' ? 500 : 100;
  return Math.max(askedMs, Math.random() * base * 2 ** retry);
}

// Structural types: the SDK's RetryStrategyV2, without importing its internal packages.
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

const token = (count: number, delay: number): RetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
});

/** `retryWaitMs` as an SDK client's retry strategy. */
export function awsRetryStrategy(now: () => number = Date.now) {
  return {
    mode: 'standard',
    acquireInitialRetryToken: async (): Promise<RetryToken> => token(0, 0),
    refreshRetryTokenForRetry: async (
      previous: RetryToken,
      error: { errorType: ErrorType; retryAfterHint?: Date },
    ): Promise<RetryToken> => {
      const count = previous.getRetryCount() + 1;
      const wait = retryWaitMs(
        count,
        error.errorType,
        error.retryAfterHint ? error.retryAfterHint.getTime() - now() : 0,
      );
      // Throwing here makes the SDK throw the call's own error.
      if (wait === undefined) throw new Error('no retry');
      return token(count, wait);
    },
    recordSuccess: (): void => {},
  };
}
