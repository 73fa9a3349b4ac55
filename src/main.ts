// Entry point of the bundle. Kept tiny: everything heavy is imported on demand.
import { processIO, type IO } from './app/io.js';

// The SDK's Node-version warning would tear the TUI and clutter credential-process output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

type FastCommand = (io: IO) => Promise<number>;

/**
 * The hot paths, in their exact plain forms: `[--config PATH] credential-process NAME` (the aws
 * CLI runs it for every command), `token NAME [--ws|--id-token]` (scripts and API clients),
 * `[--config PATH] status [--json]` (prompts and scripts) and
 * `[--config PATH]` alone (the dashboard, whose first frame should come soon). They skip loading
 * the argument parser and the builtins it needs. Anything else, including --help and every
 * error, goes through the full parser.
 */
function fastCommand(argv: string[]): FastCommand | undefined {
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
  if (command === undefined) {
    return async (io) => (await import('./cli/default.js')).runDefault({ config }, { io });
  }
  if (command === 'status' && (args.length === 0 || (args.length === 1 && args[0] === '--json'))) {
    return async (io) => (await import('./cli/status.js')).runStatus({ config, json: args.length === 1 }, { io });
  }
  return undefined;
}

const argv = process.argv.slice(2);
const io = processIO();
const fast = fastCommand(argv);
let code: number;
if (fast) {
  code = await fast(io).catch(async (error: unknown) =>
    (await import('./cli/errors.js')).reportError(io.stderr, error),
  );
} else {
  code = await (await import('./cli/program.js')).runCli(argv, io);
}
// Explicit exit: a keyring call abandoned at its timeout must not keep the process alive.
// (stdout and stderr are synchronous on Linux for files, pipes and terminals.)
process.exit(code);
