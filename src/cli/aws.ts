// Commands that hand AWS credentials to other tools: login, credential-process, env, exec, whoami.
import { spawn } from 'node:child_process';
import { formatRemaining } from '../auth/duration.js';
import { nonInteractive, type NodeStatus } from '../auth/engine.js';
import { AuthError } from '../auth/errors.js';
import { openApp, printWarnings, type App, type GlobalOptions } from '../app/app.js';
import { withBroker } from '../app/brokered.js';
import { canPrompt, type CommandDeps } from '../app/io.js';
import { testTable } from './connection-test.js';
import { renderTable } from './table.js';

function target(app: App, name: string | undefined): string {
  return name ?? app.engine.defaultNode().name;
}

export async function runLogin(
  opts: GlobalOptions & { name?: string; noVerify?: boolean; open?: boolean },
  { io }: CommandDeps,
): Promise<number> {
  const app = await openApp(io, opts);
  printWarnings(io, app.warnings);
  const name = target(app, opts.name);
  const prompter = canPrompt(io)
    ? (await import('../tui/inline-prompter.js')).inlinePrompter(io, {
        open: opts.open === true || app.browser === 'open',
      })
    : nonInteractive(name);
  await app.engine.login(name, prompter, { noVerify: opts.noVerify === true });
  io.stdout.write(`✓ Logged in to ${name}\n\n${loginTable(app, name)}`);
  return 0;
}

/** The chain just logged in: who, where, and how long each step lasts (and renews, where it can). */
function loginTable(app: App, name: string): string {
  const chain = app.engine.chain(app.engine.resolve(name));
  const ids = new Set(chain.map((n) => n.id));
  const now = app.clock.now();
  const provider = chain.find((n) => n.type === 'provider')?.name ?? '—';
  const rows = app.engine.list().filter((n) => ids.has(n.id));
  const columns: [string, (n: NodeStatus) => string | undefined][] = [
    ['Provider', () => provider],
    ['Identity', (n) => (n.type === 'identity' ? n.name : '—')],
    ['Account', (n) => n.account],
    ['Region', (n) => n.region],
    ['User', (n) => (n.server ? n.subject : undefined)],
    ['Server', (n) => n.server],
    ['Expires', (n) => (n.expiresAt === undefined ? 'never' : formatRemaining(n.expiresAt - now))],
    ['Renewable for', (n) => (n.renewableUntil === undefined ? undefined : formatRemaining(n.renewableUntil - now))],
  ];
  // A column nobody in the chain fills is left out (no Account for a token service, no Server for AWS).
  const shown = columns.filter(([title, cell]) => title === 'Provider' || rows.some((n) => cell(n) !== undefined));
  return renderTable(
    shown.map(([title]) => title),
    rows.map((n) => shown.map(([, cell]) => cell(n) ?? '—')),
  );
}

type EnvFormat = 'bash' | 'json' | 'dotenv' | 'github';

function formatEnv(vars: Record<string, string>, format: EnvFormat): string {
  const entries = Object.entries(vars);
  switch (format) {
    case 'json':
      return `${JSON.stringify(vars, null, 2)}\n`;
    case 'dotenv':
      return entries.map(([k, v]) => `${k}=${JSON.stringify(v)}\n`).join('');
    case 'github':
      // Lines for $GITHUB_ENV; values here never contain newlines (paths are validated).
      return entries.map(([k, v]) => `${k}=${v}\n`).join('');
    default:
      return entries.map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'\n`).join('');
  }
}

export async function runEnv(
  opts: GlobalOptions & { name?: string; format: EnvFormat; reveal?: boolean },
  { io }: CommandDeps,
): Promise<number> {
  const app = await openApp(io, opts);
  const name = target(app, opts.name);
  const { variables, secrets, hidden, warning } = await withBroker(app, io, name, `authui env ${name}`, () =>
    app.engine.exports(name, { secrets: opts.reveal === true }),
  );
  if (warning) io.stderr.write(`warning: ${warning}\n`);
  io.stdout.write(formatEnv({ ...variables, ...secrets }, opts.format));
  // A secret is never printed by accident: its names are listed, with the two ways to get it.
  if (hidden?.length)
    io.stderr.write(
      `# not shown: ${hidden.join(', ')}. Run a command with them: authui exec ${name} -- CMD, or print them: authui env ${name} --reveal\n`,
    );
  return 0;
}

/** Every node's exports for `exec`, merged; a variable two of them set is a usage error. */
async function mergedExports(app: App, names: string[], io: CommandDeps['io']): Promise<Record<string, string>> {
  const merged: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const name of names) {
    const { variables, secrets, warning } = await withBroker(app, io, name, `authui exec ${name}`, () =>
      app.engine.exports(name, { secrets: true }),
    );
    if (warning) io.stderr.write(`warning: ${warning}\n`);
    for (const [key, value] of Object.entries({ ...variables, ...secrets })) {
      if (from[key] !== undefined && merged[key] !== value)
        throw new AuthError('usage', `${key} is set by both ${from[key]} and ${name}`, {
          hint: 'Run them in separate exec calls, or rename the variables (api-key/generic: env:).',
        });
      merged[key] = value;
      from[key] = name;
    }
  }
  return merged;
}

export async function runExec(
  opts: GlobalOptions & { names: string[]; command: string[] },
  { io }: CommandDeps,
): Promise<number> {
  const [command, ...args] = opts.command;
  if (!command) throw new AuthError('usage', 'No command given', { hint: 'authui exec NAME [NAME…] -- command args…' });
  const app = await openApp(io, opts);
  const names = opts.names.length ? opts.names : [target(app, undefined)];
  const exported = await mergedExports(app, names, io);
  const env: NodeJS.ProcessEnv = { ...io.env, ...exported };
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, cwd: io.cwd });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    const done = (code: number) => {
      for (const s of signals) process.off(s, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      io.stderr.write(
        `error: cannot run ${command}: ${(error as NodeJS.ErrnoException).code ?? error.message}\n  hint: check the command name and your PATH.\n`,
      );
      done(127);
    });
    child.on('exit', (code, signal) =>
      done(
        code ??
          128 +
            (signal ? (({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 } as Record<string, number>)[signal] ?? 1) : 1),
      ),
    );
  });
}

export async function runWhoami(
  opts: GlobalOptions & { name?: string; json: boolean },
  { io }: CommandDeps,
): Promise<number> {
  const app = await openApp(io, opts);
  const name = target(app, opts.name);
  // The kind's connection test (STS GetCallerIdentity for AWS identities), with a valid session.
  const result = await app.engine.test(name);
  const doc = {
    identity: name,
    ...Object.fromEntries(result.facts.map((f) => [f.key, f.value])),
    expiresAt: result.expiresAt ?? null,
  };
  if (opts.json) io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else io.stdout.write(testTable('Identity', name, result, app.clock.now()));
  return 0;
}
