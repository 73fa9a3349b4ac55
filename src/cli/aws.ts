// Commands about AWS sessions: login (with the chain's table) and whoami. credential-process,
// env and exec have modules of their own, so the hot path (src/fast-main.ts) loads only what it runs.
import { formatRemaining, localDateTime } from '../auth/duration.js';
import { nonInteractive, type NodeStatus } from '../auth/engine.js';
import { openApp, printWarnings, type App, type GlobalOptions } from '../app/app.js';
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
    // As the recovery PRD shows it: the local date, time and zone, and the time left.
    [
      'Expires',
      (n) =>
        n.expiresAt === undefined ? 'never' : `${localDateTime(n.expiresAt)} (${formatRemaining(n.expiresAt - now)})`,
    ],
    ['Renewable for', (n) => (n.renewableUntil === undefined ? undefined : formatRemaining(n.renewableUntil - now))],
  ];
  // A column nobody in the chain fills is left out (no Account for a token service, no Server for AWS).
  const shown = columns.filter(([title, cell]) => title === 'Provider' || rows.some((n) => cell(n) !== undefined));
  return renderTable(
    shown.map(([title]) => title),
    rows.map((n) => shown.map(([, cell]) => cell(n) ?? '—')),
  );
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
