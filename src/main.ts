// The ESM application: the full CLI (commander), bundled with code splitting. The installed
// binary is src/bin.ts, which runs the dashboard and the hot paths from their own bundles and
// imports this module for everything else.
import { exitOnceWritten, processIO } from './app/io.js';

const io = processIO();
const code = await (await import('./cli/program.js')).runCli(process.argv.slice(2), { io, replaceProcess: true });
exitOnceWritten(code, async (error) => (await import('./cli/errors.js')).reportError(io.stderr, error));
