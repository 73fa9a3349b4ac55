// Keeps the kinds' outputs (files for other tools) in step with the sessions: after every save,
// and when a logout leaves some sessions of a chain root behind.
import type { NodeConfig } from '../config/types.js';
import type { LogoutItem } from '../logout.js';
import type { LiveSession, Output, OutputContext, OutputDetail } from '../kind.js';
import type { NodeGraph } from './graph.js';
import type { KindLookup } from './binding.js';
import { kindOf, type SessionRepository } from './sessions.js';

export class Outputs {
  private every: readonly Output[] | undefined;

  constructor(
    private readonly graph: NodeGraph,
    private readonly sessions: SessionRepository,
    private readonly kinds: KindLookup,
    private readonly ctx: OutputContext,
  ) {}

  private of(node: NodeConfig): readonly Output[] {
    return this.kinds(node.kind)?.outputs ?? [];
  }

  /** Every output some configured kind writes; worked out once, when first needed. */
  private get all(): readonly Output[] {
    this.every ??= [...new Set(this.graph.nodes.flatMap((n) => this.of(n)))];
    return this.every;
  }

  private byName(name: string | undefined): Output | undefined {
    return this.all.find((o) => o.name === name);
  }

  /** Rewrites one output for a chain root from the live sessions under it. */
  private async syncRoot(output: Output, root: NodeConfig): Promise<void> {
    const sessions = this.sessions.all();
    const live: LiveSession[] = [];
    for (const node of this.graph.nodes) {
      if (this.graph.root(node) !== root || !this.of(node).includes(output) || !this.sessions.isLive(node.id, sessions))
        continue;
      const secret = await this.sessions.secret(node);
      if (secret !== undefined)
        live.push({
          node,
          meta: sessions[node.id] as LiveSession['meta'],
          yields: kindOf(this.kinds, node).yields(secret as never),
        });
    }
    await output.sync(root, live, this.ctx);
  }

  /** After a node's session was saved or cleared. */
  async saved(node: NodeConfig): Promise<void> {
    for (const output of this.of(node)) await this.syncRoot(output, this.graph.root(node));
  }

  /** Items for the outputs of the chain roots that `leaving` touches. */
  plan(leaving: readonly NodeConfig[]): LogoutItem[] {
    const ids = new Set(leaving.map((n) => n.id));
    const sessions = this.sessions.all();
    const items: LogoutItem[] = [];
    for (const output of this.all) {
      const roots = [...new Set(leaving.filter((n) => this.of(n).includes(output)).map((n) => this.graph.root(n)))].map(
        (root) => ({
          root,
          // The tree stays (rewritten) while a session that is not leaving still lives under the root.
          stays: this.graph.nodes.some(
            (n) =>
              !ids.has(n.id) &&
              this.graph.root(n) === root &&
              sessions[n.id]?.expiresAt !== undefined &&
              this.sessions.isLive(n.id, sessions),
          ),
        }),
      );
      items.push(...output.plan(roots, this.ctx).map((item) => ({ ...item, output: output.name })));
    }
    return items;
  }

  /** With --all: trees no configured root accounts for. */
  orphans(known: ReadonlySet<string>): LogoutItem[] {
    return this.all.flatMap((output) =>
      output.orphans(known, this.ctx).map((item) => ({ ...item, output: output.name })),
    );
  }

  remove(item: LogoutItem): 'removed' | 'absent' {
    const output = this.byName(item.output);
    if (!output) throw new Error(`no output named ${item.output ?? '(none)'}`);
    return output.remove(item, this.ctx);
  }

  async rewrite(item: LogoutItem): Promise<void> {
    const output = this.byName(item.output);
    const root = this.graph.byIdOf(item.target);
    if (!output || !root) throw new Error(`cannot rewrite ${item.ref}: unknown output or root`);
    await this.syncRoot(output, root);
  }

  describe(node: NodeConfig): OutputDetail[] {
    return this.of(node).map((output) => output.describe(node, this.graph.root(node), this.ctx));
  }
}
