// The binary (dist/authui.js): loads the hot paths' bundle (dist/fast.cjs), or for the dashboard
// the ESM app. On Node 22 it first turns on V8's compile cache (module.enableCompileCache, under
// $XDG_CACHE_HOME/authui/code-cache), so a call reads compiled code instead of compiling 150 kB
// of JavaScript. Node 20 has no such switch, and a cache of our own through node:vm loses dynamic
// import() there (the cached script forgets its import callback), so Node 20 compiles every time.
import Module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dashboardArgv } from './cli/dashboard-argv.js';

type EnableCompileCache = (dir: string) => unknown;
const enableCompileCache = (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
if (enableCompileCache) {
  try {
    enableCompileCache(
      join(process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), '.cache'), 'authui', 'code-cache'),
    );
  } catch {
    // Compiling without a cache is only slower.
  }
}
// The dashboard needs the ESM application, not the hot paths: going straight there skips
// compiling fast.cjs (a few ms at most; within the noise of interleaved first-frame runs).
if (dashboardArgv(process.argv.slice(2))) {
  // Not a literal, so esbuild leaves it alone: the ESM bundle beside this file.
  const app = './app.mjs';
  void import(app);
} else {
  // A CommonJS require of the sibling bundle: esbuild leaves it as is (see scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./fast.cjs');
}
