// A row's countdown, connected to the store's single clock. Each selector returns a string, so
// the cell re-renders only when its own text changes, not on every tick.
import type { NodeState } from '../auth/status.js';
import { Countdown } from '../components/Countdown.js';
import { useAppStore } from '../store/context.js';
import { cellLabel, cellRemaining, cellState } from './dashboard-lines.js';

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
  const state = useAppStore((s) => cellState(s, id, listed, expiresAt));
  const label = useAppStore((s) => cellLabel(s, id, state));
  const remaining = useAppStore((s) => cellRemaining(s, listed, expiresAt));
  return (
    <Countdown state={state} label={label} remaining={remaining} stateWidth={stateWidth} expiresWidth={expiresWidth} />
  );
}
