// Running `exec`'s command with the nodes' exports: for the engine's path (cli/exec.ts) and the
// session-cache answer (src/answer-main.ts) alike, so that both give the command the same
// environment and run it the same way. No engine, store or kind here.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import type { IO } from '../app/io.js';
import type { Env } from '../auth/paths.js';
import { visible } from '../auth/visible.js';

/** What running a command needs of the IO: where to say it cannot run, and the working directory. */
type CommandIO = Pick<IO, 'stderr' | 'cwd'>;

/**
 * The command's environment: ours with the exports over it, less the store's password (it opens
 * every other secret: the command gets the nodes it asked for only).
 */
export function commandEnv(env: Env, passwordVariable: string, exported: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...env };
  delete inherited[passwordVariable];
  delete inherited.AUTHUI_KEYRING_PASSWORD;
  return { ...inherited, ...exported };
}

/**
 * Sets `exports` in `merged`, node after node; answers the first variable `merged` already holds
 * another value for (set by two nodes otherwise: `exec`'s usage error), the ones before it set.
 */
export function mergeExports(merged: Record<string, string>, exports: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(exports)) {
    if (Object.hasOwn(merged, key) && merged[key] !== value) return key;
    merged[key] = value;
  }
  return undefined;
}

/** What `process.execve` needs: the command's absolute path, found on PATH as a shell would. */
function findExecutable(command: string, path: string | undefined, cwd: string): string | undefined {
  const candidates = command.includes('/')
    ? [resolve(cwd, command)]
    : (path ?? '').split(delimiter).map((dir) => resolve(cwd, dir || '.', command));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Exit 127, as a shell says a command it cannot run. */
function cannotRun(io: CommandIO, command: string, why: string): number {
  io.stderr.write(
    `error: cannot run ${visible(command)}: ${visible(why)}\n  hint: check the command name and your PATH.\n`,
  );
  return 127;
}

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

/**
 * Runs `commandLine` with `env` and answers its exit code. Where the runtime can (Node ≥ 22.15)
 * and `replace` is given, the command replaces this process, as aws-vault's exec does: signals
 * reach it directly, its exit status is ours, and no Node process waits beside it
 * (`replace.before` runs just before: no exit event follows).
 */
export function runCommand(
  commandLine: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CommandIO,
  replace?: { before?: () => void },
): Promise<number> {
  const [command, ...args] = commandLine as [string, ...string[]];
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (replace && execve) {
    const file = findExecutable(command, env.PATH, io.cwd);
    if (!file) return Promise.resolve(cannotRun(io, command, 'ENOENT'));
    if (io.cwd !== process.cwd()) process.chdir(io.cwd);
    replace.before?.();
    execve(file, [command, ...args], env);
  }
  return waitFor(command, args, env, io);
}

/** Runs the command beside this process, signals forwarded, and answers its exit code. */
function waitFor(command: string, args: string[], env: NodeJS.ProcessEnv, io: CommandIO): Promise<number> {
  return new Promise((done) => {
    // Loaded here: the answers' script holds this module, and most of its lines run no command.
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(command, args, { stdio: 'inherit', env, cwd: io.cwd });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    const finish = (code: number) => {
      for (const s of signals) process.off(s, forward);
      done(code);
    };
    child.on('error', (error) =>
      finish(cannotRun(io, command, (error as NodeJS.ErrnoException).code ?? error.message)),
    );
    child.on('exit', (code, signal) =>
      finish(
        code ??
          128 +
            (signal ? (({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 } as Record<string, number>)[signal] ?? 1) : 1),
      ),
    );
  });
}
