// The hot paths' command lines, matched by the hot paths' bundle (src/fast-main.ts) before
// anything else runs, from the command table (cli/commands.ts): a command marked `fast`, its
// arguments and flags in their plain forms (`--flag value`, `--flag=value`, in any order, with
// `--config PATH` first).
// Anything else, --help, --debug and every error included, goes to commander, which agrees on
// every line accepted here (test/cli/command-table.test.ts).
import { COMMANDS, optionKey, type CommandSpec, type Invocation } from './commands.js';

/** The options of a fast command's words, or undefined when they are not a plain, valid line. */
function plainOptions(spec: CommandSpec, words: readonly string[]): Invocation['options'] | undefined {
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

/** The invocation of a hot path's plain command line; undefined: commander's to parse. */
export function fastInvocation(argv: readonly string[]): Invocation | undefined {
  const [first, second] = argv;
  const withConfig = first === '--config' && second !== undefined && !second.startsWith('-');
  const [word, ...words] = withConfig ? argv.slice(2) : argv;
  // A subcommand's name is its parent's word and its own ("kube token").
  const spec: CommandSpec | undefined = COMMANDS.find(
    (c) => 'fast' in c && (c.name === word || c.name === `${word} ${words[0]}`),
  );
  const options = spec && plainOptions(spec, spec.name === word ? words : words.slice(1));
  if (!spec || !options) return undefined;
  return { command: spec.name as Invocation['command'], ...(withConfig ? { config: second } : {}), options };
}
