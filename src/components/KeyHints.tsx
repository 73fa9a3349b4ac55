// Footer with the active screen's keys, taken from the keymap the router uses.
import { Text } from 'ink';
import { KEYMAP, type Binding, type KeymapScope } from '../input/keymap.js';
import { fit } from './theme.js';

function hintsText(scope: KeymapScope): string {
  return (KEYMAP[scope] as readonly Binding[])
    .filter((b) => b.hint)
    .map((b) => `${b.label} ${b.hint}`)
    .join(' · ');
}

export function KeyHints({ scope, width }: { scope: KeymapScope; width: number }) {
  return <Text dimColor>{fit(` ${hintsText(scope)}`, width)}</Text>;
}
