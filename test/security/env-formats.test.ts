/* eslint-disable no-control-regex -- control characters are what these tests look for */
// Every export format against arbitrary values: parsing the output back (bash itself, Node's
// dotenv parser and a shell sourcing the file, the Actions runner's $GITHUB_ENV rules, JSON)
// gives exactly the variables that went in, or the value is refused whole.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/auth/errors.js';
import { formatEnv, type EnvFormat } from '../../src/cli/env-formats.js';
import { tempDir } from '../helpers/tmp.js';

// Values as a config, a peer or a paste could make them: any UTF-16 text but NUL (which no
// environment variable can hold), with the troublesome characters made likely.
const value = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(
        "'",
        '"',
        '`',
        '$(id)',
        '\\',
        '\n',
        '\r',
        '\x1b[31m',
        '#',
        ' ',
        '=',
        '<<',
        '\u2028',
        'ghadelimiter_x',
      ),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join('').replace(/\0/g, ''));
const variables = fc.dictionary(fc.stringMatching(/^T_[A-Z0-9_]{0,6}$/), value, { minKeys: 1, maxKeys: 4 });

interface ShellCase {
  script: string;
  names: string[];
}

/**
 * What a shell has in each variable after running each case's script (eval or source), every
 * case in a subshell of one bash: a bash per case made the properties slow enough on a loaded
 * two-core machine to time out.
 */
function shellValues(cases: ShellCase[], how: 'eval' | 'source'): Record<string, string>[] {
  const dir = tempDir();
  const steps = cases.map(({ script, names }, i) => {
    const file = join(dir, `vars-${i}`);
    writeFileSync(file, script);
    const read = names.map((n) => `printf '%s\\0' "$${n}"`).join('; ');
    const run = how === 'eval' ? `eval "$(<'${file}')"` : `set -a; . '${file}'`;
    return `( ${run}; ${read} )`;
  });
  const result = spawnSync('bash', ['-c', steps.join('\n')], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  const values = result.stdout.split('\0');
  return cases.map(({ names }) => Object.fromEntries(names.map((n) => [n, values.shift() as string])));
}

/** Checks the shell's reading of every case against the variables that went in. */
function expectShellReads(cases: { vars: Record<string, string>; text: string }[], how: 'eval' | 'source') {
  const read = shellValues(
    cases.map(({ vars, text }) => ({ script: text, names: Object.keys(vars) })),
    how,
  );
  cases.forEach(({ vars }, i) => expect(read[i], JSON.stringify(vars)).toEqual(vars));
}

/** $GITHUB_ENV as the runner reads it: NAME=value lines, and NAME<<DELIMITER … DELIMITER blocks. */
function githubValues(text: string): Record<string, string> {
  const lines = text.split('\n').slice(0, -1);
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      expect(end).toBeGreaterThan(i);
      out[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

/** The formatted text, or undefined when the format refused a value (a usage error, never half a file). */
function formatted(vars: Record<string, string>, format: EnvFormat): string | undefined {
  try {
    return formatEnv(vars, format);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('usage');
    return undefined;
  }
}

describe('env formats: one value is one variable', () => {
  it('bash: eval gives back every value, whatever it holds; never refused', () => {
    const cases = fc.sample(variables, 60).map((vars) => {
      const text = formatEnv(vars, 'bash');
      expect(text.split('\n').length - 1).toBe(Object.keys(vars).length); // one line each
      expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/); // nothing a terminal would act on
      return { vars, text };
    });
    expectShellReads(cases, 'eval');
  });

  it('dotenv: Node’s parser and a shell sourcing the file both read exactly the values, or it is refused', () => {
    const accepted = fc.sample(variables, 60).flatMap((vars) => {
      const text = formatted(vars, 'dotenv');
      if (text === undefined) {
        expect(Object.values(vars).some((v) => /['\x00-\x1f\x7f-\x9f]/.test(v))).toBe(true);
        return [];
      }
      expect(parseEnv(text)).toEqual(vars);
      return [{ vars, text }];
    });
    expect(accepted.length).toBeGreaterThan(0);
    expectShellReads(accepted, 'source');
  });

  it('github: the runner’s reading gives exactly the values (line breaks in a random-delimiter block), or it is refused', () => {
    let multiline = 0;
    fc.assert(
      fc.property(variables, (vars) => {
        const text = formatted(vars, 'github');
        if (text === undefined) {
          expect(Object.values(vars).some((v) => /[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(v))).toBe(true);
          return;
        }
        if (text.includes('<<ghadelimiter_')) multiline += 1;
        expect(githubValues(text)).toEqual(vars);
      }),
      { numRuns: 200 },
    );
    expect(multiline).toBeGreaterThan(0);
  });

  it('json: parses back to the same object', () => {
    fc.assert(
      fc.property(variables, (vars) => {
        expect(JSON.parse(formatEnv(vars, 'json'))).toEqual(vars);
      }),
    );
  });

  it('the issue’s cases: NODE_OPTIONS smuggled into $GITHUB_ENV, $(…) in a sourced dotenv', () => {
    const github = formatEnv({ URL: 'https://x\nNODE_OPTIONS=--require /tmp/evil.js' }, 'github');
    expect(githubValues(github)).toEqual({ URL: 'https://x\nNODE_OPTIONS=--require /tmp/evil.js' });
    expect(() => formatEnv({ URL: 'a\nB=c' }, 'dotenv')).toThrow(/line break/);
    const dotenv = formatEnv({ URL: '$(touch /tmp/authui-pwned)`id`' }, 'dotenv');
    expectShellReads([{ vars: { URL: '$(touch /tmp/authui-pwned)`id`' }, text: dotenv }], 'source');
    expect(() => formatEnv({ 'A;B': 'x' }, 'bash')).toThrow(/not a variable name/);
  });
});
