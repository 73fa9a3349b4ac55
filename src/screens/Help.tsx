// Every key on every screen, generated from the keymap the router dispatches from. Scrolls when
// it is taller than the terminal.
import { Box, Text } from 'ink';
import { useState } from 'react';
import { KeyHints } from '../components/KeyHints.js';
import { fit } from '../components/look.js';
import { KEYMAP, type Binding } from '../input/keymap.js';
import { useKeymap } from '../input/use-keymap.js';

const SECTIONS: { title: string; scope: keyof typeof KEYMAP }[] = [
  { title: 'Dashboard', scope: 'dashboard' },
  { title: 'Filter (after /)', scope: 'filter' },
  { title: 'Sort (s)', scope: 'sort' },
  { title: 'Trust the configuration (T)', scope: 'trust' },
  { title: 'Detail (enter/d)', scope: 'detail' },
  { title: 'Recovery (after a failed login)', scope: 'recovery' },
  { title: 'Credential form', scope: 'form' },
  { title: 'MFA code', scope: 'mfa' },
  { title: 'Browser sign-in (device code)', scope: 'device-code' },
  { title: 'Log out (o)', scope: 'logout' },
  { title: 'Log-out result', scope: 'logout-result' },
  { title: 'Help', scope: 'help' },
  { title: 'Anywhere', scope: 'global' },
];

function helpLines(): string[] {
  const lines: string[] = [];
  for (const { title, scope } of SECTIONS) {
    lines.push('', ` ${title}`);
    for (const b of KEYMAP[scope] as readonly Binding[]) lines.push(`   ${b.label.padEnd(10)} ${b.help}`);
  }
  return lines;
}

export function Help({ width, height, onBack }: { width: number; height: number; onBack(): void }) {
  const lines = helpLines();
  // Title and hints take two lines.
  const room = Math.max(1, height - 2);
  const maxOffset = Math.max(0, lines.length - room);
  const [offset, setOffset] = useState(0);
  useKeymap('help', {
    back: onBack,
    'scroll-up': () => setOffset((o) => Math.max(0, o - 1)),
    'scroll-down': () => setOffset((o) => Math.min(maxOffset, o + 1)),
    'page-up': () => setOffset((o) => Math.max(0, o - room)),
    'page-down': () => setOffset((o) => Math.min(maxOffset, o + room)),
  });
  const shown = lines.slice(offset, offset + room);
  const more = offset < maxOffset ? ` (${maxOffset - offset} more lines below)` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(` authui · keys${more}`, width)}</Text>
      {shown.map((line, i) => (
        <Text key={offset + i} bold={line.startsWith(' ') && !line.startsWith('   ')}>
          {fit(line, width)}
        </Text>
      ))}
      <KeyHints scope="help" width={width} />
    </Box>
  );
}
