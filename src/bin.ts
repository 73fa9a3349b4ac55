// The binary (dist/authui.js): the dashboard's bundle for `authui [--config PATH]`, else the hot
// paths' bundle (dist/fast.cjs), which hands other commands to the ESM application. Compiled code
// is cached under $XDG_CACHE_HOME/authui/code-cache. The dashboard's bundle has our own cache
// (src/code-cache.ts), made after it has run a while, so it holds what the first frame
// compiled: Node 20 has no other, and Node 22's (module.enableCompileCache, turned on here for
// the other bundles) keeps only what compiling the top level produced. The hot paths run
// uncached on Node 20: they are within budget, and a script from our cache loses its import()
// callback there.
import Module from 'node:module';
import { join } from 'node:path';
import { resolvePaths } from './auth/paths.js';
import { dashboardArgv } from './cli/dashboard-argv.js';

/** The dashboard's bundle, named by its content hash (scripts/build.mjs defines it). */
declare const AUTHUI_DASHBOARD_BUNDLE: string;

/** After this long the dashboard's start-up code is compiled: the moment to save our cache. */
const SAVE_CODE_CACHE_AFTER_MS = 2000;

// The same cache folder as every other command's (a relative $XDG_CACHE_HOME is ignored).
const codeCache = join(resolvePaths(process.env).cacheDir, 'code-cache');
type EnableCompileCache = (dir: string) => unknown;
const enableCompileCache = (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
if (enableCompileCache) {
  try {
    enableCompileCache(codeCache);
  } catch {
    // Compiling without a cache is only slower.
  }
}

if (dashboardArgv(process.argv.slice(2))) {
  // Imported here, not above: node:v8 and node:vm would cost the hot paths milliseconds.
  void Promise.all([import('./app/young-generation.js'), import('./code-cache.js')]).then(
    ([{ keepYoungGenerationSmall }, { runWithCodeCache }]) => {
      // V8 rejects a code cache made under other flags: the dashboard's are set before its
      // bundle is compiled, as they were when its cache was made.
      keepYoungGenerationSmall();
      const cacheFile = join(codeCache, `dashboard-${process.version}-${process.arch}.v8`);
      const bundle = join(__dirname, AUTHUI_DASHBOARD_BUNDLE);
      runWithCodeCache(bundle, AUTHUI_DASHBOARD_BUNDLE, cacheFile, SAVE_CODE_CACHE_AFTER_MS);
    },
  );
} else {
  // A CommonJS require of the sibling bundle: esbuild leaves it as is (see scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./fast.cjs');
}
