// How a single-choice menu (screens/Choice.tsx, over ink-select-input) draws its rows: "› " before the highlighted one,
// which is also shown inverse, so the choice never depends on colour.
import { Text } from 'ink';

export function MenuIndicator({ isSelected }: { isSelected?: boolean }) {
  return <Text>{isSelected ? ' › ' : '   '}</Text>;
}

export function MenuItem({ label, isSelected }: { label: string; isSelected?: boolean }) {
  return <Text inverse={isSelected}>{label}</Text>;
}
