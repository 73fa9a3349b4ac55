// The one keymap: screens dispatch from it (useKeymap) and Help and KeyHints render it. Actions
// are typed from this table, so a handler for an action that does not exist fails to compile.

export type KeyName = string; // 'up', 'down', 'enter', 'esc', 'pgup', 'pgdn', 'home', 'end', 'ctrl-c', or a character

export interface Binding {
  keys: readonly KeyName[];
  /** How the keys are shown: "↑/k". */
  label: string;
  action: string;
  help: string;
  /** Short label for the footer; bindings without one are listed in Help only. */
  hint?: string;
}

export const KEYMAP = {
  dashboard: [
    { keys: ['up', 'k'], label: '↑/k', action: 'up', help: 'move up' },
    { keys: ['down', 'j'], label: '↓/j', action: 'down', help: 'move down' },
    { keys: ['pgup'], label: 'PgUp', action: 'page-up', help: 'page up' },
    { keys: ['pgdn'], label: 'PgDn', action: 'page-down', help: 'page down' },
    { keys: ['home', 'g'], label: 'Home/g', action: 'first', help: 'first row' },
    { keys: ['end', 'G'], label: 'End/G', action: 'last', help: 'last row' },
    {
      keys: ['enter', 'd'],
      label: 'enter/d',
      action: 'detail',
      help: 'details of the selected row: chain, storage, files, history',
      hint: 'detail',
    },
    { keys: ['l'], label: 'l', action: 'login', help: 'log in to the selected row', hint: 'log in' },
    {
      keys: ['r'],
      label: 'r',
      action: 'refresh',
      help: 'renew the selected session now (when it renews without you)',
      hint: 'renew',
    },
    { keys: ['t'], label: 't', action: 'test', help: "run the selected row's connection test" },
    {
      keys: ['o'],
      label: 'o',
      action: 'logout',
      help: 'log out: choose identities/providers, preview, confirm',
      hint: 'log out',
    },
    { keys: ['/'], label: '/', action: 'filter', help: 'filter rows as you type', hint: 'filter' },
    { keys: ['s'], label: 's', action: 'sort', help: 'sort by tree, name or time left' },
    {
      keys: ['T'],
      label: 'T',
      action: 'trust',
      help: 'trust the project configuration found here (read-only until then)',
    },
    { keys: ['esc'], label: 'esc', action: 'clear-filter', help: 'clear the filter' },
    { keys: ['?'], label: '?', action: 'help', help: 'show all keys', hint: 'help' },
    { keys: ['q'], label: 'q', action: 'quit', help: 'quit', hint: 'quit' },
  ],
  filter: [
    {
      keys: ['enter'],
      label: 'enter',
      action: 'apply',
      help: 'keep the filter and return to the list',
      hint: 'keep filter',
    },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'clear the filter', hint: 'clear' },
    { keys: ['backspace'], label: '⌫', action: 'erase', help: 'delete a character' },
  ],
  logout: [
    { keys: ['up', 'k'], label: '↑/k', action: 'up', help: 'move up' },
    { keys: ['down', 'j'], label: '↓/j', action: 'down', help: 'move down' },
    { keys: [' '], label: 'space', action: 'toggle', help: 'tick or untick the row', hint: 'toggle' },
    { keys: ['a'], label: 'a', action: 'toggle-all', help: 'tick every row (again: none)', hint: 'all' },
    {
      keys: ['d'],
      label: 'd',
      action: 'toggle-dry-run',
      help: 'dry run on/off (preview only, nothing removed)',
      hint: 'dry run',
    },
    {
      keys: ['enter'],
      label: 'enter',
      action: 'confirm',
      help: 'log out from the ticked rows (or the current row)',
      hint: 'confirm',
    },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'back, nothing removed', hint: 'cancel' },
  ],
  detail: [
    { keys: ['l'], label: 'l', action: 'login', help: 'log in to this node', hint: 'log in' },
    { keys: ['esc', 'q'], label: 'esc/q', action: 'back', help: 'back to the dashboard', hint: 'back' },
  ],
  // The menu (ink-select-input) moves with ↑/↓/j/k and chooses with enter; these are shortcuts.
  recovery: [
    {
      keys: [],
      label: '↑/↓ enter',
      action: 'menu',
      help: 'move through the choices; enter does the highlighted one',
      hint: 'choose',
    },
    { keys: ['e'], label: 'e', action: 'reenter', help: 're-enter credentials (recoverable errors)', hint: 're-enter' },
    { keys: ['r'], label: 'r', action: 'retry', help: 'retry the login', hint: 'retry' },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'cancel / back to the dashboard', hint: 'back' },
  ],
  trust: [
    { keys: [], label: '↑/↓ enter', action: 'menu', help: 'trust the file, or not', hint: 'choose' },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'leave it read-only', hint: 'back' },
  ],
  sort: [
    {
      keys: [],
      label: '↑/↓ enter',
      action: 'menu',
      help: 'move through the orders; enter sorts by the highlighted one',
      hint: 'choose',
    },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'keep the current order', hint: 'back' },
  ],
  'device-code': [
    { keys: ['o'], label: 'o', action: 'open', help: 'open the link in the system browser', hint: 'open in browser' },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'give up the sign-in (nothing saved)', hint: 'cancel' },
  ],
  'logout-result': [
    { keys: ['esc', 'enter', 'q'], label: 'esc/enter/q', action: 'back', help: 'back to the dashboard', hint: 'back' },
  ],
  help: [
    { keys: ['up', 'k'], label: '↑/k', action: 'scroll-up', help: 'scroll up', hint: 'scroll' },
    { keys: ['down', 'j'], label: '↓/j', action: 'scroll-down', help: 'scroll down' },
    { keys: ['pgup'], label: 'PgUp', action: 'page-up', help: 'page up' },
    { keys: ['pgdn', ' '], label: 'PgDn/space', action: 'page-down', help: 'page down' },
    { keys: ['esc', '?', 'q'], label: 'esc/?/q', action: 'back', help: 'close help', hint: 'close' },
  ],
  form: [
    { keys: ['enter'], label: 'enter', action: 'next', help: 'next field (submits on the last)', hint: 'next/submit' },
    { keys: ['tab', 'down'], label: 'tab/↓', action: 'next-field', help: 'next field' },
    { keys: ['shift-tab', 'up'], label: 'shift-tab/↑', action: 'previous', help: 'previous field', hint: 'previous' },
    {
      keys: ['ctrl-r'],
      label: 'ctrl-r',
      action: 'reveal',
      help: 'show/hide the secret being typed',
      hint: 'show secret',
    },
    { keys: ['backspace'], label: '⌫', action: 'erase', help: 'delete a character' },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'cancel, nothing saved', hint: 'cancel' },
  ],
  mfa: [
    { keys: ['enter'], label: 'enter', action: 'submit', help: 'send the code', hint: 'submit' },
    { keys: ['backspace'], label: '⌫', action: 'erase', help: 'delete a digit' },
    { keys: ['esc'], label: 'esc', action: 'cancel', help: 'cancel, nothing saved', hint: 'cancel' },
  ],
  global: [{ keys: ['ctrl-c'], label: 'ctrl-c', action: 'quit', help: 'quit from anywhere, restoring the terminal' }],
} as const satisfies Record<string, readonly Binding[]>;

export type KeymapScope = keyof typeof KEYMAP;

/** The actions of a scope, plus the global ones ("quit"). */
export type ActionOf<S extends KeymapScope> =
  (typeof KEYMAP)[S][number]['action'] | (typeof KEYMAP)['global'][number]['action'];

/** Ink's (input, key) pair → one key name. */
export interface InkKey {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
}

export function keyName(input: string, key: InkKey): KeyName {
  if (key.ctrl && input.length === 1) return `ctrl-${input}`;
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.backspace || key.delete) return 'backspace';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  return input;
}

export function actionFor<S extends KeymapScope>(scope: S, name: KeyName): ActionOf<S> | undefined {
  const bindings: readonly Binding[] = KEYMAP[scope];
  const action =
    bindings.find((b) => b.keys.includes(name))?.action ??
    (KEYMAP.global as readonly Binding[]).find((b) => b.keys.includes(name))?.action;
  return action as ActionOf<S> | undefined;
}

/** Control characters inside a multi-character chunk, as Ink reports them when alone. */
const CONTROL_CHARS: Record<string, InkKey> = {
  '\r': { return: true },
  '\n': { return: true },
  '\x7f': { backspace: true },
  '\b': { backspace: true },
  '\t': { tab: true },
  '\x1b': { escape: true },
};

/**
 * One chunk of input as single keys. Fast typing and paste (and tmux send-keys) deliver several
 * keys at once ("jj "); each one counts.
 */
export function splitKeys(input: string, key: InkKey & { meta?: boolean }): [string, InkKey & { meta?: boolean }][] {
  const chars = [...input];
  if (chars.length > 1 && keyName(input, key) === input && !key.ctrl && !key.meta)
    return chars.map((ch) => [ch, CONTROL_CHARS[ch] ?? {}]);
  return [[input, key]];
}
