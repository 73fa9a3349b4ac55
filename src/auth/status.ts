// Node state from expiry and time, shared by `status` and the dashboard's live countdowns.

export type NodeState =
  | 'active'
  | 'unvalidated'
  | 'expiring'
  | 'expired'
  | 'logged_out'
  | 'error'
  | 'refreshing'
  /** The session was issued by another server than the one the configuration names now. */
  | 'other_server';

export const EXPIRING_WITHIN_MS = 15 * 60 * 1000;

export function stateAt(hasSession: boolean, expiresAt: number | undefined, now: number): NodeState {
  if (!hasSession) return 'logged_out';
  if (expiresAt === undefined) return 'active';
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  return left < EXPIRING_WITHIN_MS ? 'expiring' : 'active';
}

/** A listed state at a later time: only the states of an expiring session move with the clock. */
export function liveState(listed: NodeState, expiresAt: number | undefined, now: number): NodeState {
  if (expiresAt !== undefined && (listed === 'active' || listed === 'expiring' || listed === 'expired'))
    return stateAt(true, expiresAt, now);
  return listed;
}

/** Symbols so state never depends on colour alone (NO_COLOR, monochrome terminals). */
export const STATE_SYMBOL: Record<NodeState, string> = {
  active: '●',
  unvalidated: '◌',
  expiring: '◐',
  expired: '✗',
  logged_out: '○',
  error: '!',
  refreshing: '↻',
  other_server: '≠',
};

export const STATE_LABEL: Record<NodeState, string> = {
  active: 'active',
  unvalidated: 'not validated',
  expiring: 'expiring',
  expired: 'expired',
  logged_out: 'logged out',
  error: 'error',
  refreshing: 'refreshing',
  other_server: 'other server',
};
