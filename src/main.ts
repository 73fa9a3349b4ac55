// Entry point of the bundle. Kept tiny: everything heavy is imported on demand.
import { runCli } from './cli/program.js';
import { processIO } from './cli/io.js';

// The SDK's Node-version warning would tear the TUI and clutter credential-process output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const code = await runCli(process.argv.slice(2), processIO());
// Explicit exit: a keyring call abandoned at its timeout must not keep the process alive.
// (stdout and stderr are synchronous on Linux for files, pipes and terminals.)
process.exit(code);
