// `authui exec NAME… -- CMD`: runs a command with the nodes' exports merged into its environment.
// Its own module, on the hot path (src/fast-main.ts): no argument parser, Ink or SDK.
import { AuthError } from '../auth/errors.js';
import { storePasswordVariable } from '../auth/stores/backend.js';
import { printWarnings, type App, type CommandDeps, type Workspace } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { shellWord } from '../auth/names.js';
import { visible } from '../auth/visible.js';
import { commandEnv, mergeExports, runCommand } from './exec-process.js';

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
      () => workspace.engine.exports(name, { secrets: true, keep: true }),
    );
    if (warning) printWarnings(io, [warning]);
    const exports = { ...variables, ...secrets };
    const clash = mergeExports(merged, exports);
    if (clash !== undefined)
      throw new AuthError('usage', `${clash} is set by both ${from[clash]} and ${name}`, {
        hint: 'Run them in separate exec calls, or rename the variables (api-key/generic: env:).',
      });
    for (const key of Object.keys(exports)) from[key] = name;
  }
  return merged;
}

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
  if (opts.commandLine.length === 0)
    throw new AuthError('usage', 'No command given', { hint: 'authui exec NAME [NAME…] -- command args…' });
  const workspace = await app.workspace();
  const names = opts.names.length ? opts.names : [workspace.engine.defaultNode().name];
  if (opts.serve) return serveTo(opts.commandLine, names, workspace, io);
  const exported = await mergedExports(app, workspace, names);
  const passwordVariable = storePasswordVariable(workspace.engine.config);
  const env = commandEnv(io.env, passwordVariable, { ...exported, ...opts.extraEnv?.(names) });
  for (const line of opts.before?.(names, workspace) ?? []) io.stderr.write(`${visible(line)}\n`);
  return runCommand(opts.commandLine, env, io, replaceProcess ? { before: beforeReplace } : undefined);
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
  const inherited = commandEnv(io.env, storePasswordVariable(engine.config), {});
  // Keys or a profile in the environment would win over the endpoint in the SDKs' chain.
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
    delete inherited[key];
  const region = engine.list().find((n) => n.name === name)?.region;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...(region ? { AWS_REGION: region, AWS_DEFAULT_REGION: region } : {}),
    AWS_CONTAINER_CREDENTIALS_FULL_URI: served.url,
    AWS_CONTAINER_AUTHORIZATION_TOKEN: served.token,
  };
  try {
    return await runCommand(commandLine, env, io);
  } finally {
    await served.close();
  }
}
