// `authui prompt [NAME…]`: one short line for a shell prompt — each node with its time left
// (`dev 11h`, `corp ◐ 4m`). It runs before every prompt, so it reads the configuration's cache
// and the session index only: no credential store, no network, and it never fails loudly (a
// broken configuration prints nothing rather than an error in every prompt), and the
// session-cache answers print it before the hot paths' bundle loads. Which nodes: the names
// given, else those of `authui shell` (AUTHUI_SHELL), else AWS_PROFILE when it names a node,
// else the default identity.
import type { CommandDeps } from '../app/app.js';
import type { Config } from '../auth/config/types.js';
import type { Env } from '../auth/paths.js';
import { SessionIndex, type IndexedSession } from '../auth/session-index.js';
import { STATE_SYMBOL, stateAt } from '../auth/status.js';
import { visible } from '../auth/visible.js';

export interface PromptOptions {
  names: string[];
}

/** The nodes a prompt shows when none are named. */
function shownNames(env: Env, config: Config): string[] {
  const shell = env.AUTHUI_SHELL?.split(/\s+/).filter(Boolean) ?? [];
  if (shell.length > 0) return shell;
  const profile = env.AWS_PROFILE;
  if (profile && config.nodes.some((n) => n.name === profile)) return [profile];
  const fallback = config.nodes.find((n) => n.default && n.type === 'identity') ?? config.nodes.find((n) => n.default);
  return fallback ? [fallback.name] : [];
}

/** The largest unit only: "2d", "11h", "4m", "30s". */
export function shortLeft(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)}d`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}h`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m`;
  return `${seconds}s`;
}

/**
 * The prompt's line for the nodes named (else those `shownNames` picks), from the configuration
 * and the session index alone: the engine's path (runPrompt) and the session-cache answers
 * (src/answer-main.ts) print it alike. Names the configuration does not hold are left out.
 */
export function promptLine(
  names: readonly string[],
  env: Env,
  config: Config,
  sessions: Readonly<Record<string, IndexedSession>>,
  now: number,
): string {
  const parts: string[] = [];
  for (const name of names.length > 0 ? names : shownNames(env, config)) {
    const node = config.nodes.find((n) => n.name === name);
    if (!node) continue;
    const session = Object.hasOwn(sessions, node.id) ? sessions[node.id] : undefined;
    const expiresAt = session?.expiresAt ? Date.parse(session.expiresAt) : undefined;
    const state = stateAt(session !== undefined, expiresAt, now);
    const left = expiresAt !== undefined && state !== 'expired' ? ` ${shortLeft(expiresAt - now)}` : '';
    parts.push(`${visible(name)}${state === 'active' ? '' : ` ${STATE_SYMBOL[state]}`}${left}`);
  }
  return parts.join(' ');
}

export async function runPrompt(opts: PromptOptions, { io, app }: CommandDeps): Promise<number> {
  let line = '';
  try {
    const config = await app.config();
    const sessions = new SessionIndex(app.paths.sessionIndex, app.paths.locksDir, app.clock, () => {}).read();
    line = promptLine(opts.names, io.env, config, sessions, app.clock.now());
  } catch {
    // A prompt that cannot be worked out is an empty one: never an error in every prompt.
  }
  if (line) io.stdout.write(`${line}\n`);
  return 0;
}
