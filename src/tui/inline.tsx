// The one way to draw a screen inline (not full screen) for a command: on stderr, in the theme the
// environment allows. ctrl-c is the screen's to handle (it cancels: exit 130), never Ink's.
import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import { colorAllowed, type IO } from '../app/io.js';
import { ThemeProvider } from '../components/theme.js';
import { makeTheme } from '../components/look.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from '../input/terminal-modes.js';

export function renderInline(io: IO, element: ReactElement): Instance {
  const out = io.stderr as NodeJS.WriteStream;
  // Bracketed paste while the screen is up: a paste arrives as text, never as keys.
  const off = () => {
    if (out.isTTY) out.write(BRACKETED_PASTE_OFF);
  };
  if (out.isTTY) out.write(BRACKETED_PASTE_ON);
  process.once('exit', off);
  const instance = render(<ThemeProvider theme={makeTheme(colorAllowed(io.env))}>{element}</ThemeProvider>, {
    stdout: out,
    stdin: io.stdin as NodeJS.ReadStream,
    stderr: out,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const done = () => {
    process.off('exit', off);
    off();
  };
  instance.waitUntilExit().then(done, done);
  return instance;
}

/** Columns to lay an inline screen out in. */
export function inlineWidth(io: IO, max: number): number {
  return Math.min((io.stderr as NodeJS.WriteStream).columns ?? 80, max);
}
