// What runs each hot path (cli/commands.ts marks them `fast`): the handlers both the hot paths'
// bundle (src/fast-main.ts) and the full CLI (cli/handlers.ts) dispatch to. Each module is
// imported when its command runs, so a hot path loads only its own.
import type { CommandDeps } from '../app/app.js';
import type { FastCommandName, Invocation } from './commands.js';
import type { EnvFormat } from './env-formats.js';

/** What a handler gets besides the options: the deps, and what `exec` needs to replace the process. */
export interface DispatchDeps extends CommandDeps {
  /** `exec` replaces this process with the command where the runtime can (the binary's entry points). */
  replaceProcess?: boolean;
  /** Called just before `exec` replaces the process (no exit event follows). */
  beforeReplace?: () => void;
}

export type Handler = (options: Invocation['options'], deps: DispatchDeps) => Promise<number>;

/** An argument or value flag as parsed: a word, or undefined. */
export function word(options: Invocation['options'], key: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag as parsed. */
export function given(options: Invocation['options'], key: string): boolean {
  return options[key] === true;
}

/** A variadic argument (or the command line after `--`) as parsed. */
function words(options: Invocation['options'], key: string): string[] {
  const value = options[key];
  return Array.isArray(value) ? value : [];
}

export const FAST_HANDLERS = {
  status: async (o, deps) => (await import('./status.js')).runStatus({ json: given(o, 'json') }, deps),
  'credential-process': async (o, deps) =>
    (await import('./credential-process.js')).runCredentialProcess({ name: word(o, 'name') as string }, deps),
  token: async (o, deps) =>
    (await import('./token.js')).runToken(
      { name: word(o, 'name') as string, ws: given(o, 'ws'), idToken: given(o, 'idToken') },
      deps,
    ),
  env: async (o, deps) =>
    (await import('./env.js')).runEnv(
      { name: word(o, 'name'), format: (word(o, 'format') ?? 'bash') as EnvFormat, reveal: given(o, 'reveal') },
      deps,
    ),
  exec: async (o, deps) =>
    (await import('./exec.js')).runExec(
      { names: words(o, 'names'), commandLine: words(o, 'commandLine'), serve: given(o, 'serve') },
      deps,
    ),
  __complete: async (_o, deps) => (await import('./completion.js')).runCompleteNames({}, deps),
  shell: async (o, deps) => (await import('./shell.js')).runShell({ names: words(o, 'names') }, deps),
  'git-credential': async (o, deps) =>
    (await import('./git-credential.js')).runGitCredential(
      {
        name: word(o, 'name') as string,
        host: word(o, 'host') as string,
        operation: word(o, 'operation') as 'get' | 'store' | 'erase',
        username: word(o, 'username'),
        path: word(o, 'path'),
      },
      deps,
    ),
  'kube token': async (o, deps) =>
    (await import('./kube.js')).runKubeToken({ name: word(o, 'name') as string, cluster: word(o, 'cluster') }, deps),
  'docker-credential': async (o, deps) =>
    (await import('./docker-credential.js')).runDockerCredential(
      { operation: word(o, 'operation') as 'get' | 'list' | 'store' | 'erase' },
      deps,
    ),
  prompt: async (o, deps) => (await import('./prompt.js')).runPrompt({ names: words(o, 'names') }, deps),
} satisfies Record<FastCommandName, Handler>;
