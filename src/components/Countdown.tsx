// The state and time-left cells of a row, as given. The connected cell that reads the 1-Hz clock
// is src/screens/CountdownCell.tsx; only those cells re-render each second.
import { Text } from 'ink';
import type { NodeState } from '../auth/status.js';
import { fit, useTheme } from './theme.js';

export interface CountdownProps {
  state: NodeState;
  /** "● active", "⠋ refreshing", "! invalid_credentials" */
  label: string;
  /** "14m 59s", "never", "—" */
  remaining: string;
  stateWidth: number;
  expiresWidth: number;
}

/** Braille spinner for rows with a login under way. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Countdown({ state, label, remaining, stateWidth, expiresWidth }: CountdownProps) {
  const tone = useTheme().state(state);
  return (
    <>
      <Text color={tone}>{fit(label, stateWidth)}</Text>
      <Text color={tone}>{fit(remaining, expiresWidth)}</Text>
    </>
  );
}
