// Logout: plan exactly what goes (store entries of the chosen nodes, the outputs of their chain
// roots), then execute best effort, every item tried, reported and audited.
import { nodeSecrets } from './node-secrets.js';
import type { NodeConfig } from '../config/types.js';
import { AuthError, withFileProblem } from '../errors.js';
import type { ItemOutcome, LogoutItem, LogoutPlan, LogoutReport, LogoutScope } from '../logout.js';
import type { ServiceDeps } from './deps.js';
import { kindOf } from './sessions.js';
import { entryName } from '../stores/types.js';
import { isoTime } from '../iso-time.js';

/** Entries the store keeps for itself (the keyring health probe), never logged out. */
const PROBE_PREFIX = '__probe__/';

export class LogoutService {
  constructor(private readonly deps: ServiceDeps) {}

  private storeItem(target: string, entry: string): LogoutItem {
    const { backend } = this.deps.sessions.store;
    const label = backend === 'system' ? 'Keyring' : `Store (${backend})`;
    const node = this.deps.graph.byIdOf(target);
    const note = node && entry === entryName.session(target) ? this.deps.kinds(node.kind)?.logoutNote : undefined;
    const root = node && this.deps.graph.root(node);
    const via = root && root.id !== node.id && root.type === 'provider' ? root.name : undefined;
    return {
      target,
      kind: 'store',
      ref: entry,
      label: `${label}: ${entry}`,
      ...(note ? { note } : {}),
      ...(via ? { via } : {}),
    };
  }

  /**
   * A session its kind can revoke, stored and readable (a damaged one is only deleted), and
   * issued by the server the configuration names: a revocation sends the token there.
   */
  private async revocable(node: NodeConfig, entries: readonly string[]): Promise<boolean> {
    if (!this.deps.kinds(node.kind)?.revoke || !entries.includes(entryName.session(node.id))) return false;
    if (!this.deps.sessions.bound(node)) return false;
    return (await this.deps.sessions.secret(node)) !== undefined;
  }

  private revokeItem(node: NodeConfig): LogoutItem {
    const server = kindOf(this.deps.kinds, node).describe(node.settings as never).subject ?? node.name;
    return { target: node.id, kind: 'revoke', ref: entryName.session(node.id), label: `Revoke at ${server}` };
  }

  /** Revokes a session at its provider; a failure is reported, and the local copy goes anyway. */
  private async revoke(item: LogoutItem): Promise<{ status: 'revoked' | 'skipped' | 'absent'; reason?: string }> {
    const { graph, sessions, kinds } = this.deps;
    const node = graph.byIdOf(item.target) as NodeConfig;
    const secret = await sessions.secret(node);
    if (secret === undefined) return { status: 'absent' };
    const outcome = await (kindOf(kinds, node).revoke as NonNullable<ReturnType<typeof kindOf>['revoke']>)(
      secret as never,
      {
        node,
        env: this.deps.env,
        paths: this.deps.paths,
        fetch: this.deps.fetch,
        secrets: nodeSecrets(sessions, node),
      },
    );
    return outcome.revoked ? { status: 'revoked' } : { status: 'skipped', reason: outcome.why };
  }

  /** Exactly what a logout would remove: for preview, --dry-run and the report. */
  async plan(scopes: LogoutScope | LogoutScope[], opts: { keepProvider?: boolean } = {}): Promise<LogoutPlan> {
    const { graph, sessions, outputs } = this.deps;
    const list = Array.isArray(scopes) ? scopes : [scopes];
    const all = list.some((s) => s.kind === 'all');
    const chosen = new Set<string>();
    const chains: string[][] = [];
    for (const scope of list) {
      if (scope.kind === 'expired') throw new AuthError('usage', 'Use planCleanupExpired for expired sessions');
      for (const node of graph.scopeNodes(scope, opts.keepProvider ?? false)) chosen.add(node.id);
      if (scope.kind === 'identity') chains.push(graph.chain(graph.resolve(scope.name)).map((n) => n.name));
    }
    // Shallowest first (a stable sort, so config order within a depth): roots before what comes via them.
    const nodes = graph.nodes
      .filter((n) => chosen.has(n.id))
      .sort((a, b) => graph.chain(a).length - graph.chain(b).length);
    const entries = await sessions.store.list();
    const items: LogoutItem[] = [];
    for (const node of nodes) {
      if (await this.revocable(node, entries)) items.push(this.revokeItem(node));
      for (const entry of entries.filter((e) => e.startsWith(`${node.id}/`)).sort())
        items.push(this.storeItem(node.id, entry));
    }
    if (all) {
      for (const entry of entries.filter((e) => !items.some((i) => i.ref === e) && !e.startsWith(PROBE_PREFIX)))
        items.push(this.storeItem('*', entry));
    }
    items.push(...outputs.plan(nodes));
    if (all) items.push(...outputs.orphans(new Set(items.map((i) => i.ref))));
    return { scopes: list, chains, nodes: nodes.map((n) => n.id), items };
  }

  /** `cleanup-expired`: sessions that have already expired go; long-term keys and renewable sessions stay. */
  async planCleanupExpired(): Promise<LogoutPlan> {
    const { graph, sessions, outputs, kinds, clock } = this.deps;
    const index = sessions.all();
    const expired: NodeConfig[] = [];
    for (const node of graph.nodes) {
      const at = index[node.id]?.expiresAt;
      if (at === undefined || Date.parse(at) > clock.now()) continue;
      // A session its kind can still renew without the user (a refresh token) stays.
      const secret = sessions.bound(node) ? await sessions.secret(node) : undefined;
      if (secret !== undefined && kindOf(kinds, node).renewable?.(secret as never, this.deps.clock.now())) continue;
      expired.push(node);
    }
    const entries = new Set(await sessions.store.list());
    const items = expired
      .filter((n) => entries.has(entryName.session(n.id)))
      .map((n) => this.storeItem(n.id, entryName.session(n.id)));
    return {
      scopes: [{ kind: 'expired' }],
      chains: [],
      nodes: expired.map((n) => n.id),
      items: [...items, ...outputs.plan(expired)],
    };
  }

  /** Best effort: every item is tried, every outcome reported and audited. */
  async execute(plan: LogoutPlan, opts: { dryRun?: boolean } = {}): Promise<LogoutReport> {
    if (opts.dryRun) {
      const planned = plan.items.map((i): ItemOutcome => ({
        ...i,
        status: i.kind === 'rewrite' ? 'rewritten' : i.kind === 'revoke' ? 'revoked' : 'removed',
      }));
      return {
        plan,
        dryRun: true,
        items: planned,
        removed: planned.filter((i) => i.status === 'removed').length,
        failed: 0,
      };
    }
    const { sessions, outputs, audit, clock } = this.deps;
    const outcomes: ItemOutcome[] = [];
    type Status = ItemOutcome['status'];
    const attempt = async (
      item: LogoutItem,
      work: () => Promise<Status | { status: Status; reason?: string }> | Status,
    ) => {
      let outcome: ItemOutcome;
      try {
        const done = await work();
        outcome = typeof done === 'string' ? { ...item, status: done } : { ...item, ...done };
      } catch (error) {
        const failure = withFileProblem(error);
        outcome = { ...item, status: 'failed', reason: failure instanceof Error ? failure.message : String(failure) };
      }
      outcomes.push(outcome);
      const failed = outcome.status === 'failed';
      audit.append({
        time: isoTime(clock.now()),
        event: 'logout',
        target: item.target,
        item: item.label,
        outcome: failed ? 'failed' : 'ok',
        detail: failed ? outcome.reason : outcome.status,
      });
    };
    // Revocation first: it needs the tokens (and a client secret) that the store items remove.
    for (const item of plan.items.filter((i) => i.kind === 'revoke')) await attempt(item, () => this.revoke(item));
    for (const item of plan.items.filter((i) => i.kind === 'store'))
      await attempt(item, async (): Promise<Status> =>
        (await sessions.store.delete(item.ref)) ? 'removed' : 'absent',
      );
    await sessions.forget(plan.nodes);
    for (const item of plan.items.filter((i) => i.kind === 'rewrite'))
      await attempt(item, async (): Promise<Status> => (await outputs.rewrite(item), 'rewritten'));
    for (const item of plan.items.filter((i) => i.kind === 'files')) await attempt(item, () => outputs.remove(item));
    this.deps.changed();
    return {
      plan,
      dryRun: false,
      items: outcomes,
      removed: outcomes.filter((o) => o.status === 'removed').length,
      failed: outcomes.filter((o) => o.status === 'failed').length,
    };
  }
}
