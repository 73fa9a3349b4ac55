// The full CLI: commander's program, made from the command table (cli/commands.ts), parses the
// command line into an Invocation; the App is made once for it (app/app.ts) and the command's
// handler (cli/handlers.ts) runs with it. Tests run it in-process with an App of their own.
import { runVersion, VERSION, versionRequest } from './version.js';
import { Argument, Command, CommanderError, Option } from 'commander';
import { createApp, type App, type GlobalOptions } from '../app/app.js';
import type { IO } from '../app/io.js';
import { enableDebug } from '../auth/debug.js';
import { COMMAND_GROUPS, COMMANDS, GLOBAL_FLAGS, type CommandSpec, type Invocation } from './commands.js';
import { optionKey } from './plain-line.js';
import { runDefault } from './default.js';
import { reportError } from './errors.js';
import type { DispatchDeps } from './fast-handlers.js';
import { HANDLERS } from './handlers.js';

/** Where to look after a usage error: the command's own help, or the list of commands. */
function usageHint(argv: readonly string[]): string {
  const command = commandWord(argv);
  return command ? `"authui ${command} --help" shows what it takes.` : '"authui --help" lists the commands.';
}

/** The command word of a command line: the first word that is not the global --config PATH. */
function commandWord(argv: readonly string[]): string | undefined {
  const rest = argv[0] === '--config' ? argv.slice(2) : argv;
  const word = rest[0];
  return word === undefined || word.startsWith('-') ? undefined : word;
}

/** Edit distance, for "did you mean": small words, so the plain table is enough. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length] as number;
}

/** `--debug` anywhere before a `--`: debug mode (auth/debug.ts) for the whole run; the rest of the line. */
function withoutDebugFlag(argv: readonly string[], io: IO): readonly string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const at = argv.slice(0, end).indexOf('--debug');
  if (at < 0) return argv;
  enableDebug(io.env);
  return [...argv.slice(0, at), ...argv.slice(at + 1)];
}

/** A flag as commander declares it: `--name` or `--name <value>`. */
function flagText(flag: { flag: string; value?: string }): string {
  return flag.value ? `--${flag.flag} <${flag.value}>` : `--${flag.flag}`;
}

/** The options commander parsed, in the Invocation's shape (the one cli/fast-argv.ts makes). */
function invocationOptions(
  spec: CommandSpec,
  operands: unknown[],
  opts: Record<string, unknown>,
  argv: readonly string[],
): Invocation['options'] {
  const options: Invocation['options'] = {};
  for (const f of spec.flags) {
    const key = optionKey(f.flag);
    // Commander keeps `--no-x` as x = false.
    if (f.flag.startsWith('no-')) options[key] = opts[optionKey(f.flag.slice(3))] === false;
    else if (f.value) options[key] = (opts[key] as string | undefined) ?? f.default;
    else options[key] = opts[key] === true;
  }
  if (spec.commandLine) {
    // Commander hands over the words after "--" as operands too; the raw argv says where it was.
    // Without "--", the first word is the name and the rest the command line.
    const all = operands[0] as string[];
    const dashes = argv.indexOf('--');
    const tail = dashes < 0 ? all.length - 1 : argv.length - dashes - 1;
    options.names = all.slice(0, all.length - tail);
    options.commandLine = all.slice(all.length - tail);
    return options;
  }
  spec.args.forEach((arg, i) => {
    const value = operands[i] as string | string[] | undefined;
    options[arg.name] = arg.variadic ? (value ?? []) : value;
  });
  return options;
}

/** Commander's program for the table; `onInvoke` gets what the command line asks for. */
export function buildProgram(
  io: IO,
  argv: readonly string[],
  onInvoke: (invocation: Invocation | GlobalOptions) => void,
): Command {
  const program = new Command('authui')
    .description('See and manage every credential you hold: AWS, SSO, OIDC, tokens, API keys, SMTP.')
    .version(VERSION, '-V, --version', 'the version, the runtime and the credential backend (--json for bug reports)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Every error ends with a hint, commander's too.
      outputError: (text, write) => write(`${text.trimEnd()}\n  hint: ${usageHint(argv)}\n`),
    })
    .action(() => onInvoke(program.opts<GlobalOptions>()));
  for (const f of GLOBAL_FLAGS) program.option(flagText(f), f.description);
  const parents = new Map<string, Command>();
  for (const spec of COMMANDS as readonly CommandSpec[]) {
    const [first, sub] = spec.name.split(' ') as [string, string | undefined];
    let parent = program;
    if (sub) {
      parent = parents.get(first) ?? program.command(first).description(COMMAND_GROUPS[first] ?? first);
      parents.set(first, parent);
    }
    const command = parent.command(sub ?? first, { hidden: spec.hidden === true }).description(spec.description);
    if (spec.commandLine) command.argument('<args...>', 'NAME [NAME…] -- command args… (or NAME command args…)');
    else
      for (const arg of spec.args) {
        const argument = new Argument(
          arg.required ? `<${arg.name}${arg.variadic ? '...' : ''}>` : `[${arg.name}${arg.variadic ? '...' : ''}]`,
          arg.description,
        );
        command.addArgument(arg.choices ? argument.choices(arg.choices) : argument);
      }
    for (const f of spec.flags) {
      const option = new Option(flagText(f), f.description);
      if (f.choices) option.choices(f.choices);
      if (f.default !== undefined) option.default(f.default);
      command.addOption(option);
    }
    command.action((...params: unknown[]) => {
      const operands = params.slice(0, spec.commandLine ? 1 : spec.args.length);
      const opts = params[operands.length] as Record<string, unknown>;
      onInvoke({
        command: spec.name as Invocation['command'],
        ...program.opts<GlobalOptions>(),
        options: invocationOptions(spec, operands, opts, argv),
      });
    });
  }
  return program;
}

/** What a command line asks for: an invocation, the dashboard (global options only), or an exit code (help, version, usage errors; already printed). */
export async function parseCommandLine(argv: readonly string[], io: IO): Promise<Invocation | GlobalOptions | number> {
  let invoked: Invocation | GlobalOptions = {};
  const program = buildProgram(io, argv, (invocation) => (invoked = invocation));
  // The bare `authui` is a command of its own (the dashboard), so commander would call an
  // unknown word "too many arguments": say what it is, and the nearest command.
  const word = commandWord(argv);
  const known = [...new Set(COMMANDS.filter((c) => !('hidden' in c)).map((c) => c.name.split(' ')[0] as string))];
  if (word !== undefined && !program.commands.some((c) => c.name() === word)) {
    const nearest = known
      .map((name) => ({ name, d: distance(word, name) }))
      .filter(({ name, d }) => d <= Math.max(2, Math.floor(name.length / 3)))
      .sort((a, b) => a.d - b.d)[0]?.name;
    io.stderr.write(
      `error: unknown command ${JSON.stringify(word)}${nearest ? ` (did you mean ${nearest}?)` : ''}\n  hint: "authui --help" lists the commands.\n`,
    );
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Help and version exit 0; usage errors exit 2 (commander has already printed them).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return invoked;
}

export interface CliDeps {
  io: IO;
  /** Makes the run's App for the global options (tests give theirs); createApp otherwise. */
  makeApp?: (global: GlobalOptions) => App;
  replaceProcess?: boolean;
}

/** Runs a command line: parses it, makes the App once, and dispatches to the command's handler. */
export async function runCli(fullArgv: readonly string[], { io, makeApp, replaceProcess }: CliDeps): Promise<number> {
  const argv = withoutDebugFlag(fullArgv, io);
  try {
    const version = versionRequest(argv.filter((w, i) => !(w === '--config' || argv[i - 1] === '--config')));
    if (version) {
      const configAt = argv.indexOf('--config');
      const global: GlobalOptions = configAt >= 0 && argv[configAt + 1] ? { config: argv[configAt + 1] } : {};
      return await runVersion(version, { io, app: makeApp?.(global) ?? createApp({ io, global }) });
    }
    const parsed = await parseCommandLine(argv, io);
    if (typeof parsed === 'number') return parsed;
    const global: GlobalOptions = parsed.config === undefined ? {} : { config: parsed.config };
    const app = makeApp?.(global) ?? createApp({ io, global });
    const deps: DispatchDeps = { io, app, replaceProcess };
    if (!('command' in parsed)) return await runDefault({}, deps);
    return await HANDLERS[parsed.command](parsed.options, deps);
  } catch (error) {
    return reportError(io.stderr, error);
  }
}
