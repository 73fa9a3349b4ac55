// When a command without a terminal (credential-process, token, env, exec) needs input, and a
// dashboard of this user is running, the input is asked there (the prompt broker) instead of
// failing with exit 3. Processes waiting on the same node share one prompt: the first asks under
// a per-node lock, the others wait for it and then find the session it made.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isAuthError } from '../auth/errors.js';
import { withLock } from '../auth/lock.js';
import type { App, Workspace } from './app.js';
import { canPrompt } from './io.js';

const INTERPRETERS = /^(python[0-9.]*|node|nodejs|bash|sh|dash|zsh|ruby|perl)$/;

/**
 * What to tell the dashboard asked: the parent's program ("aws", a script's name), else our
 * command. Never the parent's arguments: they can carry anything, secrets included.
 */
function asker(fallback: string): string {
  try {
    const [program, first] = readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').split('\0');
    const name = (arg: string | undefined) => basename(arg ?? '');
    const shown = INTERPRETERS.test(name(program)) && first && !first.startsWith('-') ? name(first) : name(program);
    return shown.slice(0, 60) || fallback;
  } catch {
    return fallback;
  }
}

export async function withBroker<T>(
  { io, paths }: App,
  { engine }: Workspace,
  name: string,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isAuthError(error) || (error.code !== 'needs_interactive_login' && error.code !== 'token_expired'))
      throw error;
    if (canPrompt(io)) throw error;
    const { reachableBroker, brokerPrompter } = await import('./broker-client.js');
    const { ANSWER_TIMEOUT_MS } = await import('./broker-protocol.js');
    const path = await reachableBroker(paths.brokerSocket);
    if (!path) throw error;
    await withLock(
      paths.locksDir,
      `prompt:${name}`,
      async () => {
        // Another process may have been answered while this one waited for the lock.
        const ready = await engine.credentials(name).then(
          () => true,
          () => false,
        );
        if (!ready) await engine.login(name, brokerPrompter(path, name, asker(what)));
      },
      { waitMs: ANSWER_TIMEOUT_MS + 30_000 },
    );
    return work();
  }
}
