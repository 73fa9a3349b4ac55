// A session's binding: the server that issued it, as its kind names it from the node's settings
// (kind.ts, `binding`). The engine records it beside each session and hands a stored secret out
// only while the configuration still names that server (engine/sessions.ts); the configuration's
// cache entry keeps every node's, with what each kind provides (config/find.ts, KindFacts), so the
// session-cache answers need no kind's module.
import type { KindFacts } from '../config/find.js';
import type { Config, NodeConfig } from '../config/types.js';
import type { AnyKind } from '../kind.js';
import type { IndexedSession } from '../session-index.js';

export type KindLookup = (kind: string) => AnyKind | undefined;

/** Per node (config nodes do not change in a run): the dashboard lists thousands of rows. */
const bindings = new WeakMap<NodeConfig, string | null>();

/** A node's binding as stored: its kind's entries, defined ones only, in key order; undefined without one. */
export function bindingOf(kinds: KindLookup, node: NodeConfig): string | undefined {
  const module = kinds(node.kind);
  // Most kinds bind nothing: no entry for their nodes (20,000 of them held 0.5 MB).
  if (module?.binding === undefined) return undefined;
  let binding = bindings.get(node);
  if (binding === undefined) {
    const entries = module.binding(node.settings as never);
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

/** Whether the configuration's nodes adopt an unbound session: the user's own, never a project's. */
export function adoptsUnbound(config: Pick<Config, 'source'>): boolean {
  return config.source.origin !== 'project';
}

/**
 * Whether a session stands for its node: issued by the server the configuration names now
 * (`current`; undefined for a kind that binds nothing), or unbound where the configuration adopts
 * it. The one rule for the rows, the renewals and every read of a stored secret.
 */
export function sessionBound(
  current: string | undefined,
  meta: Pick<IndexedSession, 'binding'> | undefined,
  adoptUnbound: boolean,
): boolean {
  return (
    current === undefined ||
    meta === undefined ||
    meta.binding === current ||
    (meta.binding === undefined && adoptUnbound)
  );
}

/** What the configuration's cache entry records of its nodes' kinds and bindings (config/find.ts). */
export function kindFacts(kinds: KindLookup, nodes: readonly NodeConfig[]): KindFacts {
  const facts: KindFacts = { kinds: {}, bindings: {} };
  for (const node of nodes) {
    const module = kinds(node.kind);
    if (module) facts.kinds[node.kind] ??= { provides: module.provides, binds: module.binding !== undefined };
    const binding = bindingOf(kinds, node);
    if (binding !== undefined) facts.bindings[node.id] = binding;
  }
  return facts;
}
