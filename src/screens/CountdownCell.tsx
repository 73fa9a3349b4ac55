// A row's countdown, connected to the store's single clock. Each selector returns a string, so
// the cell re-renders only when its own text changes, not on every tick.
import { formatRemaining } from '../auth/duration.js';
import { liveState, STATE_LABEL, STATE_SYMBOL, type NodeState } from '../auth/status.js';
import { Countdown, SPINNER } from '../components/Countdown.js';
import { useAppStore } from '../store/context.js';

export interface CountdownCellProps {
  /** Node id: a login under way shows as refreshing, a failed one as its error code. */
  id: string;
  /** State as listed; only active/expiring/expired move with time. */
  listed: NodeState;
  expiresAt?: number;
  stateWidth: number;
  expiresWidth: number;
}

export function CountdownCell({ id, listed, expiresAt, stateWidth, expiresWidth }: CountdownCellProps) {
  const state = useAppStore((s): NodeState =>
    s.busy.has(id) ? 'refreshing' : s.failures[id] ? 'error' : liveState(listed, expiresAt, s.now),
  );
  const label = useAppStore((s) => {
    if (state === 'refreshing') return `${SPINNER[s.spin % SPINNER.length]} ${STATE_LABEL.refreshing}`;
    if (state === 'error') return `${STATE_SYMBOL.error} ${s.failures[id]?.code ?? STATE_LABEL.error}`;
    return `${STATE_SYMBOL[state]} ${STATE_LABEL[state]}`;
  });
  const remaining = useAppStore((s) =>
    listed === 'logged_out' ? '—' : expiresAt === undefined ? 'never' : formatRemaining(expiresAt - s.now),
  );
  return (
    <Countdown state={state} label={label} remaining={remaining} stateWidth={stateWidth} expiresWidth={expiresWidth} />
  );
}
