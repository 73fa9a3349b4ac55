// Bundles src/main.ts into dist/ with code splitting, so the fast paths (status --json,
// credential-process, env, token) never load the chunks that hold Ink, React, yaml or zod.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inkPatches } from './ink-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}/dist`, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { authui: 'src/main.ts' },
  outdir: 'dist',
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
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native addon and the AWS SDK stay in node_modules: the first cannot be bundled,
  // the second is large and only loaded when a network call is made.
  external: ['@napi-rs/keyring', '@aws-sdk/client-sts', '@aws-sdk/client-iam'],
  alias: { 'react-devtools-core': './scripts/empty-module.js' },
  plugins: [inkPatches],
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __authuiCreateRequire } from 'node:module';",
      'const require = __authuiCreateRequire(import.meta.url);',
    ].join('\n'),
  },
  logLevel: 'warning',
});
