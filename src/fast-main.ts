// The hot paths' bundle (dist/fast.cjs, CommonJS, so they skip Node's ESM loader: ≈ 10 ms of a
// ≈ 50 ms budget), loaded by the binary (src/bin.ts). credential-process, token, status and
// completion names run here; every other command imports the ESM application (src/main.ts →
// dist/app.mjs).
import { descriptorIO } from './app/io.js';
import { fastCommand } from './fast.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const io = descriptorIO();
  const fast = fastCommand(process.argv.slice(2));
  if (!fast) {
    // Not a literal, so esbuild leaves it alone: the ESM bundle beside this file.
    const app = './app.mjs';
    await import(app);
    return;
  }
  const code = await fast(io).catch(async (error: unknown) =>
    (await import('./cli/errors.js')).reportError(io.stderr, error),
  );
  // Explicit exit: a keyring call abandoned at its timeout must not keep the process alive.
  process.exit(code);
}

void main();
