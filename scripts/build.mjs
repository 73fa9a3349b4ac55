// The bundles in dist/ (a package.json there makes its .js files CommonJS):
// * authui.js — the binary (src/bin.ts): routes to one of the bundles below, with a code cache,
//   by the hot paths' names, which the build reads from the command table;
// * dashboard-HASH.cjs — the dashboard (src/dashboard-main.ts): one CommonJS script, so that it
//   loads through a V8 code cache on Node 20 too (src/code-cache.ts); named by its content hash,
//   which keys its cache. Packages that only a later action needs (zod, yaml and nodemailer on a
//   config-cache miss or an SMTP check) load from node_modules then instead of being read at start;
// * fast-HASH.cjs — the hot paths (src/fast-main.ts: credential-process, token, env, exec,
//   status, completion names): one CommonJS script without Node's ESM loader, run through the
//   same kind of code cache, one per command, keyed by the content hash in its name;
// * answer-HASH.cjs — credential-process, token and kube token answered from the session cache
//   alone (src/answer-main.ts), offered those lines before the hot paths' script;
// * first-frame-HASH.cjs — the dashboard's first frame (src/tui/first-frame.ts), drawn before
//   the dashboard's script is read, from the rows kept beside the configuration;
// * listed-frame-HASH.cjs — its rows listed by the engine (src/tui/listed-frame.ts) when none are kept;
// * docker-credential-authui.js — docker's credential helper: authui.js as `docker-credential`;
// * oauth4webapi.cjs — that package for the two bundles above, required when OpenID Connect runs;
// * app.mjs + chunks/*.mjs — the rest, from src/main.ts, ESM with code splitting so that no
//   command loads the chunks holding Ink, React, yaml, zod or the SDK unless it needs them.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inkAliases, inkPatches } from './ink-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist`, { recursive: true, force: true });

/** The digest of src/, which names this build in every bundle (src/auth/build-id.ts). */
function sourceDigest() {
  const hash = createHash('sha256');
  for (const file of readdirSync(`${root}/src`, { recursive: true }).toSorted()) {
    const path = `${root}/src/${file}`;
    if (!statSync(path).isFile()) continue;
    hash.update(`${file}\0`).update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
const buildId = JSON.stringify(sourceDigest());

// oauth4webapi makes its requests' headers and checks its answers with the global Headers and
// Response; injected, it uses authui's (src/auth/http-message.ts), whose fetch answers with them,
// so that no OpenID Connect request loads Node's fetch (undici).
const webClasses = ['src/auth/http-message.ts'];

const external = ['@napi-rs/keyring'];

// oauth4webapi (ESM only, ≈ 50 KB minified) as a CommonJS file of its own beside the two CommonJS
// bundles, which require it when an OpenID Connect login or renewal runs: inside them it would
// be read and deserialised with their code caches on every start. It shares no state with our
// modules, so a separate copy is safe; Node before 20.19 cannot require() the ESM original.
const oauthFile = 'oauth4webapi.cjs';
/** Points the CommonJS bundles' imports of oauth4webapi at the separate file. */
const oauthBeside = {
  name: 'oauth4webapi-beside',
  setup(b) {
    b.onResolve({ filter: /^oauth4webapi$/ }, () => ({ path: `./${oauthFile}`, external: true }));
  },
};
/** The file a single-entry build wrote, relative to dist/ (its name holds its content hash). */
const bundleName = (result) => Object.keys(result.metafile.outputs)[0].replace(/^dist\//, '');

await build({
  absWorkingDir: root,
  entryPoints: { app: 'src/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"', AUTHUI_BUILD: buildId },
  // Native addon and the AWS SDK stay in node_modules: the first cannot be bundled,
  // the second is large and only loaded when a network call is made.
  external,
  alias: inkAliases,
  inject: webClasses,
  plugins: [inkPatches],
  banner: {
    js: [
      "import { createRequire as __authuiCreateRequire } from 'node:module';",
      'const require = __authuiCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
});

/** Options every CommonJS output shares. */
const commonJs = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await build({ ...commonJs, entryPoints: ['oauth4webapi'], outfile: `dist/${oauthFile}`, inject: webClasses });

/**
 * The scripts run through our code cache (src/code-cache.ts): named by their content hash, and
 * with no import() left in them (esbuild turns each into a require): Node 20 loses the import()
 * callback of a script compiled from a code cache. Each file is one function expression of the
 * CommonJS module variables, so it compiles as read, and ASCII only (esbuild's default charset,
 * checked below), so it is read as latin1. Packages load from node_modules when a path needs
 * them (yaml and zod on a config-cache miss, the SDK for a renewal), oauth4webapi from its file.
 */
const cachedScript = {
  ...commonJs,
  outdir: 'dist',
  entryNames: '[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  define: { 'process.env.NODE_ENV': '"production"', AUTHUI_BUILD: buildId },
  supported: { 'dynamic-import': false },
  charset: 'ascii',
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  metafile: true,
};

/** The file a cached script's build wrote, refused unless it is ASCII (it is read as latin1). */
function cachedScriptName(result) {
  const name = bundleName(result);
  if (readFileSync(`${root}/dist/${name}`).some((byte) => byte > 0x7f))
    throw new Error(`dist/${name} is not ASCII; src/code-cache.ts reads it as latin1`);
  return name;
}

/**
 * A cached script that runs the engine: the packages only a later action needs (zod and yaml on
 * a config-cache miss, nodemailer, proper-lockfile) load from node_modules then; the text tables
 * measure with string-width, whose patch builds its segmenter and emoji set on first use, not at
 * load (each costs a hot path more than its whole budget).
 */
const engineScript = {
  ...cachedScript,
  external: [...external, 'zod', 'yaml', 'nodemailer', 'proper-lockfile'],
  plugins: [inkPatches, oauthBeside],
};

const fast = await build({ ...engineScript, entryPoints: { fast: 'src/fast-main.ts' } });
const fastBundle = cachedScriptName(fast);

// The dashboard's first frame (src/tui/first-frame.ts), drawn before the dashboard's bundle loads
// from the rows kept beside the configuration: a script of its own, without the engine.
const firstFrame = await build({
  ...cachedScript,
  entryPoints: { 'first-frame': 'src/tui/first-frame.ts' },
  external,
  plugins: [inkPatches],
});
const firstFrameBundle = cachedScriptName(firstFrame);

// The first frame's rows listed by the engine (src/tui/listed-frame.ts), for a start with no kept
// rows: a script of its own, so that the first frame's does not carry the engine and the kinds.
const listedFrame = await build({ ...engineScript, entryPoints: { 'listed-frame': 'src/tui/listed-frame.ts' } });
const listedFrameBundle = cachedScriptName(listedFrame);

const answer = await build({
  ...cachedScript,
  entryPoints: { answer: 'src/answer-main.ts' },
  external,
});
const answerBundle = cachedScriptName(answer);

const dashboard = await build({
  ...cachedScript,
  entryPoints: { dashboard: 'src/dashboard-main.ts' },
  jsx: 'automatic',
  external: [...external, 'zod', 'yaml', 'nodemailer'],
  alias: inkAliases,
  plugins: [inkPatches, oauthBeside],
});
const dashboardBundle = cachedScriptName(dashboard);

/** The command table's hot paths and the answered ones among them, for the binary's choice of bundle and cache. */
async function fastCommandNames() {
  const table = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli/commands.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const source = Buffer.from(table.outputFiles[0].text).toString('base64');
  const { COMMANDS } = await import(`data:text/javascript;base64,${source}`);
  const names = (marked) => COMMANDS.filter(marked).map((command) => command.name);
  return { fast: names((command) => command.fast), answered: names((command) => command.answered) };
}
const commandNames = await fastCommandNames();

await build({
  ...commonJs,
  entryPoints: { authui: 'src/bin.ts' },
  outdir: 'dist',
  packages: 'external',
  define: {
    AUTHUI_DASHBOARD_BUNDLE: JSON.stringify(dashboardBundle),
    AUTHUI_FAST_BUNDLE: JSON.stringify(fastBundle),
    AUTHUI_ANSWER_BUNDLE: JSON.stringify(answerBundle),
    AUTHUI_FIRST_FRAME_BUNDLE: JSON.stringify(firstFrameBundle),
    AUTHUI_LISTED_FRAME_BUNDLE: JSON.stringify(listedFrameBundle),
    AUTHUI_FAST_COMMANDS: JSON.stringify(commandNames.fast),
    AUTHUI_ANSWERED_COMMANDS: JSON.stringify(commandNames.answered),
  },
  banner: { js: '#!/usr/bin/env node' },
});
writeFileSync(`${root}/dist/package.json`, '{ "type": "commonjs" }\n');
// docker's credential helper is a program named docker-credential-NAME that takes the operation
// as its argument: the same binary, told which command it is (a file of its own, not a link, so
// npm's shims on every platform run it by name).
writeFileSync(
  `${root}/dist/docker-credential-authui.js`,
  "#!/usr/bin/env node\nprocess.argv.splice(2, 0, 'docker-credential');\nrequire('./authui.js');\n",
  { mode: 0o755 },
);
