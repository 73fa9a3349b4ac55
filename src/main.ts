// The ESM application: the full CLI (commander) and the dashboard (Ink, React), bundled with
// code splitting. The installed binary is src/bin.ts, which runs the hot paths itself and
// imports this module for everything else.
import { processIO } from './app/io.js';
import { dashboardArgv } from './cli/dashboard-argv.js';

// The SDK's Node-version warning would tear the TUI and clutter credential-process output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const argv = process.argv.slice(2);
const io = processIO();
// The dashboard alone skips the argument parser, so its first frame comes sooner.
const dashboard = dashboardArgv(argv);
const code = dashboard
  ? await (
      await import('./cli/default.js')
    )
      .runDefault(dashboard, { io })
      .catch(async (error: unknown) => (await import('./cli/errors.js')).reportError(io.stderr, error))
  : await (await import('./cli/program.js')).runCli(argv, io);
// Explicit exit: a keyring call abandoned at its timeout must not keep the process alive.
// (stdout and stderr are synchronous on Linux for files, pipes and terminals.)
process.exit(code);
