import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import type { NodeStatus } from '../../src/auth/engine/views.js';
import { createDashboardStore, type AppInit, type DashboardStore } from '../../src/store/dashboard-store.js';
import { StoreProvider } from '../../src/store/context.js';
import { ThemeProvider } from '../../src/components/theme.js';
import { makeTheme } from '../../src/components/look.js';

export const NOW = Date.parse('2026-11-23T12:00:00Z');

export function status(name: string, over: Partial<NodeStatus> = {}): NodeStatus {
  return {
    id: `identity:${name}`,
    type: 'identity',
    name,
    kind: 'aws/user',
    label: 'AWS user',
    depth: 0,
    default: false,
    state: 'logged_out',
    reenterable: true,
    ...over,
  };
}

export function makeStore(nodes: NodeStatus[], over: Partial<AppInit> = {}): DashboardStore {
  return createDashboardStore({
    nodes,
    now: NOW,
    backend: { name: 'file', location: '/tmp/store.enc' },
    configPath: '/tmp/authui.yaml',
    size: { columns: 100, rows: 30 },
    color: true,
    ...over,
  });
}

/** Renders inside the store and the theme the store's colour setting asks for, as the app does. */
export function renderWith(store: DashboardStore, element: ReactElement) {
  return render(
    <StoreProvider store={store}>
      <ThemeProvider theme={makeTheme(store.getState().color)}>{element}</ThemeProvider>
    </StoreProvider>,
  );
}

/** Lets Ink process input and re-render. */
export const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** The last frame without colour codes, for assertions about text. */
export function frameText(ui: { lastFrame(): string | undefined }): string {
  return stripVTControlCharacters(ui.lastFrame() ?? '');
}

/** Types each key (or chunk) into the app and lets it re-render. */
export async function press(ui: { stdin: { write(data: string): void } }, ...keys: string[]) {
  for (const key of keys) {
    ui.stdin.write(key);
    await settle();
  }
}

/** Waits until the frame shows `expected` (async work such as a logout preview), then returns it. */
export async function frameShowing(
  ui: { lastFrame(): string | undefined },
  expected: string | RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = frameText(ui);
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the frame never showed ${String(expected)}; last frame:\n${text}`);
    await settle(10);
  }
}
