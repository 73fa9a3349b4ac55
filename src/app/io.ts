// IO streams are injected so tests can fake TTY-ness and capture output (as gh does).
import { AuthError } from '../auth/errors.js';
import { writeSync } from 'node:fs';
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
 * machinery) when it is first read, which credential-process and token never need.
 */
export function processIO(): IO {
  return {
    get stdout() {
      return outputStream(process.stdout);
    },
    get stderr() {
      return outputStream(process.stderr);
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** The streams output went to (processIO's, or a descriptor output's after EAGAIN): the process waits for them before it exits. */
const streamsWritten = new Set<NodeJS.WriteStream>();

function outputStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  streamsWritten.add(stream);
  return stream;
}

/**
 * Ends the process once its output has left: at once when no stream holds any (every write went
 * through a descriptor, or a stream wrote it already), else when the streams have passed it on
 * (a pipe whose reader lags: Node writes to pipes asynchronously on POSIX, to terminals on
 * Windows). Every command ends this way rather than by running out of work: a keyring call
 * abandoned at its timeout must not keep the process alive, and tearing down the heap costs a
 * cached answer about a millisecond. `code` defaults to `process.exitCode`. When standard output
 * could not pass its part on (its reader went away), the result is lost: `lost` reports the
 * error and gives the exit code instead.
 */
export function exitOnceWritten(code?: number, lost?: (error: AuthError) => number | Promise<number>): void {
  // Named, not left out: Node 20's process.exit(undefined) exits 0 whatever exitCode says.
  let exitCode = code ?? process.exitCode;
  const pending = [...streamsWritten].filter((stream) => stream.writableLength > 0);
  let left = pending.length;
  if (left === 0) process.exit(exitCode);
  // An empty write's callback comes after those of the writes before it, with their error.
  const passedOn = (lostCode?: number) => {
    exitCode = lostCode ?? exitCode;
    if (--left === 0) process.exit(exitCode);
  };
  for (const stream of pending) {
    // Its error is the write's, below: not an uncaught one, which would end the process with a stack.
    stream.on('error', () => {});
    stream.write('', (error) => {
      const failed = (error as NodeJS.ErrnoException | null | undefined)?.code;
      if (failed && stream === process.stdout && lost) void Promise.resolve(lost(resultLost(failed))).then(passedOn);
      else passedOn();
    });
  }
}

/** The error of a result standard output could not take (`code`: EPIPE, EBADF, …). */
function resultLost(code: string): AuthError {
  return new AuthError('output_failed', `Could not write the result to standard output (${code})`, {
    hint:
      code === 'EPIPE'
        ? 'The program reading it went away first; run the command again.'
        : 'Standard output is closed; run the command with it open.',
  });
}

/**
 * An output that writes straight to a file descriptor. process.stdout builds Node's whole stream
 * stack on first use, which takes longer than printing a cached credential.
 * The stream is still made for what only it knows (isTTY, columns), and takes over from the
 * first write the descriptor refuses (EAGAIN: a non-blocking pipe that is full). On stderr, a
 * reader that went away (EPIPE) gets nothing more; on stdout the result is lost, so the command
 * fails (a credential a caller never got is not a success).
 */
function descriptorOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): Output {
  // Once the stream holds part of the output, the rest follows it there, to keep the order.
  let handedOver = false;
  return {
    write(text: string) {
      if (handedOver) return stream().write(text);
      const bytes = Buffer.from(text);
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          handedOver = true;
          return outputStream(stream()).write(bytes.subarray(done));
        }
        if (fd === 1 && (code === 'EPIPE' || code === 'EBADF')) throw resultLost(code);
        if (code !== 'EPIPE') throw error;
      }
      return true;
    },
    get isTTY() {
      return stream().isTTY;
    },
    get columns() {
      return stream().columns;
    },
  };
}

/** The process's IO for the hot paths: stdout and stderr written through their descriptors. */
export function descriptorIO(): IO {
  return {
    stdout: descriptorOutput(1, () => process.stdout),
    stderr: descriptorOutput(2, () => process.stderr),
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
