// A session's binding: the server that issued it, as its kind names it from the node's settings
// (kind.ts, `binding`). The engine records it beside each session and hands a stored secret out
// only while the configuration still names that server (engine/sessions.ts); the configuration's
// cache keeps every node's (config/find.ts), so the session-cache answers need no kind's module.
import type { BindingTable } from '../config/find.js';
import type { NodeConfig } from '../config/types.js';
import type { AnyKind } from '../kind.js';

export type KindLookup = (kind: string) => AnyKind | undefined;

/** Per node (config nodes do not change in a run): the dashboard lists thousands of rows. */
const bindings = new WeakMap<NodeConfig, string | null>();

/** A node's binding as stored: its kind's entries, defined ones only, in key order; undefined without one. */
export function bindingOf(kinds: KindLookup, node: NodeConfig): string | undefined {
  let binding = bindings.get(node);
  if (binding === undefined) {
    const entries = kinds(node.kind)?.binding?.(node.settings as never);
    binding = entries
      ? JSON.stringify(
          Object.entries(entries)
            .filter(([, v]) => v !== undefined && v !== '')
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : null;
    bindings.set(node, binding);
  }
  return binding ?? undefined;
}

/** The bindings of a configuration's nodes, for its cache entry. */
export function bindingTable(kinds: KindLookup, nodes: readonly NodeConfig[]): BindingTable {
  const bound = [...new Set(nodes.map((node) => node.kind))].filter((kind) => kinds(kind)?.binding !== undefined);
  const table: BindingTable = { kinds: bound, nodes: {} };
  for (const node of nodes) {
    const binding = bindingOf(kinds, node);
    if (binding !== undefined) table.nodes[node.id] = binding;
  }
  return table;
}
