// Footer with the active screen's keys, taken from the keymap the router uses.
import type { KeymapScope } from '../input/keymap.js';
import { keyHints } from './lines.js';
import { StyledLine } from './Styled.js';

export function KeyHints({ scope, width }: { scope: KeymapScope; width: number }) {
  return <StyledLine segments={keyHints(scope, width)} />;
}
