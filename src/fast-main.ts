// The hot paths' bundle (dist/fast-HASH.cjs): one CommonJS script that the binary (src/bin.ts)
// runs through our V8 code cache for the command lines of src/cli/fast-argv.ts. CommonJS skips
// Node's ESM loader, and the cache holds the functions a command ran last time, so
// almost nothing is compiled. The bundle has no import(): Node 20 loses a cached script's
// import() callback, so every lazy module here is a require().
import { descriptorIO, type IO } from './app/io.js';
import type { FastInvocation } from './cli/fast-argv.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface FastHooks {
  /** Called just before `exec` replaces the process (no exit event follows). */
  beforeReplace(): void;
}

async function runCommand(fast: FastInvocation, io: IO, hooks: FastHooks): Promise<number> {
  const { config } = fast;
  switch (fast.command) {
    case 'credential-process':
      return (await import('./cli/credential-process.js')).runCredentialProcess({ config, name: fast.name }, { io });
    case 'token':
      return (await import('./cli/token.js')).runToken(
        { config, name: fast.name, ws: fast.ws, idToken: fast.idToken },
        { io },
      );
    case 'env':
      return (await import('./cli/env.js')).runEnv(
        { config, name: fast.name, format: fast.format, reveal: fast.reveal },
        { io },
      );
    case 'exec':
      return (await import('./cli/exec.js')).runExec(
        { config, names: fast.names, command: fast.commandLine },
        { io, replaceProcess: true, beforeReplace: hooks.beforeReplace },
      );
    case '__complete':
      return (await import('./cli/completion.js')).runCompleteNames({ config }, { io });
    case 'status':
      return (await import('./cli/status.js')).runStatus({ config, json: fast.json }, { io });
  }
}

export async function run(fast: FastInvocation, hooks: FastHooks): Promise<void> {
  const io = descriptorIO();
  const code = await runCommand(fast, io, hooks).catch(async (error: unknown) =>
    (await import('./cli/errors.js')).reportError(io.stderr, error),
  );
  // Explicit exit: a keyring call abandoned at its timeout must not keep the process alive.
  process.exit(code);
}
