// The configured nodes as a graph: names to nodes, chains (root first), the via tree, and what
// a logout scope covers. Pure config: no store, no network.
import type { Config, NodeConfig } from '../config/types.js';
import { nodeId } from '../config/types.js';
import { AuthError } from '../errors.js';
import type { LogoutScope } from '../logout.js';
import { shellWord } from '../names.js';

/**
 * Every node in tree order, in columns (an object per node would be a megabyte at 20,000):
 * `nodes[i]`'s depth (roots are 0) and the position of the node it comes via (-1 for a root).
 */
export interface Tree {
  nodes: readonly NodeConfig[];
  depth: Int32Array;
  parentAt: Int32Array;
}

export class NodeGraph {
  private readonly byId: Map<string, NodeConfig>;
  /** tree(), made once per set of nodes: the dashboard lists every 5 s. */
  private ordered: Tree | undefined;

  constructor(readonly config: Config) {
    this.byId = new Map(config.nodes.map((n) => [n.id, n]));
  }

  /** Adds identities a provider discovered at login (config/discovered.ts): the configuration grows, the file does not. */
  add(nodes: readonly NodeConfig[]): void {
    for (const node of nodes) {
      this.config.nodes.push(node);
      this.byId.set(node.id, node);
    }
    this.ordered = undefined;
  }

  get nodes(): readonly NodeConfig[] {
    return this.config.nodes;
  }

  byIdOf(id: string): NodeConfig | undefined {
    return this.byId.get(id);
  }

  parentOf(node: NodeConfig): NodeConfig | undefined {
    return node.via ? this.byRef(node.via) : undefined;
  }

  /** The node whose key stands in when this one cannot be renewed (`fallback:`). */
  fallbackOf(node: NodeConfig): NodeConfig | undefined {
    return node.fallback ? this.byRef(node.fallback) : undefined;
  }

  /** The node a `via:` or `fallback:` reference names. */
  byRef(ref: { type: NodeConfig['type']; name: string }): NodeConfig | undefined {
    return this.byId.get(nodeId(ref.type, ref.name));
  }

  /** The node for a name: identities first, then providers (names are unique across both). */
  resolve(name: string): NodeConfig {
    const node = this.byId.get(nodeId('identity', name)) ?? this.byId.get(nodeId('provider', name));
    if (node) return node;
    const named = (type: NodeConfig['type']) => this.config.nodes.filter((n) => n.type === type).map((n) => n.name);
    const [identities, providers] = [named('identity'), named('provider')];
    // As the logout PRD lists them: identities and providers apart.
    throw new AuthError('unknown_target', `No provider or identity named "${name}"`, {
      explanation:
        [
          identities.length ? `Available identities: ${identities.join(', ')}` : '',
          providers.length ? `Available providers: ${providers.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('\n') || undefined,
      hint:
        identities.length + providers.length
          ? 'Check the spelling; "authui status" shows them all.'
          : 'The configuration defines no providers or identities.',
    });
  }

  /** The default identity, for commands run without a name. */
  defaultNode(): NodeConfig {
    const node = this.config.nodes.find((n) => n.default);
    if (node) return node;
    throw new AuthError('usage', 'No name given and no identity is marked default', {
      hint: 'Pass a name, or set "default: true" on one identity.',
    });
  }

  /** Root first, node last. */
  chain(node: NodeConfig): NodeConfig[] {
    const out: NodeConfig[] = [];
    for (let current: NodeConfig | undefined = node; current; current = this.parentOf(current)) out.unshift(current);
    return out;
  }

  root(node: NodeConfig): NodeConfig {
    return this.chain(node)[0] as NodeConfig;
  }

  /** Every node in tree order (each after the one it comes via), with its depth and its parent's place. */
  tree(): Tree {
    if (this.ordered) return this.ordered;
    const children = new Map<string | undefined, NodeConfig[]>();
    for (const node of this.config.nodes) {
      const parent = node.via ? nodeId(node.via.type, node.via.name) : undefined;
      // Push, not spread: a provider with thousands of identities must not cost n² copies.
      const siblings = children.get(parent);
      if (siblings) siblings.push(node);
      else children.set(parent, [node]);
    }
    const nodes: NodeConfig[] = [];
    const depths: number[] = [];
    const parents: number[] = [];
    const visit = (node: NodeConfig, depth: number, parentAt: number) => {
      const at = nodes.push(node) - 1;
      depths.push(depth);
      parents.push(parentAt);
      for (const child of children.get(node.id) ?? []) visit(child, depth + 1, at);
    };
    for (const root of children.get(undefined) ?? []) visit(root, 0, -1);
    this.ordered = { nodes, depth: Int32Array.from(depths), parentAt: Int32Array.from(parents) };
    return this.ordered;
  }

  /** The nodes a scope covers: an identity's chain, a provider's subtree, or everything. */
  scopeNodes(scope: Exclude<LogoutScope, { kind: 'expired' }>, keepProvider: boolean): NodeConfig[] {
    if (scope.kind === 'all') return [...this.config.nodes];
    const node = this.resolve(scope.name);
    if (node.type !== scope.kind) {
      const providers = this.config.nodes.filter((n) => n.type === 'provider').map((n) => n.name);
      throw new AuthError(
        'unknown_target',
        `"${node.name}" is ${node.type === 'provider' ? 'a provider' : 'an identity'}, not ${scope.kind === 'provider' ? 'a provider' : 'an identity'}`,
        {
          hint:
            node.type === 'provider'
              ? `Use --provider ${node.name}.`
              : `Use "authui logout ${shellWord(node.name)}".${providers.length ? ` Providers: ${providers.join(', ')}.` : ''}`,
        },
      );
    }
    const nodes =
      scope.kind === 'identity' ? this.chain(node) : this.config.nodes.filter((n) => this.chain(n).includes(node));
    return keepProvider ? nodes.filter((n) => n.type !== 'provider') : nodes;
  }
}
