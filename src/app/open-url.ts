// Hands a URL to the system browser (`--open`, `auth.browser: open`). Never the default: over SSH
// there is no browser to open, and the URL is always printed too. The opener is detached and its
// output ignored, so a missing `xdg-open` costs nothing but the printed link. The URL is a
// peer's (a verification link, an authorization endpoint): only a web link is handed over, and
// never through a shell.
import { spawn } from 'node:child_process';
import { urlProblem } from '../auth/net.js';
import type { Env } from '../auth/paths.js';

/**
 * The system's opener. On Windows not `cmd /c start`: cmd reads `&` as the end of a command, so
 * the query of a link (`…?a=1&b=2`) would run as commands; url.dll's handler takes it as one argument.
 */
export function openerFor(platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
  return { command: 'xdg-open', args: [] };
}

export function openInBrowser(url: string, env: Env, platform: NodeJS.Platform = process.platform): void {
  // A file: link, another scheme or a plain-http one to another host is shown, never opened.
  if (urlProblem(url) !== undefined) return;
  const { command, args } = openerFor(platform);
  // AUTHUI_BROWSER names another opener (tests use it to play the browser).
  const chosen = env.AUTHUI_BROWSER ? { command: env.AUTHUI_BROWSER, args: [] } : { command, args };
  try {
    const child = spawn(chosen.command, [...chosen.args, new URL(url).href], { detached: true, stdio: 'ignore', env });
    child.on('error', () => {});
    child.unref();
  } catch {
    // The link is on the screen; opening it is a convenience.
  }
}
