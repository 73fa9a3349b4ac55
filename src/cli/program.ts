// Flag parsing only: each command's work lives in its run(opts, { io }) function, so tests inject IO.
import { Command, CommanderError, Option } from 'commander';
import { enableDebug } from '../auth/debug.js';
import { reportError } from './errors.js';
import { ENV_FORMATS, type EnvFormat } from './env-formats.js';
import type { IO } from '../app/io.js';
import { runDefault } from './default.js';
import { runStatus } from './status.js';
import { runTrust } from './trust.js';
import { runValidate } from './validate.js';

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

export async function runCli(fullArgv: readonly string[], io: IO): Promise<number> {
  const argv = withoutDebugFlag(fullArgv, io);
  let exitCode = 0;
  const program = new Command('authui')
    .description('See and manage every credential you hold: AWS, SSO, OIDC, tokens, API keys, SMTP.')
    .option(
      '--config <path>',
      'configuration file (else AUTHUI_CONFIG, ./authui.yaml, ./atmos.yaml, $XDG_CONFIG_HOME/authui/config.yaml)',
    )
    .option('--debug', 'print what authui decides and why on stderr (or to AUTHUI_DEBUG_FILE); never a secret')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Every error ends with a hint, commander's too.
      outputError: (text, write) => write(`${text.trimEnd()}\n  hint: ${usageHint(argv)}\n`),
    })
    .action(async () => {
      exitCode = await runDefault(program.opts<{ config?: string }>(), { io });
    });

  program
    .command('status')
    .description('show every provider and identity with its state and expiry (no network)')
    .option('--json', 'print the versioned JSON document described in the README')
    .action(async (opts: { json?: boolean }) => {
      exitCode = await runStatus({ ...program.opts(), json: opts.json === true }, { io });
    });

  program
    .command('validate')
    .description('check the configuration and print every problem with file:line:column')
    .action(async () => {
      exitCode = await runValidate(program.opts(), { io });
    });

  program
    .command('trust')
    .argument('[path]', 'the configuration file (default: ./authui.yaml or ./atmos.yaml)')
    .description('use a configuration found in the working directory (until it changes)')
    .action(async (path: string | undefined) => {
      exitCode = await runTrust({ path }, { io });
    });

  program
    .command('login')
    .argument('[name]', 'identity or provider (default: the one marked default)')
    .option(
      '--no-verify',
      'store an API key or SMTP password without checking it with the provider (shown as not validated)',
    )
    .option('--open', 'open browser sign-ins in the system browser (the link is printed either way)')
    .description('log in, walking the chain from its root; prompts only in a terminal')
    .action(async (name: string | undefined, opts: { verify: boolean; open?: boolean }) => {
      const { runLogin } = await import('./aws.js');
      exitCode = await runLogin({ ...program.opts(), name, noVerify: !opts.verify, open: opts.open }, { io });
    });

  program
    .command('logout')
    .argument('[name]', 'identity whose chain to log out (none in a terminal: choose interactively)')
    .option('--provider <name>', 'the provider and every identity that comes via it')
    .option('--all', 'everything authui stored')
    .option('--yes', 'confirm --all without asking')
    .option('--confirm', 'the same as --yes')
    .option('--keep-provider', 'keep the provider session (next login needs no browser/MFA)')
    .option('--dry-run', 'print what would be removed; change nothing')
    .option('--json', 'print the JSON report (see the README)')
    .option('--strict', 'exit 4 when some removals failed (by default any success exits 0)')
    .description('remove credentials authui stored, precisely, with a per-item report')
    .action(
      async (
        name: string | undefined,
        opts: {
          provider?: string;
          all?: boolean;
          yes?: boolean;
          confirm?: boolean;
          keepProvider?: boolean;
          dryRun?: boolean;
          json?: boolean;
          strict?: boolean;
        },
      ) => {
        const { runLogout } = await import('./logout.js');
        exitCode = await runLogout(
          {
            ...program.opts(),
            name,
            provider: opts.provider,
            all: opts.all === true,
            yes: opts.yes === true || opts.confirm === true,
            keepProvider: opts.keepProvider === true,
            dryRun: opts.dryRun === true,
            json: opts.json === true,
            strict: opts.strict === true,
          },
          { io },
        );
      },
    );

  program
    .command('cleanup-expired')
    .option('--dry-run', 'print what would be removed; change nothing')
    .option('--json', 'print the JSON report (see the README)')
    .option('--strict', 'exit 4 when some removals failed (by default any success exits 0)')
    .description('remove sessions that have already expired; long-term keys stay')
    .action(async (opts: { dryRun?: boolean; json?: boolean; strict?: boolean }) => {
      const { runCleanupExpired } = await import('./logout.js');
      exitCode = await runCleanupExpired(
        {
          ...program.opts(),
          dryRun: opts.dryRun === true,
          json: opts.json === true,
          strict: opts.strict === true,
        },
        { io },
      );
    });

  program
    .command('credential-process')
    .argument('<name>', 'an AWS identity')
    .description('print credentials in the AWS credential_process format (Version 1)')
    .action(async (name: string) => {
      const { runCredentialProcess } = await import('./credential-process.js');
      exitCode = await runCredentialProcess({ ...program.opts(), name }, { io });
    });

  program
    .command('token')
    .argument('<name>', 'a token-service or oidc provider, or an API key')
    .option('--ws', 'mint and print a fresh WebSocket token (token services; never stored)')
    .option('--id-token', 'print the OpenID Connect ID token instead')
    .description('print a valid bearer token (renewed first when it is about to expire), nothing else')
    .action(async (name: string, opts: { ws?: boolean; idToken?: boolean }) => {
      const { runToken } = await import('./token.js');
      exitCode = await runToken(
        { ...program.opts(), name, ws: opts.ws === true, idToken: opts.idToken === true },
        { io },
      );
    });

  program
    .command('env')
    .argument('[name]', 'a provider or identity (default: the one marked default)')
    .description("print the node's variables; secrets only with --reveal (their names otherwise)")
    .addOption(new Option('--format <format>', 'output format').choices(ENV_FORMATS).default('bash'))
    .option('--reveal', 'also print the secrets (keys, tokens, session credentials)')
    .action(async (name: string | undefined, opts: { format: EnvFormat; reveal?: boolean }) => {
      const { runEnv } = await import('./env.js');
      exitCode = await runEnv({ ...program.opts(), name, format: opts.format, reveal: opts.reveal === true }, { io });
    });

  program
    .command('exec')
    .argument('<args...>', 'NAME [NAME…] -- command args… (or NAME command args…)')
    .description("run a command with the nodes' exports (credentials refreshed if needed)")
    .action(async (operands: string[]) => {
      // Commander hands over the words after "--" as operands too; the raw argv says where it was.
      const dashes = argv.indexOf('--');
      const tail = dashes < 0 ? operands.length - 1 : argv.length - dashes - 1;
      const names = operands.slice(0, operands.length - tail);
      const { runExec } = await import('./exec.js');
      exitCode = await runExec(
        { ...program.opts(), names, command: operands.slice(operands.length - tail) },
        { io, replaceProcess: true },
      );
    });

  program
    .command('whoami')
    .argument('[name]', 'an AWS identity (default: the one marked default)')
    .option('--json', 'print JSON')
    .description("ask STS who the identity's credentials belong to")
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const { runWhoami } = await import('./aws.js');
      exitCode = await runWhoami({ ...program.opts(), name, json: opts.json === true }, { io });
    });

  program
    .command('test')
    .argument('<name>', 'any provider or identity')
    .option('--json', 'print the outcome as JSON (also when it fails)')
    .option('--send-to <address>', 'SMTP accounts: also send a test message there (nothing is sent otherwise)')
    .description("the kind's connection test: exit 0 passes, 1 fails, 3 needs a login")
    .action(async (name: string, opts: { json?: boolean; sendTo?: string }) => {
      const { runConnectionTest } = await import('./connection-test.js');
      exitCode = await runConnectionTest(
        { ...program.opts(), name, json: opts.json === true, sendTo: opts.sendTo },
        { io },
      );
    });

  program
    .command('console')
    .argument('<name>', 'an AWS identity')
    .option('--print', 'print the sign-in link instead of opening it')
    .option('--region <region>', "the console region (default: the identity's)")
    .option('--destination <url>', 'the console page to land on')
    .description('sign in to the AWS console with the identity (federation sign-in link)')
    .action(async (name: string, opts: { print?: boolean; region?: string; destination?: string }) => {
      const { runConsole } = await import('./console.js');
      exitCode = await runConsole({ ...program.opts(), name, print: opts.print === true, ...opts }, { io });
    });

  program
    .command('rotate')
    .argument('<name>', 'an aws/user identity')
    .option('--dry-run', 'say what would happen; change nothing')
    .description('replace the access keys of an aws/user (create, verify, store, delete the old)')
    .action(async (name: string, opts: { dryRun?: boolean }) => {
      const { runRotate } = await import('./rotate.js');
      exitCode = await runRotate({ ...program.opts(), name, dryRun: opts.dryRun === true }, { io });
    });

  program
    .command('import')
    .description('bring existing configuration over (import aws)')
    .command('aws')
    .description('map an AWS config file (~/.aws/config, read only) to authui YAML')
    .option('--from <path>', 'the AWS config file (default $AWS_CONFIG_FILE or ~/.aws/config)')
    .option(
      '--credentials <path>',
      'the AWS credentials file (default $AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)',
    )
    .option('--write <path>', 'write the YAML there instead of stdout (not over an existing file)')
    .option('--force', 'with --write: replace an existing file')
    .option('--dry-run', 'print what would be written; write and store nothing')
    .option('--keys', "with --write: copy static keys from the credentials file into authui's credential store")
    .action(
      async (opts: {
        from?: string;
        credentials?: string;
        write?: string;
        force?: boolean;
        dryRun?: boolean;
        keys?: boolean;
      }) => {
        const { runImportAws } = await import('./import-aws.js');
        exitCode = await runImportAws(opts, { io });
      },
    );

  program
    .command('completion')
    .argument('<shell>', 'bash, zsh or fish')
    .description('print a shell completion script (commands, flags, and the names in your config)')
    .action(async (shell: string) => {
      const { runCompletion } = await import('./completion.js');
      exitCode = await runCompletion({ shell }, { io });
    });

  program
    .command('__complete', { hidden: true })
    .argument('<what>', 'names')
    .action(async () => {
      const { runCompleteNames } = await import('./completion.js');
      exitCode = await runCompleteNames(program.opts(), { io });
    });

  program
    .command('demo', { hidden: false })
    .description('open the dashboard on a sample setup in a throwaway directory (no account needed)')
    .option('--identities <n>', 'add N synthetic identities (load testing)', (v) => Number.parseInt(v, 10))
    .option('--dir <path>', 'use and keep this directory instead of a temp dir')
    .action(async (opts: { identities?: number; dir?: string }) => {
      const { runDemo } = await import('./demo.js');
      exitCode = await runDemo(opts, { io });
    });

  // The bare `authui` is a command of its own (the dashboard), so commander would call an
  // unknown word "too many arguments": say what it is, and the nearest command.
  const word = commandWord(argv);
  const known = program.commands.map((c) => c.name()).filter((name) => !name.startsWith('__'));
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
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors exit 2 (commander has already printed them).
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(io.stderr, error);
  }
  return exitCode;
}
