// The dashboard's bundle (dist/dashboard-HASH.cjs): one CommonJS script holding Ink, React, yoga
// and the engine, which the binary (src/bin.ts) runs for `authui` and `authui --config PATH`.
// Being one script, it loads through a V8 code cache of ours (src/code-cache.ts), on Node 20 too,
// where the ESM application's ~18 chunks were compiled on every start.
import { createApp } from './app/app.js';
import { parseApart } from './app/config-apart.js';
import { canDrawDashboard, exitOnceWritten, processIO } from './app/io.js';
import { configParsed } from './auth/config/load.js';
import type { AuthuiPaths } from './auth/paths.js';
import { dashboardArgv } from './cli/dashboard-argv.js';
import { runDefault } from './cli/default.js';
import { reportError } from './cli/errors.js';
import type { DashboardHandover } from './tui/first-frame.js';

export interface DashboardStart {
  /** The paths the binary worked out for its code cache: the App's, not worked out twice. */
  paths: Readonly<AuthuiPaths>;
  /** What the binary loaded and drew before this bundle (src/tui/first-frame.ts), if anything. */
  handover?: DashboardHandover;
}

/**
 * Whether this start's code cache is worth keeping (src/code-cache.ts): not when the
 * configuration was parsed rather than read from its cache entry, as later starts will.
 */
export function keepCodeCache(): boolean {
  return !configParsed();
}

export function run({ paths, handover }: DashboardStart): void {
  const io = processIO();
  const global = dashboardArgv(process.argv.slice(2)) ?? {};
  const app = createApp({
    io,
    paths,
    global,
    // A first frame that loaded the configuration hands it over; else a large one is parsed apart.
    config: handover?.config,
    parseElsewhere: canDrawDashboard(io)
      ? parseApart(process.argv[1] as string, { configPath: global.config, cwd: io.cwd, env: io.env })
      : undefined,
  });
  void runDefault({ firstFrame: handover?.firstFrame }, { io, app })
    .catch((error: unknown) => reportError(io.stderr, error))
    .then(exitOnceWritten);
}
