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

/** Whether a session is there and has not expired at `now` (one without expiry lives on). */
export function liveAt(session: { expiresAt?: string } | undefined, now: number): boolean {
  return session !== undefined && (session.expiresAt === undefined || Date.parse(session.expiresAt) > now);
}

/**
 * A row's state at `now` (the dashboard's and `status`'s rows, and the status the answers keep),
 * from its times, its session, and whether that was issued by the server named now (`bound`).
 */
export function rowStateAt(
  { expiresAt, rotateAt }: { expiresAt?: number; rotateAt?: number },
  session: { unvalidated?: boolean } | undefined,
  bound: boolean,
  now: number,
): NodeState {
  let state = stateAt(session !== undefined, expiresAt, now);
  if (session && state !== 'logged_out' && !bound) state = 'other_server';
  if (state === 'active' && session?.unvalidated) state = 'unvalidated';
  if ((state === 'active' || state === 'unvalidated') && rotateAt !== undefined && rotateAt <= now) state = 'expiring';
  return state;
}

/**
 * The first moment after `now` at which `rowStateAt` may answer otherwise for this row by the
 * clock alone (Infinity: never): entering the expiring window, expiring, rotation falling due.
 * A fallback's standing in changes when its own session expires, the moment of its own row.
 */
export function nextStateChangeAt(
  { expiresAt, rotateAt }: { expiresAt?: number; rotateAt?: number },
  now: number,
): number {
  let next = Infinity;
  if (expiresAt !== undefined) {
    // "Expiring" is strictly less than the window left: from the millisecond after its start.
    const expiring = expiresAt - EXPIRING_WITHIN_MS + 1;
    if (expiring > now) next = expiring;
    else if (expiresAt > now) next = expiresAt;
  }
  if (rotateAt !== undefined && rotateAt > now && rotateAt < next) next = rotateAt;
  return next;
}

/**
 * The name of the fallback standing in for a node in `state`: its own session is gone and the
 * fallback's (`fallbackSession`) is live at `now`.
 */
export function standingInAt(
  state: NodeState,
  fallback: { name: string } | undefined,
  fallbackSession: { expiresAt?: string } | undefined,
  now: number,
): string | undefined {
  if (!fallback || (state !== 'expired' && state !== 'logged_out')) return undefined;
  return liveAt(fallbackSession, now) ? fallback.name : undefined;
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
