// The hot paths, run by the CommonJS entry (src/bin.ts) without the ESM loader, the argument
// parser, Ink, React, yaml, zod or the AWS SDK.
import type { IO } from './app/io.js';

export type FastCommand = (io: IO) => Promise<number>;

/**
 * The hot paths, in their exact plain forms: `[--config PATH] credential-process NAME` (the aws
 * CLI runs it for every command), `token NAME [--ws|--id-token]` (scripts and API clients),
 * `[--config PATH] status [--json]` (prompts and scripts) and `__complete names` (shell
 * completion). Anything else, including --help and every error, goes to the full CLI.
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
  if (command === '__complete' && args.length === 1 && args[0] === 'names') {
    return async (io) => (await import('./cli/completion.js')).runCompleteNames({ config }, { io });
  }
  if (command === 'status' && (args.length === 0 || (args.length === 1 && args[0] === '--json'))) {
    return async (io) => (await import('./cli/status.js')).runStatus({ config, json: args.length === 1 }, { io });
  }
  return undefined;
}
