import { PassThrough } from 'node:stream';
import type { IO } from '../../src/app/io.js';

export interface CapturedIO extends IO {
  out(): string;
  err(): string;
}

/** IO with captured output; TTY-ness is chosen by the test. */
export function captureIO(env: IO['env'], cwd: string, tty = false): CapturedIO {
  let out = '';
  let err = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: tty });
  return {
    stdout: { write: (s: string) => (out += s), isTTY: tty },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    stdin,
    env,
    cwd,
    out: () => out,
    err: () => err,
  };
}
