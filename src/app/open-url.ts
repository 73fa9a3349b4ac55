// Hands a URL to the system browser (`--open`, `auth.browser: open`). Never the default: over SSH
// there is no browser to open, and the URL is always printed too. The opener is detached and its
// output ignored, so a missing `xdg-open` costs nothing but the printed link.
import { spawn } from 'node:child_process';
import type { Env } from '../auth/paths.js';

function openerFor(platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  return { command: 'xdg-open', args: [] };
}

export function openInBrowser(url: string, env: Env, platform: NodeJS.Platform = process.platform): void {
  const { command, args } = openerFor(platform);
  // AUTHUI_BROWSER names another opener (tests use it to play the browser).
  const chosen = env.AUTHUI_BROWSER ? { command: env.AUTHUI_BROWSER, args: [] } : { command, args };
  try {
    const child = spawn(chosen.command, [...chosen.args, url], { detached: true, stdio: 'ignore', env });
    child.on('error', () => {});
    child.unref();
  } catch {
    // The link is on the screen; opening it is a convenience.
  }
}
