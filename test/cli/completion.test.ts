// Shell completion in a real bash: the script from `authui completion bash` completes commands,
// flags and the names of the current config (slashes and dots included) through the built binary.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runBin, runCommand } from '../helpers/cli.js';
import { expectHotPath, TRACE_HOOK } from '../helpers/hot-path.js';
import { cliWorkspace } from '../helpers/workspace.js';

const CONFIG = `auth:
  providers:
    kitty: { kind: token-service, base_url: "https://kitty.example.com" }
  identities:
    dev: { kind: aws/user }
    dev-admin: { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Admin" } }
    "team/data.eng": { kind: aws/assume-role, via: { identity: dev }, principal: { assume_role: "arn:aws:iam::111122223333:role/Data" } }
`;

function shell() {
  const ws = cliWorkspace(CONFIG, 'completion-pw');
  const bin = join(ws.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'authui'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'authui'), 0o755);
  const env = { ...ws.env, PATH: `${bin}:${process.env.PATH}` };
  /** The candidates bash offers for the words typed so far (the last one is being completed). */
  const complete = (...words: string[]) => {
    const script = `eval "$(authui completion bash)"
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_authui; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', script], { env, cwd: ws.cwd, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  return { ws, env, complete };
}

describe('shell completion', () => {
  it('bash: registers itself, completes commands, flags and config names with slashes and dots', () => {
    const { env, ws, complete } = shell();
    const registered = spawnSync('bash', ['-c', 'eval "$(authui completion bash)"; complete -p authui'], {
      env,
      cwd: ws.cwd,
      encoding: 'utf8',
    });
    expect(registered.stdout.trim()).toBe('complete -o default -F _authui authui');
    expect(complete('authui', 'lo')).toEqual(['login', 'logout']);
    expect(complete('authui', 'login', '')).toEqual(['kitty', 'dev', 'dev-admin', 'team/data.eng']);
    expect(complete('authui', 'exec', 'te')).toEqual(['team/data.eng']);
    expect(complete('authui', 'logout', '--d')).toEqual(['--dry-run']);
    expect(complete('authui', 'token', 'kitty', '--')).toEqual(['--ws', '--id-token', '--config']);
    expect(complete('authui', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('__complete names reads the config without the YAML parser once it is cached', () => {
    const { ws } = shell();
    expect(runBin(['__complete', 'names'], { env: ws.env, cwd: ws.cwd }).stdout).toBe(
      'kitty\ndev\ndev-admin\nteam/data.eng\n',
    );
    const trace = join(ws.dir, 'trace.txt');
    const traced = runBin(['__complete', 'names'], {
      env: { ...ws.env, AUTHUI_TRACE_FILE: trace },
      cwd: ws.cwd,
      nodeArgs: ['--import', TRACE_HOOK],
    });
    expect(traced.code).toBe(0);
    expectHotPath(trace, ws.env, 'complete');
  });

  it('zsh and fish scripts name every command; an unknown shell is a usage error', async () => {
    const { ws } = shell();
    const zsh = await runCommand(['completion', 'zsh'], { env: ws.env, cwd: ws.cwd });
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await runCommand(['completion', 'fish'], { env: ws.env, cwd: ws.cwd });
    expect(fish.stdout).toContain("complete -c authui -n '__fish_use_subcommand' -a 'status validate trust login");
    expect(fish.stdout).toContain("-a '(authui __complete names 2>/dev/null)'");
    const bad = await runCommand(['completion', 'tcsh'], { env: ws.env, cwd: ws.cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are bash, zsh, fish.');
  });
});
