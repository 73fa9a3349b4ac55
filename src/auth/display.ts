// Whether a browser can be opened on this machine: not over SSH, and a display on Linux. OIDC's
// `flow: auto` and `authui console` ask it; opening itself is the front end's (app/open-url.ts).
import type { Env } from './paths.js';

export function hasDisplay(env: Env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.SSH_CONNECTION || env.SSH_TTY) return false;
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
