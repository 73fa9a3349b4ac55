// State and time-left cells: the only part of a row that reads the 1-Hz clock.
import { Text } from 'ink';
import { formatRemaining } from '../auth/duration.js';
import { STATE_LABEL, STATE_SYMBOL, stateAt, type NodeState } from '../auth/status.js';
import { useAppStore } from '../store/context.js';
import { fit, stateColor } from './theme.js';

export interface CountdownProps {
  /** Node id: a login under way shows as refreshing. */
  id?: string;
  /** State as listed; only active/expiring/expired move with time. */
  listed: NodeState;
  expiresAt?: number;
  stateWidth: number;
  expiresWidth: number;
}

function liveState(listed: NodeState, expiresAt: number | undefined, now: number): NodeState {
  if (listed === 'active' || listed === 'expiring' || listed === 'expired') return stateAt(true, expiresAt, now);
  return listed;
}

export function Countdown({ id, listed, expiresAt, stateWidth, expiresWidth }: CountdownProps) {
  // Select strings, not `now`: the cell re-renders only when its text changes.
  const state = useAppStore((s) => (id !== undefined && s.busy.has(id) ? 'refreshing' : liveState(listed, expiresAt, s.now)));
  const remaining = useAppStore((s) => (listed === 'logged_out' ? '—' : expiresAt === undefined ? 'never' : formatRemaining(expiresAt - s.now)));
  const color = useAppStore((s) => s.color);
  const tone = stateColor(state, color);
  return (
    <>
      <Text color={tone}>{fit(`${STATE_SYMBOL[state]} ${STATE_LABEL[state]}`, stateWidth)}</Text>
      <Text color={tone}>{fit(remaining, expiresWidth)}</Text>
    </>
  );
}
