// git's credential helper (`credential.https://HOST.helper = !authui git-credential NAME HOST`,
// set by `authui git config HOST NAME`): for `get`, the node's token as the password git sends
// to HOST — renewed first when it is about to expire — with its expiry where git understands it
// (password_expiry_utc). The mapping lives in the user's own git config, for one host: a request
// for any other host gets nothing. `store` and `erase` change nothing: authui is the source of
// truth, and a token git found wanting is renewed or logged in again through authui.
import type { CommandDeps } from '../app/app.js';
import { AuthError } from '../auth/errors.js';
import { shellWord } from '../auth/names.js';
import { isOneVisibleLine, visible } from '../auth/visible.js';
import { tokenUsername } from '../auth/engine/handout.js';

export interface GitCredentialOptions {
  name: string;
  host: string;
  operation: 'get' | 'store' | 'erase';
  username?: string;
  /** The repositories under this path only (git sends the path: `useHttpPath`). */
  path?: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** git's request: `key=value` lines up to a blank line (git-credential(1), "INPUT/OUTPUT FORMAT"). */
export function parseCredentialRequest(text: string): Record<string, string> {
  const request: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '') break;
    const at = line.indexOf('=');
    if (at > 0) request[line.slice(0, at)] = line.slice(at + 1);
  }
  return request;
}

/** Whether a repository path has a `.` or `..` segment: one that may lead out of the path it names. */
export function hasDotSegment(path: string): boolean {
  return /(^|\/)\.\.?(\/|$)/.test(path);
}

export async function runGitCredential(opts: GitCredentialOptions, { io, app }: CommandDeps): Promise<number> {
  if (opts.operation !== 'get') return 0;
  const request = parseCredentialRequest(await readAll(io.stdin));
  // Only the host this helper was set for (git may ask every helper it has for anything).
  if (request.host !== opts.host) return 0;
  // Set for a path: a request without one, or for another path, gets nothing.
  // A path that climbs out of it (`acme/../x`: git hands the helper `%2e%2e` decoded, while the
  // server may resolve it to another repository) gets nothing either.
  if (opts.path !== undefined) {
    const asked = (request.path ?? '').replace(/^\/+/, '');
    if (asked !== opts.path && !asked.startsWith(`${opts.path}/`)) return 0;
    if (hasDotSegment(asked)) return 0;
  }
  if (request.protocol !== 'https' && !/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(opts.host))
    throw new AuthError(
      'usage',
      `git asked for ${visible(request.protocol ?? '?')}://${visible(opts.host)}: a token goes over https only`,
      {
        hint: 'Use an https:// remote.',
      },
    );
  plainUsername(opts.username);
  const { engine } = await app.workspace();
  const { token } = await engine.token(opts.name);
  const expiresAt = engine.list().find((n) => n.name === opts.name)?.expiresAt;
  const username = opts.username ?? tokenUsername(engine.resolve(opts.name));
  io.stdout.write(
    `username=${username}\npassword=${token}\n${expiresAt ? `password_expiry_utc=${Math.floor(expiresAt / 1000)}\n` : ''}`,
  );
  return 0;
}

/**
 * A user name for git's protocol, refused when it holds a line break or a control character: a
 * line break would add a line to what the helper tells git (the engine hands out no token with one).
 */
export function plainUsername(username: string | undefined): void {
  if (username !== undefined && !isOneVisibleLine(username))
    throw new AuthError('usage', `The user name ${visible(username)} holds a line break or a control character`, {
      hint: 'Give --username a plain user name.',
    });
}

/** The helper line `authui git config` writes for HOST: git runs it through the shell. */
export function helperLine(name: string, host: string, username?: string, path?: string): string {
  return `!authui git-credential ${shellWord(name)} ${shellWord(host)}${username ? ` --username ${shellWord(username)}` : ''}${path ? ` --path ${shellWord(path)}` : ''}`;
}
