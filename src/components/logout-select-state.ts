// The logout selection's state as a pure reducer (as in ink-ui): which rows are ticked, where
// the cursor is, and whether the run is a dry run. Testable without a terminal.
import type { NodeStatus } from '../auth/engine/views.js';
import type { LogoutScope } from '../auth/logout.js';
import type { NodeState } from '../auth/status.js';

export interface LogoutOption {
  key: string;
  label: string;
  scope: LogoutScope;
  depth: number;
  state?: NodeState;
}

export const ALL_KEY = '*all';

/**
 * How many identities come via a node, directly or further down its chains: one pass over the
 * rows (a provider can have thousands of identities; a scan per row would be quadratic).
 */
function identitiesVia(nodes: readonly NodeStatus[]): (id: string) => number {
  const children = new Map<string, NodeStatus[]>();
  for (const n of nodes) {
    if (n.parent === undefined) continue;
    // Push, not spread: a provider with thousands of identities must not cost n² copies.
    const siblings = children.get(n.parent);
    if (siblings) siblings.push(n);
    else children.set(n.parent, [n]);
  }
  const counted = new Map<string, number>();
  const count = (id: string): number => {
    let total = counted.get(id);
    if (total === undefined) {
      total = (children.get(id) ?? []).reduce((sum, n) => sum + (n.type === 'identity' ? 1 : 0) + count(n.id), 0);
      counted.set(id, total);
    }
    return total;
  };
  return count;
}

/** What logging out of a provider takes with it, for its label. */
function providerReach(count: number): string {
  if (count === 0) return '(the provider only)';
  return count === 1 ? '(and the identity via it)' : `(and the ${count} identities via it)`;
}

/** Each identity, each provider with what it takes along, then "All identities (complete logout)". */
export function logoutOptions(nodes: readonly NodeStatus[]): LogoutOption[] {
  const reach = identitiesVia(nodes);
  const options: LogoutOption[] = nodes.map((n) =>
    n.type === 'provider'
      ? {
          key: n.id,
          label: `${n.name} ${providerReach(reach(n.id))}`,
          scope: { kind: 'provider', name: n.name },
          depth: n.depth,
          state: n.state,
        }
      : { key: n.id, label: n.name, scope: { kind: 'identity', name: n.name }, depth: n.depth, state: n.state },
  );
  options.push({ key: ALL_KEY, label: 'All identities (complete logout)', scope: { kind: 'all' }, depth: 0 });
  return options;
}

export interface LogoutSelectState {
  cursor: number;
  selected: ReadonlySet<string>;
  dryRun: boolean;
}

export type LogoutSelectAction =
  { type: 'move'; delta: number } | { type: 'toggle' } | { type: 'toggle-all' } | { type: 'toggle-dry-run' };

export function initialLogoutSelect(dryRun = false): LogoutSelectState {
  return { cursor: 0, selected: new Set(), dryRun };
}

export function logoutSelectReducer(
  options: readonly LogoutOption[],
  state: LogoutSelectState,
  action: LogoutSelectAction,
): LogoutSelectState {
  switch (action.type) {
    case 'move':
      return { ...state, cursor: Math.min(Math.max(state.cursor + action.delta, 0), options.length - 1) };
    case 'toggle': {
      const key = options[state.cursor]?.key;
      if (key === undefined) return state;
      const selected = new Set(state.selected);
      if (selected.has(key)) selected.delete(key);
      else selected.add(key);
      return { ...state, selected };
    }
    case 'toggle-all':
      return {
        ...state,
        selected: state.selected.size === options.length ? new Set() : new Set(options.map((o) => o.key)),
      };
    case 'toggle-dry-run':
      return { ...state, dryRun: !state.dryRun };
  }
}

/** What enter logs out: the ticked rows, or the row under the cursor when none is ticked. */
export function chosenScopes(options: readonly LogoutOption[], state: LogoutSelectState): LogoutScope[] {
  const ticked = options.filter((o) => state.selected.has(o.key));
  if (ticked.some((o) => o.key === ALL_KEY)) return [{ kind: 'all' }];
  if (ticked.length > 0) return ticked.map((o) => o.scope);
  const current = options[state.cursor];
  return current ? [current.scope] : [];
}
