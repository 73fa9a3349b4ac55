// `authui login [NAME]`: walks the chain from its root for any kind, prompting only in a
// terminal, then prints the chain's table.
import { formatRemaining, localDateTime } from '../auth/duration.js';
import { nonInteractive, type Engine } from '../auth/engine.js';
import type { NodeStatus } from '../auth/engine/views.js';
import { printWarnings, type CommandDeps } from '../app/app.js';
import { canPrompt } from '../app/io.js';
import { renderTable } from './table.js';

export interface LoginOptions {
  name?: string;
  noVerify?: boolean;
  open?: boolean;
}

export async function runLogin(opts: LoginOptions, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  printWarnings(io, workspace.warnings);
  const { engine } = workspace;
  const name = opts.name ?? engine.defaultNode().name;
  const prompter = canPrompt(io)
    ? (await import('../tui/inline-prompter.js')).inlinePrompter(io, {
        open: opts.open === true || workspace.browser === 'open',
      })
    : nonInteractive(name);
  await engine.login(name, prompter, { noVerify: opts.noVerify === true });
  io.stdout.write(`✓ Logged in to ${name}\n\n${loginTable(engine, name, app.clock.now())}`);
  return 0;
}

/** The chain just logged in: who, where, and how long each step lasts (and renews, where it can). */
function loginTable(engine: Engine, name: string, now: number): string {
  const chain = engine.chain(engine.resolve(name));
  const ids = new Set(chain.map((n) => n.id));
  const provider = chain.find((n) => n.type === 'provider')?.name ?? '—';
  const rows = engine.list().filter((n) => ids.has(n.id));
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
