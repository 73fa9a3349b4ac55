// State and time-left cells: the only part of a row that reads the 1-Hz clock.
import { Text } from 'ink';
import { formatRemaining } from '../auth/duration.js';
import { liveState, STATE_LABEL, STATE_SYMBOL, type NodeState } from '../auth/status.js';
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

/** Braille spinner for rows with a login under way. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Countdown({ id, listed, expiresAt, stateWidth, expiresWidth }: CountdownProps) {
  // Select strings, not `now`: the cell re-renders only when its text changes.
  const state = useAppStore((s): NodeState => (id === undefined ? liveState(listed, expiresAt, s.now) : s.busy.has(id) ? 'refreshing' : s.failures[id] ? 'error' : liveState(listed, expiresAt, s.now)));
  const label = useAppStore((s) => {
    if (state === 'refreshing') return `${SPINNER[s.spin % SPINNER.length]} ${STATE_LABEL.refreshing}`;
    if (state === 'error') return `${STATE_SYMBOL.error} ${(id !== undefined && s.failures[id]?.code) || STATE_LABEL.error}`;
    return `${STATE_SYMBOL[state]} ${STATE_LABEL[state]}`;
  });
  const remaining = useAppStore((s) => (listed === 'logged_out' ? '—' : expiresAt === undefined ? 'never' : formatRemaining(expiresAt - s.now)));
  const color = useAppStore((s) => s.color);
  const tone = stateColor(state, color);
  return (
    <>
      <Text color={tone}>{fit(label, stateWidth)}</Text>
      <Text color={tone}>{fit(remaining, expiresWidth)}</Text>
    </>
  );
}
