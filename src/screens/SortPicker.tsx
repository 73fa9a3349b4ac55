// `s` on the dashboard: choose the row order from a menu (the current one highlighted).
import { Text } from 'ink';
import { PromptFrame } from '../components/PromptFrame.js';
import { useKeymap } from '../input/use-keymap.js';
import type { SortOrder } from '../store/dashboard-store.js';
import { useAppStore, useAppStoreApi } from '../store/context.js';
import { Choice } from './Choice.js';

const ORDERS: { value: SortOrder; label: string }[] = [
  { value: 'tree', label: 'Tree: each row under what it comes via' },
  { value: 'name', label: 'Name' },
  { value: 'expiry', label: 'Time left: soonest first, logged-out and never-expiring rows last' },
];

export function SortPicker({ onBack }: { onBack(): void }) {
  const store = useAppStoreApi();
  const width = useAppStore((s) => s.size.columns);
  const current = useAppStore((s) => s.sort);
  useKeymap('sort', { cancel: onBack });
  return (
    <PromptFrame title="Sort rows by" width={width} keys="sort">
      <Choice
        items={ORDERS}
        initial={current}
        onChoose={(order) => {
          store.getState().setSort(order);
          onBack();
        }}
      />
      <Text dimColor> The title shows the order while it is not the tree.</Text>
    </PromptFrame>
  );
}
