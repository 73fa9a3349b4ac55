// `authui shell [NAME…]`: the user's $SHELL with the nodes' exports, as `exec` gives a command:
// AUTHUI_SHELL names them (for `authui prompt`), a shell started inside another one is said, and
// the credentials are not renewed while it runs — it says until when they last. Its exit code is
// the shell's.
import type { Workspace } from '../app/app.js';
import { formatRemaining, localDateTime } from '../auth/duration.js';
import { runExec } from './exec.js';

export interface ShellOptions {
  names: string[];
}

/** What the shell is started with, and until when it lasts. */
function lines(names: readonly string[], { engine }: Workspace, outer: string | undefined, now: number): string[] {
  const rows = engine.list().filter((n) => names.includes(n.name));
  const ends = rows.map((n) => n.expiresAt).filter((t): t is number => t !== undefined);
  const until = ends.length
    ? `until ${localDateTime(Math.min(...ends))} (${formatRemaining(Math.min(...ends) - now)}); they are not renewed while it runs: exit and run it again then`
    : 'they do not expire';
  return [
    ...(outer ? [`warning: already in an authui shell for ${outer}; this one is nested inside it`] : []),
    `Starting your shell with the credentials of ${names.join(', ')}, ${until}.`,
  ];
}

export async function runShell(opts: ShellOptions, deps: Parameters<typeof runExec>[1]): Promise<number> {
  const { io, app } = deps;
  const shell = io.env.SHELL || '/bin/sh';
  const outer = io.env.AUTHUI_SHELL || undefined;
  return runExec(
    {
      names: opts.names,
      commandLine: [shell],
      before: (names, workspace) => lines(names, workspace, outer, app.clock.now()),
      extraEnv: (names) => ({ AUTHUI_SHELL: names.join(' ') }),
    },
    deps,
  );
}
