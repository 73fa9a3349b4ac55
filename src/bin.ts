// The binary (dist/authui.js). It picks a bundle from the command line and runs it:
// * `authui [--config PATH]` → the first frame's bundle draws the dashboard's first frame
//   (src/tui/first-frame.ts) from the rows kept beside the configuration, or from the engine's
//   listing (src/tui/listed-frame.ts, a bundle loaded only then), then the dashboard's bundle
//   (src/dashboard-main.ts) takes over;
// * a hot path's command word (`authui [--config PATH] status …`) → for the `answered` ones
//   (credential-process, token, kube token, env, exec, status, prompt) first the session-cache answers
//   (src/answer-main.ts), then, unless they answered, the hot paths' bundle (src/fast-main.ts),
//   which matches the whole line (src/cli/fast-argv.ts) and runs it; a line it declines (--help,
//   a typo) goes on to:
// * anything else → the ESM application (src/main.ts → dist/app.mjs).
// All but the last are CommonJS scripts run through a V8 code cache of our own (src/code-cache.ts),
// saved after they ran, so it holds what they compiled while running: Node 20 has no compile
// cache, and Node 22's (module.enableCompileCache, turned on here for the rest) keeps only what
// compiling the top level produced. Caches live under $XDG_CACHE_HOME/authui/code-cache.
// This file is compiled on every start, without a cache: it holds only what must run before a
// cached script can, and the command table stays in the scripts (docs/architecture.md, "Start-up").
// The hot paths load no node:module: the bundle gets this file's require.
import { join } from 'node:path';
import { resolvePaths } from './auth/paths.js';
import { dashboardArgv } from './cli/dashboard-argv.js';
import { runWithCodeCache, type CachedRun } from './code-cache.js';
import type { ListedStart } from './tui/first-frame.js';

/** The bundles, named by their content hashes (scripts/build.mjs defines them). */
declare const AUTHUI_DASHBOARD_BUNDLE: string;
declare const AUTHUI_FIRST_FRAME_BUNDLE: string;
declare const AUTHUI_LISTED_FRAME_BUNDLE: string;
declare const AUTHUI_FAST_BUNDLE: string;
declare const AUTHUI_ANSWER_BUNDLE: string;
/** The names of the command table's `fast` commands ("status", "kube token"), from the build. */
declare const AUTHUI_FAST_COMMANDS: readonly string[];
/** …and of those it marks `answered` ("credential-process", "token", "env", …). */
declare const AUTHUI_ANSWERED_COMMANDS: readonly string[];

/** After this long the dashboard's start-up code is compiled: the moment to save its cache. */
const SAVE_DASHBOARD_CACHE_AFTER_MS = 2000;
/** A hot path exits long before this; its cache is saved at exit. */
const SAVE_FAST_CACHE_AFTER_MS = 10_000;

// The same cache folder as every other command's (a relative $XDG_CACHE_HOME is ignored).
const paths = resolvePaths(process.env);
const { codeCache } = paths;
/** A cache is valid for one Node version and architecture (and one build: src/code-cache.ts). */
const runtime = `${process.version}-${process.arch}.v8`;

/**
 * Node 22's compile cache, for what the dashboard and the ESM application load from files.
 * getBuiltinModule, not import(): an import() of a built-in would start Node's ESM loader on the
 * dashboard's branch too. Node 22 has both since 22.3; before that, there is no cache.
 */
function enableCompileCache(): void {
  try {
    type WithCompileCache = { enableCompileCache?: (dir: string) => unknown };
    (process.getBuiltinModule?.('node:module') as WithCompileCache | undefined)?.enableCompileCache?.(codeCache);
  } catch {
    // Compiling without a cache is only slower.
  }
}

/** The hot path a command line names by its words (`[--config PATH] WORD [SUBWORD]`), if any. */
function fastCommandOf(argv: readonly string[]): string | undefined {
  const [word, subword] = argv[0] === '--config' ? argv.slice(2) : argv;
  if (word === undefined) return undefined;
  return [word, `${word} ${subword}`].find((name) => AUTHUI_FAST_COMMANDS.includes(name));
}

/** Runs the ESM application: the full CLI. */
function runApp(): void {
  // Not a literal, so esbuild leaves it alone: the ESM bundle beside this file.
  const app = './app.mjs';
  enableCompileCache();
  void import(app);
}

/** Runs a hot path's line (`use` names its caches): from the session cache when that settles it, else the hot paths' bundle. */
function runFast(command: string, use: string): void {
  if (AUTHUI_ANSWERED_COMMANDS.includes(command)) {
    const bundle = join(__dirname, AUTHUI_ANSWER_BUNDLE);
    const answering = runWithCodeCache(bundle, codeCache, use, SAVE_FAST_CACHE_AFTER_MS, require);
    const { answer } = answering.exports as typeof import('./answer-main.js');
    if (answer({ argv, paths, beforeReplace: answering.save })) return;
  }
  const bundle = join(__dirname, AUTHUI_FAST_BUNDLE);
  const cached = runWithCodeCache(bundle, codeCache, use, SAVE_FAST_CACHE_AFTER_MS, require);
  const { run } = cached.exports as typeof import('./fast-main.js');
  // Not a plain line of that command: commander's.
  if (!run({ argv, paths, beforeReplace: cached.save })) runApp();
}

const argv = process.argv.slice(2);
const fast = fastCommandOf(argv);
const dashboard = fast ? undefined : dashboardArgv(argv);
if (fast) {
  // One cache per command: each holds the functions its command ran.
  runFast(fast, `${fast === '__complete' ? 'complete' : fast.replace(' ', '-')}-${runtime}`);
} else if (dashboard) {
  enableCompileCache();
  /** One of the dashboard's scripts (`bundle`, dist/): each keeps a cache per runtime. */
  const runScript = (bundle: string) =>
    runWithCodeCache(join(__dirname, bundle), codeCache, runtime, SAVE_DASHBOARD_CACHE_AFTER_MS, require);
  const drawing = runScript(AUTHUI_FIRST_FRAME_BUNDLE);
  const { drawFirstFrame } = drawing.exports as typeof import('./tui/first-frame.js');
  let listing: CachedRun | undefined;
  const listed = (start: ListedStart) => {
    listing = runScript(AUTHUI_LISTED_FRAME_BUNDLE);
    return (listing.exports as typeof import('./tui/listed-frame.js')).listedSource(start);
  };
  void drawFirstFrame({ paths, configPath: dashboard.config, listed }).then(async (handover) => {
    // V8 takes a code cache only under the flags it was made with: the first frame's are made now,
    // before the dashboard's flags are set (the first frame is drawn only for a configuration
    // small enough not to grow the young generation), and the dashboard's compiles after them.
    drawing.save();
    listing?.save();
    // Imported here, not above: node:v8 would cost the hot paths and the first frame milliseconds.
    const { keepHeapSmall } = await import('./app/heap-flags.js');
    keepHeapSmall();
    const { run } = runScript(AUTHUI_DASHBOARD_BUNDLE).exports as typeof import('./dashboard-main.js');
    run({ paths, handover });
  });
} else {
  runApp();
}
