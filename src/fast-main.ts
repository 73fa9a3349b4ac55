// The hot paths' bundle (dist/fast-HASH.cjs): one CommonJS script that the binary (src/bin.ts)
// runs through our V8 code cache when a command line names a hot path; it runs the plain lines
// of src/cli/fast-argv.ts. CommonJS skips Node's ESM loader, and the cache holds the functions a
// command ran last time (the command table's included), so almost nothing is compiled. The
// bundle has no import(): Node 20 loses a cached script's import() callback, so every lazy
// module here is a require().
import { createApp } from './app/app.js';
import { descriptorIO, exitOnceWritten } from './app/io.js';
import { configParsed } from './auth/config/load.js';
import type { AuthuiPaths } from './auth/paths.js';
import type { FastCommandName, Invocation } from './cli/commands.js';
import { fastInvocation } from './cli/fast-argv.js';
import { FAST_HANDLERS } from './cli/fast-handlers.js';

export interface FastStart {
  /** The command line's words (after `node authui.js`). */
  argv: readonly string[];
  /** The paths the binary worked out for its code cache: the App's, not worked out twice. */
  paths: Readonly<AuthuiPaths>;
  /** Called just before `exec` replaces the process (no exit event follows). */
  beforeReplace(): void;
}

/**
 * Runs the command line when it is a hot path's plain line (cli/fast-argv.ts); false, having run
 * nothing, when it is not: the binary then hands it to the full CLI.
 */
export function run({ argv, paths, beforeReplace }: FastStart): boolean {
  const invocation = fastInvocation(argv);
  if (!invocation) return false;
  ranLine = true;
  void runInvocation(invocation, paths, beforeReplace);
  return true;
}

let ranLine = false;
let failed = false;

/**
 * Whether this start's code cache is worth keeping (src/code-cache.ts): not when it ran only the
 * matcher (a line for the full CLI), nor the configuration's parser instead of its cache entry,
 * nor a command that ended in an error (a mistyped name; not `exec`'s child exiting non-zero):
 * V8 never replaces a cache it accepts, and every later start of the command would compile what
 * such a start never ran.
 */
export function keepCodeCache(): boolean {
  return ranLine && !configParsed() && !failed;
}

async function runInvocation(
  invocation: Invocation,
  paths: Readonly<AuthuiPaths>,
  beforeReplace: () => void,
): Promise<void> {
  const io = descriptorIO();
  const app = createApp({ io, paths, global: { config: invocation.config } });
  const handler = FAST_HANDLERS[invocation.command as FastCommandName];
  const report = async (error: unknown) => (await import('./cli/errors.js')).reportError(io.stderr, error);
  const code = await handler(invocation.options, { io, app, replaceProcess: true, beforeReplace }).catch(
    (error: unknown) => {
      failed = true;
      return report(error);
    },
  );
  exitOnceWritten(code, report);
}
