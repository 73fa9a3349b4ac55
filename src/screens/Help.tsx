// Every key on every screen, generated from the keymap the router dispatches from.
import { Box, Text } from 'ink';
import { KeyHints } from '../components/KeyHints.js';
import { KEYMAP, type Binding } from './keymap.js';

const SECTIONS: { title: string; scope: keyof typeof KEYMAP }[] = [
  { title: 'Dashboard', scope: 'dashboard' },
  { title: 'Filter (after /)', scope: 'filter' },
  { title: 'Help', scope: 'help' },
  { title: 'Anywhere', scope: 'global' },
];

export function Help({ width }: { width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold> authui · keys</Text>
      {SECTIONS.map(({ title, scope }) => (
        <Box key={scope} flexDirection="column" marginTop={1}>
          <Text bold> {title}</Text>
          {(KEYMAP[scope] as readonly Binding[]).map((b) => (
            <Text key={b.action + b.label}>
              {'   '}
              {b.label.padEnd(10)} {b.help}
            </Text>
          ))}
        </Box>
      ))}
      <Box marginTop={1}>
        <KeyHints scope="help" width={width} />
      </Box>
    </Box>
  );
}
