import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import { captureIO } from './io.js';

export const BIN = fileURLToPath(new URL('../../dist/authui.js', import.meta.url));

/**
 * A folder holding an `authui` that runs the built binary on this Node, for PATH: tools that run
 * authui by name (git's helper, kubectl's plugin, docker's credential helper) find it as an
 * installed one.
 */
export function authuiOnPath(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'authui'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  const helper = join(dirname(BIN), 'docker-credential-authui.js');
  writeFileSync(join(bin, 'docker-credential-authui'), `#!/bin/sh\nexec "${process.execPath}" "${helper}" "$@"\n`, {
    mode: 0o755,
  });
  return bin;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (no TTY) with an explicit env. */
export function runBin(
  args: string[],
  opts: { env: Record<string, string | undefined>; cwd: string; input?: string; nodeArgs?: string[] },
): RunResult {
  const result = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
    env: opts.env as NodeJS.ProcessEnv,
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 40_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Async variant: required when the child talks to a server living in the test process. */
export function runBinAsync(
  args: string[],
  opts: { env: Record<string, string | undefined>; cwd: string; nodeArgs?: string[]; command?: string },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(
      opts.command ?? process.execPath,
      opts.command ? args : [...(opts.nodeArgs ?? []), BIN, ...args],
      { env: opts.env as NodeJS.ProcessEnv, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * Runs a command line in this process, as the binary's full CLI does (cli/program.ts), with an
 * App of its own for the env and cwd given. For what only a real process shows (the bundles and
 * what they load, exit codes of a crash, environment the native keyring reads, signals) tests
 * run the built binary instead.
 */
export async function runCommand(
  args: string[],
  opts: { env: Record<string, string | undefined>; cwd: string; input?: string },
): Promise<RunResult> {
  const io = captureIO(opts.env, opts.cwd);
  (io.stdin as PassThrough).end(opts.input ?? '');
  const code = await runCli(args, { io });
  return { code, stdout: io.out(), stderr: io.err() };
}
