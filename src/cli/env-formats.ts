// The formats `authui env` prints, in a module of their own: the argument parser (src/cli/program.ts)
// and the hot path's word matcher (src/cli/fast-argv.ts) offer the same choices.
//
// One value is always one variable: a value a format cannot hold exactly (a quote or a line break in
// dotenv, a control character other than GitHub's line feed anywhere but bash's $'…' and JSON) is refused, never written in a
// way that a parser, a shell that sources the file, or the Actions runner reads differently.
import { AuthError } from '../auth/errors.js';
import { shellWord } from '../auth/names.js';
import { jsonDocument } from '../auth/visible.js';

export const ENV_FORMATS = ['bash', 'json', 'dotenv', 'github'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
/** The same without the line feed: $GITHUB_ENV has a form for values with line breaks. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL_BUT_LF = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

function refuse(name: string, format: EnvFormat, why: string): never {
  throw new AuthError('usage', `The value of ${name} ${why}, which the ${format} format cannot hold exactly`, {
    hint: 'Use --format json (or bash), or authui exec, which passes values as they are.',
  });
}

/** bash: single quotes; a value with control characters in $'…' with every byte escaped. */
function bash(name: string, value: string): string {
  if (!CONTROL.test(value)) return `export ${name}='${value.replace(/'/g, `'\\''`)}'\n`;
  const escaped = [...Buffer.from(value, 'utf8')]
    .map((b) =>
      b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
  return `export ${name}=$'${escaped}'\n`;
}

/** dotenv: single quotes, which dotenv parsers and a shell that sources the file all read literally. */
function dotenv(name: string, value: string): string {
  if (value.includes("'")) refuse(name, 'dotenv', 'holds a single quote');
  if (CONTROL.test(value)) refuse(name, 'dotenv', 'holds a line break or another control character');
  return `${name}='${value}'\n`;
}

/** $GITHUB_ENV: NAME=value, or the runner's NAME<<DELIMITER form with a random delimiter for line breaks. */
function github(name: string, value: string): string {
  if (CONTROL_BUT_LF.test(value)) refuse(name, 'github', 'holds a control character');
  if (!value.includes('\n')) return `${name}=${value}\n`;
  const { randomUUID } = process.getBuiltinModule('node:crypto');
  const delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

export function formatEnv(vars: Record<string, string>, format: EnvFormat): string {
  if (format === 'json') return jsonDocument(vars);
  const line = format === 'dotenv' ? dotenv : format === 'github' ? github : bash;
  return Object.entries(vars)
    .map(([name, value]) => {
      if (!NAME.test(name))
        throw new AuthError('usage', `${JSON.stringify(name)} is not a variable name the ${format} format can hold`, {
          hint: 'Variable names are letters, digits and _, not starting with a digit.',
        });
      return line(name, value);
    })
    .join('');
}

/**
 * What `authui env NAME` prints: the variables (and with --reveal the secrets) on stdout and, when
 * secrets were left out, their names on stderr with the two ways to get them, so that a secret is
 * never printed by accident.
 */
export function envOutput(
  name: string,
  {
    variables,
    secrets,
    hidden,
  }: { variables: Record<string, string>; secrets: Record<string, string>; hidden?: string[] },
  format: EnvFormat,
): { stdout: string; stderr: string } {
  const word = shellWord(name);
  return {
    stdout: formatEnv({ ...variables, ...secrets }, format),
    stderr: hidden?.length
      ? `# not shown: ${hidden.join(', ')}. Run a command with them: authui exec ${word} -- CMD, or print them: authui env ${word} --reveal\n`
      : '',
  };
}
