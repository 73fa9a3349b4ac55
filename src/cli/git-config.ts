// `authui git config HOST NAME [--username U] [--print]`: makes authui git's credential helper
// for https://HOST in the user's global git config, the only one for that host (an empty helper
// first clears those set before it), or prints the two commands that would do it.
import { spawnSync } from 'node:child_process';
import type { CommandDeps } from '../app/app.js';
import { AuthError } from '../auth/errors.js';
import { shellWord } from '../auth/names.js';
import { hasDotSegment, helperLine, plainUsername } from './git-credential.js';

export interface GitConfigOptions {
  host: string;
  name: string;
  username?: string;
  print: boolean;
}

export async function runGitConfig(opts: GitConfigOptions, { io, app }: CommandDeps): Promise<number> {
  // HOST, or HOST/PATH for the repositories under one path (an organisation's).
  const slash = opts.host.indexOf('/');
  const host = slash < 0 ? opts.host : opts.host.slice(0, slash);
  const path = slash < 0 ? undefined : opts.host.slice(slash + 1).replace(/\/+$/, '');
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(host))
    throw new AuthError('usage', `${JSON.stringify(host)} is not a host name`, {
      hint: 'authui git config github.com NAME (or github.com/ORG NAME)',
    });
  if (path !== undefined && !(/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(path) && !hasDotSegment(path)))
    throw new AuthError('usage', `${JSON.stringify(path)} is not a repository path`, {
      hint: 'authui git config github.com/ORG NAME',
    });
  plainUsername(opts.username);
  // The node must exist before git is told to ask for it; the engine says which names do.
  if (!(await app.config()).nodes.some((n) => n.name === opts.name)) (await app.workspace()).engine.resolve(opts.name);
  const context = `credential.https://${host}${path ? `/${path}` : ''}`;
  const key = `${context}.helper`;
  const value = helperLine(opts.name, host, opts.username, path);
  const commands = [
    ['config', '--global', '--replace-all', key, ''],
    ['config', '--global', '--add', key, value],
    // git tells helpers the path only when asked to, per URL.
    ...(path ? [['config', '--global', `${context}.useHttpPath`, 'true']] : []),
  ];
  if (opts.print) {
    for (const args of commands) io.stdout.write(`git ${args.map((a) => shellWord(a)).join(' ')}\n`);
    return 0;
  }
  for (const args of commands) {
    const run = spawnSync('git', args, { env: io.env as NodeJS.ProcessEnv, cwd: io.cwd, encoding: 'utf8' });
    if (run.status !== 0)
      throw new AuthError(
        'usage',
        `git ${args[2]} failed: ${(run.stderr || String(run.error?.message ?? '')).trim()}`,
        {
          hint: 'Is git installed? Run "authui git config HOST NAME --print" and run the commands yourself.',
        },
      );
  }
  io.stdout.write(`✓ git asks authui (${opts.name}) for https://${opts.host}: ${key} in your global git config\n`);
  return 0;
}
