// `authui status [--json]`: what is logged in and for how long. No network, no Ink.
import type { NodeStatus } from '../auth/engine/views.js';
import { formatRemaining } from '../auth/duration.js';
import { STATE_LABEL, STATE_SYMBOL } from '../auth/status.js';
import { printWarnings, type CommandDeps, type Workspace } from '../app/app.js';
import { isoTime } from '../auth/iso-time.js';

export interface StatusOptions {
  json: boolean;
}

/** Version of the `status --json` document; bump on any incompatible change (README documents it). */
export const STATUS_SCHEMA_VERSION = 1;

export function statusDocument(
  { engine, store, requested, fallbackReason, warnings }: Workspace,
  nodes: NodeStatus[],
  now: number,
): Record<string, unknown> {
  return {
    schemaVersion: STATUS_SCHEMA_VERSION,
    generatedAt: isoTime(now),
    config: engine.config.source,
    backend: {
      active: store.backend,
      requested,
      location: store.location,
      fallbackReason: fallbackReason ?? null,
    },
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.type,
      name: n.name,
      kind: n.kind,
      parent: n.parent ?? null,
      depth: n.depth,
      default: n.default,
      state: n.state,
      expiresAt: n.expiresAt === undefined ? null : isoTime(n.expiresAt),
      expiresInSeconds: n.expiresAt === undefined ? null : Math.max(0, Math.floor((n.expiresAt - now) / 1000)),
      account: n.account ?? null,
      region: n.region ?? null,
      subject: n.subject ?? null,
      server: n.server ?? null,
      renewableUntil: n.renewableUntil === undefined ? null : isoTime(n.renewableUntil),
      fallback: n.fallback ?? null,
      backend: n.backend ?? null,
    })),
    warnings,
  };
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
  const nodes = workspace.engine.list();
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(statusDocument(workspace, nodes, app.clock.now()), null, 2)}\n`);
    return 0;
  }
  printWarnings(io, workspace.warnings);
  io.stdout.write(await statusTable(nodes, app.clock.now()));
  io.stdout.write(`\nCredentials: ${workspace.store.backend} (${workspace.store.location})\n`);
  return 0;
}
