// The hot paths, run by the CommonJS entry (src/bin.ts) without the ESM loader, the argument
// parser, Ink, React, yaml, zod or the AWS SDK.
import type { IO } from './app/io.js';
import { ENV_FORMATS, type EnvFormat } from './cli/env-formats.js';

export type FastCommand = (io: IO) => Promise<number>;

/** `env`'s words: `[NAME] [--format F | --format=F] [--reveal]` in any order, else undefined. */
function envArgs(args: string[]): { name?: string; format: EnvFormat; reveal: boolean } | undefined {
  let name: string | undefined;
  let format: string = 'bash';
  let reveal = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as string;
    if (word === '--reveal') reveal = true;
    else if (word === '--format' && i + 1 < args.length) format = args[++i] as string;
    else if (word.startsWith('--format=')) format = word.slice('--format='.length);
    else if (!word.startsWith('-') && name === undefined) name = word;
    else return undefined;
  }
  if (!(ENV_FORMATS as readonly string[]).includes(format)) return undefined;
  return { name, format: format as EnvFormat, reveal };
}

/**
 * The hot paths, in their exact plain forms: `[--config PATH] credential-process NAME` (the aws
 * CLI runs it for every command), `token NAME [--ws|--id-token]` (scripts and API clients),
 * `[--config PATH] status [--json]` (prompts and scripts), `env [NAME] [--format F] [--reveal]`,
 * `exec [NAME…] -- CMD…` and `__complete names` (shell completion). Anything else, including --help and every error, goes to the full CLI.
 */
export function fastCommand(argv: string[]): FastCommand | undefined {
  const [first, second, ...rest] = argv;
  const withConfig = first === '--config' && second !== undefined && !second.startsWith('-');
  const config = withConfig ? second : undefined;
  const [command, ...args] = withConfig ? rest : argv;
  if (command === 'credential-process' && args.length === 1 && !(args[0] as string).startsWith('-')) {
    const name = args[0] as string;
    return async (io) => (await import('./cli/credential-process.js')).runCredentialProcess({ config, name }, { io });
  }
  if (command === 'token' && args.length >= 1 && args.length <= 2 && !(args[0] as string).startsWith('-')) {
    const flag = args[1];
    if (flag === undefined || flag === '--ws' || flag === '--id-token') {
      const name = args[0] as string;
      return async (io) =>
        (await import('./cli/token.js')).runToken(
          { config, name, ws: flag === '--ws', idToken: flag === '--id-token' },
          { io },
        );
    }
  }
  if (command === 'env') {
    const env = envArgs(args);
    if (env) return async (io) => (await import('./cli/env.js')).runEnv({ config, ...env }, { io });
  }
  if (command === 'exec') {
    const dashes = args.indexOf('--');
    const names = args.slice(0, Math.max(dashes, 0));
    const commandLine = args.slice(dashes + 1);
    if (dashes >= 0 && commandLine.length > 0 && names.every((n) => !n.startsWith('-')))
      return async (io) =>
        (await import('./cli/exec.js')).runExec({ config, names, command: commandLine }, { io, replaceProcess: true });
  }
  if (command === '__complete' && args.length === 1 && args[0] === 'names') {
    return async (io) => (await import('./cli/completion.js')).runCompleteNames({ config }, { io });
  }
  if (command === 'status' && (args.length === 0 || (args.length === 1 && args[0] === '--json'))) {
    return async (io) => (await import('./cli/status.js')).runStatus({ config, json: args.length === 1 }, { io });
  }
  return undefined;
}
