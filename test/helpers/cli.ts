import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/authui.js', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (no TTY) with an explicit env. */
export function runBin(args: string[], opts: { env: Record<string, string | undefined>; cwd: string; input?: string; nodeArgs?: string[] }): RunResult {
  const result = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
    env: opts.env as NodeJS.ProcessEnv,
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
