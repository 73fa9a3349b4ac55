// A single-choice menu: ink-select-input draws it and moves the highlight; Enter is ours.
// ink-select-input re-subscribes its key handler in an effect after each render, so an Enter
// that arrives between a frame and that effect (fast typing, a paste, a loaded machine) would
// choose the row highlighted before — the frame says "Name", the old handler picks "Tree". The
// highlight is tracked in a ref the moment it moves, and Enter reads it.
import SelectInput from 'ink-select-input';
import { useTerminalInput } from '../input/terminal-input.js';
import { useRef } from 'react';
import { MenuIndicator, MenuItem } from '../components/Menu.js';

export interface ChoiceProps<T extends string> {
  items: readonly { value: T; label: string }[];
  initial?: T;
  onChoose(value: T): void;
}

export function Choice<T extends string>({ items, initial, onChoose }: ChoiceProps<T>) {
  const start = Math.max(
    0,
    items.findIndex((i) => i.value === initial),
  );
  const highlighted = useRef<T | undefined>(items[start]?.value);
  const choose = useRef(onChoose);
  choose.current = onChoose;
  // Chosen after every listener has seen this Enter: the screen that closes must not hand the
  // same key to the one below it (an Enter that chose a sort order also opened Detail). One
  // choice per Enter, however many arrive in one chunk.
  const pending = useRef(false);
  useTerminalInput((_input, key) => {
    const value = highlighted.current;
    if (!key.return || value === undefined || pending.current) return;
    pending.current = true;
    queueMicrotask(() => {
      pending.current = false;
      choose.current(value);
    });
  });
  return (
    <SelectInput
      items={items.map((i) => ({ key: i.value, label: i.label, value: i.value }))}
      initialIndex={start}
      indicatorComponent={MenuIndicator}
      itemComponent={MenuItem}
      onHighlight={(item) => (highlighted.current = item.value)}
      // Enter is handled above, from the ref.
      onSelect={() => {}}
    />
  );
}
