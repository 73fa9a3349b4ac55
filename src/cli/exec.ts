// `authui exec NAME… -- CMD`: runs a command with the nodes' exports merged into its environment.
// Its own module, on the hot path (src/fast-main.ts): no argument parser, Ink or SDK.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { AuthError } from '../auth/errors.js';
import { storePasswordVariable } from '../auth/stores/open.js';
import { printWarnings, type App, type CommandDeps, type Workspace } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { shellWord } from '../auth/names.js';
import { visible } from '../auth/visible.js';

/** Every node's exports for `exec`, merged; a variable two of them set is a usage error. */
async function mergedExports(app: App, workspace: Workspace, names: string[]): Promise<Record<string, string>> {
  const { io } = app;
  const merged: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const name of names) {
    const { variables, secrets, warning } = await withBroker(
      app,
      workspace,
      name,
      `authui exec ${shellWord(name)}`,
      () => workspace.engine.exports(name, { secrets: true }),
    );
    if (warning) printWarnings(io, [warning]);
    for (const [key, value] of Object.entries({ ...variables, ...secrets })) {
      if (from[key] !== undefined && merged[key] !== value)
        throw new AuthError('usage', `${key} is set by both ${from[key]} and ${name}`, {
          hint: 'Run them in separate exec calls, or rename the variables (api-key/generic: env:).',
        });
      merged[key] = value;
      from[key] = name;
    }
  }
  return merged;
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
function cannotRun(io: CommandDeps['io'], command: string, why: string): number {
  io.stderr.write(`error: cannot run ${command}: ${why}\n  hint: check the command name and your PATH.\n`);
  return 127;
}

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

export async function runExec(
  opts: {
    names: string[];
    commandLine: string[];
    /** Said on stderr once the exports are known, before the command starts (`authui shell`'s lines). */
    before?: (names: readonly string[], workspace: Workspace) => string[];
    /** Variables set for the command besides the nodes' exports (`authui shell`'s AUTHUI_SHELL). */
    extraEnv?: (names: readonly string[]) => Record<string, string>;
    /**
     * `--serve`: no keys in the command's environment; it gets the AWS container-credentials
     * endpoint (cli/serve.ts) for the one identity, renewed as long as the command runs.
     */
    serve?: boolean;
  },
  {
    io,
    app,
    replaceProcess = false,
    beforeReplace,
  }: CommandDeps & { replaceProcess?: boolean; beforeReplace?: () => void },
): Promise<number> {
  const [command, ...args] = opts.commandLine;
  if (!command) throw new AuthError('usage', 'No command given', { hint: 'authui exec NAME [NAME…] -- command args…' });
  const workspace = await app.workspace();
  const names = opts.names.length ? opts.names : [workspace.engine.defaultNode().name];
  if (opts.serve) return serveTo(opts.commandLine, names, workspace, io);
  const exported = await mergedExports(app, workspace, names);
  // The store's password opens every other secret: the command gets the nodes it asked for only.
  const inherited = { ...io.env };
  delete inherited[storePasswordVariable(workspace.engine.config)];
  delete inherited.AUTHUI_KEYRING_PASSWORD;
  const env: NodeJS.ProcessEnv = { ...inherited, ...exported, ...opts.extraEnv?.(names) };
  for (const line of opts.before?.(names, workspace) ?? []) io.stderr.write(`${visible(line)}\n`);
  // Where the runtime can (Node ≥ 22.15), the command replaces this process, as aws-vault's exec
  // does: signals reach it directly, its exit status is ours, and no Node process waits beside it.
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (replaceProcess && execve) {
    const file = findExecutable(command, env.PATH, io.cwd);
    if (!file) return cannotRun(io, command, 'ENOENT');
    if (io.cwd !== process.cwd()) process.chdir(io.cwd);
    beforeReplace?.();
    execve(file, [command, ...args], env);
  }
  return waitFor(command, args, env, io);
}

/** `exec --serve`: the command with the credentials endpoint instead of keys; the endpoint closes with it. */
async function serveTo(
  commandLine: readonly string[],
  names: readonly string[],
  { engine }: Workspace,
  io: CommandDeps['io'],
): Promise<number> {
  if (names.length !== 1)
    throw new AuthError('usage', '--serve serves one identity', { hint: 'authui exec --serve NAME -- command args…' });
  const name = names[0] as string;
  const { credentialServer } = await import('./serve.js');
  const { requireAws } = await import('./aws-credentials.js');
  requireAws(await engine.credentials(name)); // said now, not on the command's first call
  const served = await credentialServer(engine, name);
  const inherited = { ...io.env };
  delete inherited[storePasswordVariable(engine.config)];
  // Keys or a profile in the environment would win over the endpoint in the SDKs' chain.
  for (const key of [
    'AUTHUI_KEYRING_PASSWORD',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
  ])
    delete inherited[key];
  const region = engine.list().find((n) => n.name === name)?.region;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...(region ? { AWS_REGION: region, AWS_DEFAULT_REGION: region } : {}),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: served.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: served.token,
  };
  const [command, ...args] = commandLine as [string, ...string[]];
  try {
    return await waitFor(command, args, env, io);
  } finally {
    await served.close();
  }
}

/** Runs the command beside this process, signals forwarded, and answers its exit code. */
function waitFor(command: string, args: string[], env: NodeJS.ProcessEnv, io: CommandDeps['io']): Promise<number> {
  return new Promise((done) => {
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
