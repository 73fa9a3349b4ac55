// `authui status [--json]`: what is logged in and for how long. No network, no Ink.
import type { NodeStatus } from '../auth/engine/views.js';
import { formatRemaining } from '../auth/duration.js';
import { STATE_LABEL, STATE_SYMBOL } from '../auth/status.js';
import { printWarnings, type CommandDeps } from '../app/app.js';
import { statusJson } from './status-document.js';
import { visible } from '../auth/visible.js';

export interface StatusOptions {
  json: boolean;
}

/** The provider a node ultimately comes from (its chain's root, when that is a provider). */
function rootProvider(byId: ReadonlyMap<string, NodeStatus>, node: NodeStatus): string {
  let current: NodeStatus | undefined = node;
  while (current?.parent) current = byId.get(current.parent);
  return current?.type === 'provider' ? current.name : '—';
}

export async function statusTable(nodes: NodeStatus[], now: number): Promise<string> {
  // Loaded here: `status --json` (prompts, scripts) measures no text.
  const { renderTable } = await import('./table.js');
  if (nodes.length === 0) return 'No providers or identities are configured.\n';
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rows = nodes.map((n) => [
    n.type === 'provider' ? n.name : rootProvider(byId, n),
    n.type === 'identity' ? `${'  '.repeat(Math.max(0, n.depth - 1))}${n.name}` : '—',
    n.kind,
    `${STATE_SYMBOL[n.state]} ${STATE_LABEL[n.state]}`,
    n.account ?? '—',
    n.region ?? '—',
    n.state === 'logged_out' ? '—' : n.expiresAt === undefined ? 'never' : formatRemaining(n.expiresAt - now),
  ]);
  // Token services, API keys and SMTP accounts talk to a server as a user (the token-service
  // spec's status shows both): two more columns, only when some row has a server.
  if (!nodes.some((n) => n.server))
    return renderTable(['Provider', 'Identity', 'Kind', 'State', 'Account', 'Region', 'Expires'], rows);
  const withServer = rows.map((row, i) => {
    const n = nodes[i] as NodeStatus;
    return [...row, n.server ? (n.subject ?? '—') : '—', n.server ?? '—'];
  });
  return renderTable(
    ['Provider', 'Identity', 'Kind', 'State', 'Account', 'Region', 'Expires', 'User', 'Server'],
    withServer,
  );
}

export async function runStatus(opts: StatusOptions, { io, app }: CommandDeps): Promise<number> {
  const workspace = await app.workspace();
  const { engine, store, requested, fallbackReason } = workspace;
  // Kept for the next `status --json`'s answer (src/answer-main.ts) when there is no word to add.
  const listed = workspace.listRows();
  listed.keep();
  const nodes = listed.rows;
  // Read after listing, which may have a word to add (an unreadable index moved aside).
  const { warnings } = workspace;
  const backend = { active: store.backend, requested, location: store.location };
  if (opts.json) {
    io.stdout.write(statusJson(engine.config.source, { ...backend, fallbackReason }, warnings, nodes, app.clock.now()));
    return 0;
  }
  printWarnings(io, warnings);
  io.stdout.write(await statusTable(nodes, app.clock.now()));
  io.stdout.write(`\nCredentials: ${workspace.store.backend} (${visible(workspace.store.location)})\n`);
  return 0;
}
