// The look without React: the theme's colours, text fitting for fixed-width columns, and the
// styled segments every dashboard line is made of. The Ink components draw segments
// (components/Styled.tsx), and so does the first frame drawn before Ink loads (tui/first-frame.ts),
// so the two cannot draw one screen differently.
import type { NodeState } from '../auth/status.js';
import { fitColumns } from '../auth/text-width.js';
import { visible } from '../auth/visible.js';

/** The colours the dashboard draws in (Ink's names for them). */
export type ThemeColor = 'red' | 'green' | 'yellow' | 'cyan' | 'gray';

/** A run of text in one style: Ink's Text props, by their names there. */
export interface Segment {
  text: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
  color?: ThemeColor;
}

/** Colour for a state; undefined under NO_COLOR (symbols carry the meaning). */
function stateColor(state: NodeState, color: boolean): ThemeColor | undefined {
  if (!color) return undefined;
  switch (state) {
    case 'active':
      return 'green';
    case 'expiring':
      return 'yellow';
    case 'expired':
    case 'error':
    case 'other_server':
      return 'red';
    case 'refreshing':
      return 'cyan';
    default:
      return 'gray';
  }
}

/**
 * Cuts text to a width with an ellipsis, and pads it so columns line up, by display width (a wide
 * character takes two). Sanitised first, so the width counted is the width drawn (Ink's text
 * nodes sanitise again, which changes nothing then).
 */
export function fit(raw: string, width: number): string {
  return fitColumns(visible(raw), width);
}

export interface Theme {
  color: boolean;
  /** Failures, rejected input. */
  error?: ThemeColor;
  /** Expiring sessions, fallbacks. */
  warning?: ThemeColor;
  /** Notices, links. */
  info?: ThemeColor;
  state(state: NodeState): ThemeColor | undefined;
}

export function makeTheme(color: boolean): Theme {
  return color
    ? { color, error: 'red', warning: 'yellow', info: 'cyan', state: (s) => stateColor(s, true) }
    : { color, state: () => undefined };
}
