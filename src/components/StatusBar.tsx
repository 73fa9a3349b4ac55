// One line at the bottom: which credential backend is active and which config is loaded.
import { statusBar, type StatusBarText } from './lines.js';
import { StyledLine } from './Styled.js';
import { useTheme } from './theme.js';

export interface StatusBarProps extends StatusBarText {
  width: number;
}

export function StatusBar({ width, ...text }: StatusBarProps) {
  return <StyledLine segments={statusBar(text, width, useTheme())} />;
}
