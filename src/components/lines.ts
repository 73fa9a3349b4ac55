// What the dashboard's components draw, as styled segments (components/look.ts): the Ink
// components render these, and so does the first frame drawn before Ink loads.
import type { NodeStatus } from '../auth/engine/views.js';
import type { NodeState } from '../auth/status.js';
import { KEYMAP, type Binding, type KeymapScope } from '../input/keymap.js';
import { fit, type Segment, type Theme } from './look.js';

export interface Columns {
  name: number;
  kind: number;
  state: number;
  account: number;
  region: number;
  expires: number;
}

/** The name column's least width. */
const MIN_NAME = 8;
/** One space between the six columns, and the selection marker. */
const CHROME = 5 + 2;
/** How far the other columns give way on a narrow terminal, and in which order. */
const FLOOR = { account: 6, region: 5, kind: 8, state: 9 } as const;

/**
 * Splits the width among the columns; Name takes what the others leave. On a terminal too narrow
 * for them all, account, region, kind and state give way in turn (down to FLOOR), so a row is
 * never wider than the terminal, which would wrap it.
 */
export function columnsFor(width: number): Columns {
  const wide = width >= 120;
  // State fits "! invalid_credentials" when wide, "! access_denied" otherwise.
  const fixed = {
    kind: wide ? 20 : 14,
    state: wide ? 21 : 15,
    account: wide ? 24 : 14,
    region: wide ? 14 : 10,
    expires: 9,
  };
  const used = () => fixed.kind + fixed.state + fixed.account + fixed.region + fixed.expires + CHROME;
  let over = used() + MIN_NAME - width;
  for (const key of ['account', 'region', 'kind', 'state'] as const) {
    const give = Math.max(0, Math.min(over, fixed[key] - FLOOR[key]));
    fixed[key] -= give;
    over -= give;
  }
  return { name: Math.max(MIN_NAME, width - used()), ...fixed };
}

export function tableHeader(columns: Columns): Segment[] {
  const text = `  ${fit('Name', columns.name)} ${fit('Kind', columns.kind)} ${fit('State', columns.state)} ${fit('Expires', columns.expires)} ${fit('Account/Subject', columns.account)} ${fit('Region', columns.region)}`;
  return [{ text, bold: true }];
}

export const NO_MATCHING_ROWS: Segment[] = [{ text: ' No matching providers or identities.', dimColor: true }];

/** A row up to its state cell: the selection marker, name (tree indent, provider mark) and kind. */
export function rowLead(node: NodeStatus, selected: boolean, columns: Columns, indent: boolean): Segment[] {
  const prefix = indent ? '  '.repeat(node.depth) : '';
  const name = `${prefix}${node.type === 'provider' ? '◆ ' : ''}${node.name}${node.default ? ' *' : ''}`;
  const kind = node.type === 'provider' ? `${node.label} (provider)` : node.label;
  return [
    { text: `${selected ? '› ' : '  '}${fit(name, columns.name)} `, inverse: selected },
    { text: `${fit(kind, columns.kind)} `, dimColor: true },
  ];
}

/** A row after its countdown: account or subject, and region. */
export function rowTail(node: NodeStatus, columns: Columns): Segment[] {
  return [
    {
      text: ` ${fit(node.account ?? node.subject ?? '—', columns.account)} ${fit(node.region ?? '—', columns.region)}`,
    },
  ];
}

/** Braille spinner for rows with a login under way. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface CountdownText {
  state: NodeState;
  /** "● active", "⠋ refreshing", "! invalid_credentials" */
  label: string;
  /** "14m 59s", "never", "—" */
  remaining: string;
}

/** The state and time-left cells, in the state's colour. */
export function countdownCells(
  { state, label, remaining }: CountdownText,
  widths: { state: number; expires: number },
  theme: Theme,
): Segment[] {
  const color = theme.state(state);
  return [
    { text: fit(label, widths.state), color },
    { text: fit(remaining, widths.expires), color },
  ];
}

export interface StatusBarText {
  backend: { name: string; location: string; fallbackReason?: string };
  configPath: string;
}

/** One line: which credential backend is active and which config is loaded. */
export function statusBar({ backend, configPath }: StatusBarText, width: number, theme: Theme): Segment[] {
  const fallback = backend.fallbackReason !== undefined;
  const text = ` Credentials: ${backend.name}${fallback ? ' (fallback)' : ''} · ${backend.location} · config: ${configPath}`;
  return [{ text: fit(text, width), inverse: true, color: fallback ? theme.warning : undefined }];
}

/** The active screen's keys, from the keymap the router uses. */
export function keyHints(scope: KeymapScope, width: number): Segment[] {
  const text = (KEYMAP[scope] as readonly Binding[])
    .filter((b) => b.hint)
    .map((b) => `${b.label} ${b.hint}`)
    .join(' · ');
  return [{ text: fit(` ${text}`, width), dimColor: true }];
}
