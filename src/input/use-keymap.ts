// The one input layer: a screen names its keymap scope and handles that scope's actions. Ink
// delivers a chunk of input (fast typing, paste, tmux send-keys give several keys at once); each
// key in it is dispatched on its own, in order.
import { useRef } from 'react';
import { actionFor, keyName, splitKeys, type ActionOf, type InkKey, type KeymapScope } from './keymap.js';
import { useTerminalInput } from './terminal-input.js';

export type KeymapHandlers<S extends KeymapScope> = Partial<Record<ActionOf<S>, () => void>>;

export interface KeymapOptions {
  /** Only the active screen listens (default true). */
  isActive?: boolean;
  /** A key the scope does not bind (typed text, for instance). */
  onUnbound?(input: string, key: InkKey & { meta?: boolean }): void;
}

export function useKeymap<S extends KeymapScope>(
  scope: S,
  handlers: KeymapHandlers<S>,
  opts: KeymapOptions = {},
): void {
  // The latest handlers, so a key typed right after a render sees the newest state.
  const latest = useRef({ handlers, opts });
  latest.current = { handlers, opts };
  useTerminalInput(
    (input, key) => {
      if (key.paste) return; // a paste is text, and these screens take none
      for (const [one, oneKey] of splitKeys(input, key)) {
        const action = actionFor(scope, keyName(one, oneKey));
        const handler = action === undefined ? undefined : latest.current.handlers[action];
        if (handler) handler();
        else if (action === undefined) latest.current.opts.onUnbound?.(one, oneKey);
      }
    },
    { isActive: opts.isActive ?? true },
  );
}
