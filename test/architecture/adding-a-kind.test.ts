// docs/architecture.md, "Adding a kind": a kind is its folder and one line of the registry, and a
// credential type is one row of the credential-type table; nothing in the engine, the config
// loader or the CLI changes. This test does exactly that to a copy of src/ (a provider kind
// whose sessions yield a new credential type), type-checks the copy, builds its CLI as the
// product is built, and logs in, lists and hands out a token through it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inkAliases, inkPatches } from '../../scripts/ink-patches.mjs';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The whole kind: a provider that signs in as its `word` and yields an echo token. */
const ECHO_KIND = `import { z } from 'zod';
import { nodeSchema } from '../../config/schema.js';
import { defineKind } from '../../kind.js';

interface Settings {
  kind: 'test/echo';
  word: string;
}
interface Secret {
  echo: string;
}

export const echo = defineKind<Settings, Secret>({
  kind: 'test/echo',
  role: 'provider',
  label: 'Echo',
  schema: async () => nodeSchema({ word: z.string() }),
  provides: ['echoToken'],
  describe: (settings) => ({ subject: settings.word }),
  parseSecret: (value) =>
    typeof value === 'object' && value !== null && typeof (value as Secret).echo === 'string' ? (value as Secret) : undefined,
  yields: (secret) => ({ echoToken: secret.echo }),
  reenterable: false,
  async authenticate(ctx) {
    const now = ctx.clock.now();
    return {
      meta: { obtainedAt: new Date(now).toISOString(), expiresAt: new Date(now + 3_600_000).toISOString(), subject: ctx.settings.word },
      secret: { echo: \`echo-\${ctx.settings.word}\` },
    };
  },
});
`;

/** Replaces `anchor` (which must occur once) with `anchor` and `added` after it. */
function addAfter(file: string, anchor: string, added: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.split(anchor).length, `${file} holds "${anchor}" once`).toBe(2);
  writeFileSync(file, text.replace(anchor, `${anchor}${added}`));
}

describe('adding a kind', () => {
  it('takes its folder, one registry line and one credential-type row, and works through the CLI', async () => {
    const copy = tempDir();
    cpSync(join(root, 'src'), join(copy, 'src'), { recursive: true });
    cpSync(join(root, 'tsconfig.json'), join(copy, 'tsconfig.json'));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));

    // 1. The kind's folder.
    mkdirSync(join(copy, 'src', 'auth', 'kinds', 'echo'));
    writeFileSync(join(copy, 'src', 'auth', 'kinds', 'echo', 'index.ts'), ECHO_KIND);
    // 2. One line of the registry.
    addAfter(
      join(copy, 'src', 'auth', 'kinds', 'registry.ts'),
      'const LOADERS: Readonly<Record<string, () => Promise<AnyKind>>> = {\n',
      "  'test/echo': async () => (await import('./echo/index.js')).echo,\n",
    );
    // 3. One row of the credential-type table: a token `authui token` prints.
    addAfter(
      join(copy, 'src', 'auth', 'credential-types.ts'),
      'export const CREDENTIAL_TYPES = {\n',
      "  echoToken: row<string>({ shown: 'echo token', cached: true, token: 'bearer' }),\n",
    );

    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', copy], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    // The full CLI of the copy, built as scripts/build.mjs builds the ESM application.
    const out = join(copy, 'dist');
    await build({
      absWorkingDir: copy,
      entryPoints: { app: 'src/main.ts' },
      outdir: out,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      jsx: 'automatic',
      external: ['@napi-rs/keyring'],
      alias: inkAliases,
      plugins: [inkPatches],
      banner: {
        js: "import { createRequire as __authuiCreateRequire } from 'node:module'; const require = __authuiCreateRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    const home = tempDir();
    const config = join(home, 'echo.yaml');
    writeFileSync(
      config,
      'auth:\n  keyring: { type: file }\n  providers:\n    shout: { kind: test/echo, word: hello }\n',
    );
    const env = isolatedEnv(home, { AUTHUI_KEYRING_PASSWORD: 'adding-a-kind' });
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(out, 'app.mjs'), '--config', config, ...args], {
        env: env as NodeJS.ProcessEnv,
        cwd: home,
        encoding: 'utf8',
      });

    const validate = cli('validate');
    expect(validate.stdout).toContain('is valid: 1 provider');
    const login = cli('login', 'shout');
    expect(login.stderr).toBe('');
    expect(login.stdout).toContain('✓ Logged in to shout');
    const status = JSON.parse(cli('status', '--json').stdout) as {
      nodes: { name: string; kind: string; state: string }[];
    };
    expect(status.nodes).toEqual([expect.objectContaining({ name: 'shout', kind: 'test/echo', state: 'active' })]);
    const token = cli('token', 'shout');
    expect(token.stdout).toBe('echo-hello\n');
    expect(token.status).toBe(0);
  }, 120_000);
});
