import { vi } from 'vitest';

/**
 * Retries `check` until it passes: for state another process, a server or a render reaches by
 * itself. Ten seconds, not vitest's one: a loaded two-core CI machine is slow, never wrong.
 */
export function eventually<T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 20 });
}
