// The hot paths' command lines, matched by the hot paths' bundle (src/fast-main.ts) before
// anything else runs, from the command table (cli/commands.ts): a command marked `fast`, its
// arguments and flags in their plain forms (`--flag value`, `--flag=value`, in any order, with
// `--config PATH` first).
// Anything else, --help, --debug and every error included, goes to commander, which agrees on
// every line accepted here (test/cli/command-table.test.ts).
import { COMMANDS, type CommandSpec, type Invocation } from './commands.js';
import { plainOptions } from './plain-line.js';

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
