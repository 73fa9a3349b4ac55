// The hot paths' command lines, recognised by the binary (src/bin.ts) before anything else loads:
// each runs from the hot paths' bundle (src/fast-main.ts) with its own code cache, and anything
// else, including --help and every error, goes to the full CLI. No imports but the env formats,
// so the binary stays small.
import { ENV_FORMATS, type EnvFormat } from './env-formats.js';

export type FastInvocation = { config?: string } & (
  | { command: 'credential-process'; name: string }
  | { command: 'token'; name: string; ws: boolean; idToken: boolean }
  | { command: 'env'; name?: string; format: EnvFormat; reveal: boolean }
  | { command: 'exec'; names: string[]; commandLine: string[] }
  | { command: '__complete' }
  | { command: 'status'; json: boolean }
);

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
 * `exec [NAME…] -- CMD…` and `__complete names` (shell completion). Undefined: the full CLI's.
 */
export function fastInvocation(argv: readonly string[]): FastInvocation | undefined {
  const [first, second, ...rest] = argv;
  const withConfig = first === '--config' && second !== undefined && !second.startsWith('-');
  const config = withConfig ? { config: second } : {};
  const [command, ...args] = withConfig ? rest : argv;
  if (command === 'credential-process' && args.length === 1 && !(args[0] as string).startsWith('-'))
    return { ...config, command, name: args[0] as string };
  if (command === 'token' && args.length >= 1 && args.length <= 2 && !(args[0] as string).startsWith('-')) {
    const flag = args[1];
    if (flag === undefined || flag === '--ws' || flag === '--id-token')
      return { ...config, command, name: args[0] as string, ws: flag === '--ws', idToken: flag === '--id-token' };
  }
  if (command === 'env') {
    const env = envArgs(args);
    if (env) return { ...config, command, ...env };
  }
  if (command === 'exec') {
    const dashes = args.indexOf('--');
    const names = args.slice(0, Math.max(dashes, 0));
    const commandLine = args.slice(dashes + 1);
    if (dashes >= 0 && commandLine.length > 0 && names.every((n) => !n.startsWith('-')))
      return { ...config, command, names, commandLine };
  }
  if (command === '__complete' && args.length === 1 && args[0] === 'names') return { ...config, command };
  if (command === 'status' && (args.length === 0 || (args.length === 1 && args[0] === '--json')))
    return { ...config, command, json: args.length === 1 };
  return undefined;
}
