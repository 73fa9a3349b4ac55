// The look: one theme from context (colour, or none under NO_COLOR: symbols carry the meaning),
// and text fitting for fixed-width columns.
import { createContext, useContext, type ReactNode } from 'react';
import type { NodeState } from '../auth/status.js';
import { fitColumns } from '../auth/text-width.js';
import { visible } from '../auth/visible.js';

/** Colour for a state; undefined under NO_COLOR (symbols carry the meaning). */
function stateColor(state: NodeState, color: boolean): string | undefined {
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
  error?: string;
  /** Expiring sessions, fallbacks. */
  warning?: string;
  /** Notices, links. */
  info?: string;
  state(state: NodeState): string | undefined;
}

export function makeTheme(color: boolean): Theme {
  return color
    ? { color, error: 'red', warning: 'yellow', info: 'cyan', state: (s) => stateColor(s, true) }
    : { color, state: () => undefined };
}

const ThemeContext = createContext<Theme>(makeTheme(true));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
