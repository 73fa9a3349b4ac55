// The state and time-left cells of a row, as given. The connected cell that reads the 1-Hz clock
// is src/screens/CountdownCell.tsx; only those cells re-render each second.
import { countdownCells, type CountdownText } from './lines.js';
import { Segments } from './Styled.js';
import { useTheme } from './theme.js';

export interface CountdownProps extends CountdownText {
  stateWidth: number;
  expiresWidth: number;
}

export function Countdown({ stateWidth, expiresWidth, ...text }: CountdownProps) {
  const theme = useTheme();
  return <Segments segments={countdownCells(text, { state: stateWidth, expires: expiresWidth }, theme)} />;
}
