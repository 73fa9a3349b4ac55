// A command line's words read against its command's arguments and flags, in their plain forms
// only (`--flag value`, `--flag=value`, in any order): the hot paths' matcher (cli/fast-argv.ts)
// reads each fast command's line with it, the session-cache answers (src/answer-main.ts) the
// lines they take, each from a spec of the same shape (the command table's, or their own).
import type { Invocation } from './commands.js';

/** What reading a line needs of a command's spec (cli/commands.ts, CommandSpec). */
export interface LineSpec {
  args: readonly { name: string; required: boolean; variadic?: boolean; choices?: readonly string[] }[];
  flags: readonly { flag: string; value?: string; choices?: readonly string[]; default?: string }[];
  /** The words after `--` are a command line of its own (exec). */
  commandLine?: boolean;
}

/** A flag's key in the parsed options: "id-token" → "idToken". */
export function optionKey(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The options of a command's words, or undefined when they are not a plain, valid line. */
export function plainOptions(spec: LineSpec, words: readonly string[]): Invocation['options'] | undefined {
  const options: Invocation['options'] = {};
  for (const f of spec.flags) options[optionKey(f.flag)] = f.value ? f.default : false;
  const operands: string[] = [];
  let at = 0;
  for (; at < words.length; at++) {
    const word = words[at] as string;
    if (word === '--') break;
    if (!word.startsWith('-')) {
      operands.push(word);
      continue;
    }
    const equals = word.indexOf('=');
    const name = equals < 0 ? word : word.slice(0, equals);
    const flag = spec.flags.find((f) => `--${f.flag}` === name);
    if (!flag) return undefined;
    if (!flag.value) {
      if (equals >= 0) return undefined;
      options[optionKey(flag.flag)] = true;
      continue;
    }
    const value = equals < 0 ? words[++at] : word.slice(equals + 1);
    if (value === undefined || (equals < 0 && value.startsWith('-'))) return undefined;
    if (flag.choices && !flag.choices.includes(value)) return undefined;
    options[optionKey(flag.flag)] = value;
  }
  if (spec.commandLine) {
    const commandLine = words.slice(at + 1);
    if (at >= words.length || commandLine.length === 0) return undefined;
    options.commandLine = commandLine;
  } else if (at < words.length) return undefined;
  for (const arg of spec.args) {
    const taken = arg.variadic ? operands.splice(0) : operands.splice(0, 1);
    if (arg.required && taken.length === 0) return undefined;
    if (arg.choices && taken.some((w) => !arg.choices?.includes(w))) return undefined;
    options[arg.name] = arg.variadic ? taken : taken[0];
  }
  return operands.length === 0 ? options : undefined;
}
