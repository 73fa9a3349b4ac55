// The AWS SDK's retries for our STS, IAM and ECR clients: three attempts with jittered backoff, as the
// SDK's standard mode, except that a server's Retry-After longer than a second ends the call
// instead of a silent wait (the SDK would sleep up to five seconds per attempt): the error keeps
// the wait (retryAfterMs), a person sees it at once, and the refresh manager honours it.
// Structural types: the SDK's RetryStrategyV2, without importing its internal packages.

type ErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

const MAX_ATTEMPTS = 3;
/** The longest wait a server may ask for that a call sits through. */
const MAX_SILENT_WAIT_MS = 1_000;

const token = (count: number, delay: number): RetryToken => ({
  getRetryCount: () => count,
  getRetryDelay: () => delay,
});

export function awsRetryStrategy(now: () => number = Date.now) {
  return {
    mode: 'standard',
    acquireInitialRetryToken: async (): Promise<RetryToken> => token(0, 0),
    refreshRetryTokenForRetry: async (
      previous: RetryToken,
      error: { errorType: ErrorType; retryAfterHint?: Date },
    ): Promise<RetryToken> => {
      const count = previous.getRetryCount() + 1;
      const asked = error.retryAfterHint ? error.retryAfterHint.getTime() - now() : 0;
      // Throwing here makes the SDK throw the call's own error.
      if (count >= MAX_ATTEMPTS || error.errorType === 'CLIENT_ERROR' || asked > MAX_SILENT_WAIT_MS)
        throw new Error('no retry');
      const base = error.errorType === 'THROTTLING' ? 500 : 100;
      return token(count, Math.max(asked, Math.random() * base * 2 ** count));
    },
    recordSuccess: (): void => {},
  };
}
