// IO streams are injected so tests can fake TTY-ness and capture output (as gh does).
import type { Env } from '../auth/paths.js';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface IO {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Env;
  cwd: string;
}

/**
 * The process's streams, each made on first use: Node builds process.stdin (and its TTY or pipe
 * machinery) when it is first read, ≈ 7 ms that credential-process and token never need.
 */
export function processIO(): IO {
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A person can answer a prompt: input from a terminal, and a terminal to draw the prompt on (stderr, so stdout stays for results). */
export function canPrompt(io: IO): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true;
}

/** The full-screen dashboard can run: it reads keys from stdin and draws on stdout. */
export function canDrawDashboard(io: IO): boolean {
  return io.stdin.isTTY === true && io.stdout.isTTY === true;
}

/** Colour unless NO_COLOR is set to something (no-color.org). */
export function colorAllowed(env: Env): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

/** What a command's run function gets besides its options (as gh's commands do): the IO streams. */
export interface CommandDeps {
  io: IO;
}
