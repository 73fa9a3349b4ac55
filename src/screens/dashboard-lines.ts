// What the dashboard screen draws from the store's state, as styled segments: the Ink screen
// (screens/Dashboard.tsx) renders these line by line, and `dashboardFirstFrame` puts the whole
// first frame together from them for the binary to draw before Ink has loaded
// (docs/architecture.md, "Start-up"). A test renders both and compares them cell by cell.
import type { NodeStatus } from '../auth/engine/views.js';
import { formatRemaining } from '../auth/duration.js';
import { EXPIRING_WITHIN_MS, liveState, STATE_LABEL, STATE_SYMBOL, type NodeState } from '../auth/status.js';
import {
  columnsFor,
  countdownCells,
  keyHints,
  NO_MATCHING_ROWS,
  rowLead,
  rowTail,
  SPINNER,
  statusBar,
  tableHeader,
  type CountdownText,
} from '../components/lines.js';
import { fit, type Segment, type Theme } from '../components/look.js';
import {
  expiryCounts,
  selectVisible,
  soonestExpiry,
  typeCounts,
  type DashboardState,
} from '../store/dashboard-store.js';

/** Lines the dashboard uses around the table: title, header, filter/notice, status bar, hints. */
export const DASHBOARD_CHROME_LINES = 5;
/** The smallest terminal the dashboard draws in; below it, a line asking for more room. */
export const MIN_SIZE = { columns: 60, rows: 15 } as const;

/** Rows of the table that fit: the frame stays within rows-1 lines (a last line would scroll). */
export function tableHeight(rows: number): number {
  return Math.max(1, rows - 1 - DASHBOARD_CHROME_LINES - 1);
}

export function countsText(state: Parameters<typeof expiryCounts>[0]): string {
  const { providers, identities } = typeCounts(state);
  const { expired, expiring } = expiryCounts(state, EXPIRING_WITHIN_MS);
  return `${providers} provider${providers === 1 ? '' : 's'} · ${identities} identit${identities === 1 ? 'y' : 'ies'} · ${expiring} expiring · ${expired} expired`;
}

/** The soonest expiry still ahead, for the title: "next: dev-audit in 9m 12s". */
export function nextExpiryText(state: Parameters<typeof soonestExpiry>[0]): string {
  const next = soonestExpiry(state);
  return next ? ` · next: ${next.name} in ${formatRemaining(next.expiresAt - state.now)}` : '';
}

export function sortText(state: Pick<DashboardState, 'sort'>): string {
  return state.sort === 'tree' ? '' : ` · sort: ${state.sort}`;
}

export interface TitleText {
  counts: string;
  next: string;
  sort: string;
  untrusted: boolean;
}

export function title({ counts, next, sort, untrusted }: TitleText, width: number, theme: Theme): Segment[] {
  if (untrusted)
    return [
      {
        text: fit(` authui · UNTRUSTED config, read-only (T to trust) · ${counts}`, width),
        bold: true,
        color: theme.warning,
      },
    ];
  return [{ text: fit(` authui · ${counts}${next}${sort}`, width), bold: true }];
}

/** The line under the table: the filter being typed, the filter kept, a notice, or nothing. */
export function filterLine(
  { filter, filtering, notice }: Pick<DashboardState, 'filter' | 'filtering' | 'notice'>,
  width: number,
  theme: Theme,
): Segment[] {
  if (filtering) return [{ text: fit(` / ${filter}▏`, width) }];
  if (filter) return [{ text: fit(` filter: ${filter}  (esc clears)`, width) }];
  if (notice) {
    const color = notice.level === 'error' ? theme.error : notice.level === 'warning' ? theme.warning : theme.info;
    return [{ text: fit(` ${notice.level === 'info' ? 'ℹ' : '⚠'} ${notice.text}`, width), color }];
  }
  return [{ text: ' ' }];
}

/** A row's state now: a login under way shows as refreshing, a failed one as an error. */
export function cellState(
  s: Pick<DashboardState, 'busy' | 'failures' | 'now'>,
  id: string,
  listed: NodeState,
  expiresAt: number | undefined,
): NodeState {
  return s.busy.has(id) ? 'refreshing' : s.failures[id] ? 'error' : liveState(listed, expiresAt, s.now);
}

export function cellLabel(s: Pick<DashboardState, 'spin' | 'failures'>, id: string, state: NodeState): string {
  if (state === 'refreshing') return `${SPINNER[s.spin % SPINNER.length]} ${STATE_LABEL.refreshing}`;
  if (state === 'error') return `${STATE_SYMBOL.error} ${s.failures[id]?.code ?? STATE_LABEL.error}`;
  return `${STATE_SYMBOL[state]} ${STATE_LABEL[state]}`;
}

export function cellRemaining(
  s: Pick<DashboardState, 'now'>,
  listed: NodeState,
  expiresAt: number | undefined,
): string {
  return listed === 'logged_out' ? '—' : expiresAt === undefined ? 'never' : formatRemaining(expiresAt - s.now);
}

function countdownText(s: DashboardState, node: NodeStatus): CountdownText {
  const state = cellState(s, node.id, node.state, node.expiresAt);
  return { state, label: cellLabel(s, node.id, state), remaining: cellRemaining(s, node.state, node.expiresAt) };
}

/**
 * The dashboard's first frame, line by line, as screens/Dashboard.tsx draws it when it opens: the
 * list screen, the window at the top, the first row selected. Undefined for a terminal too small
 * for the dashboard (Screens draws a request for room instead).
 */
export function dashboardFirstFrame(s: DashboardState, theme: Theme): Segment[][] | undefined {
  const { columns: width, rows } = s.size;
  if (width < MIN_SIZE.columns || rows < MIN_SIZE.rows) return undefined;
  const height = tableHeight(rows);
  const columns = columnsFor(width);
  const indent = s.filter === '' && s.sort === 'tree';
  const visible = selectVisible(s).slice(0, height);
  const table = [
    tableHeader(columns),
    ...(visible.length === 0 ? [NO_MATCHING_ROWS] : []),
    ...visible.map((node, i) => [
      ...rowLead(node, i === s.selected, columns, indent),
      ...countdownCells(countdownText(s, node), { state: columns.state + 1, expires: columns.expires }, theme),
      ...rowTail(node, columns),
    ]),
  ];
  // The table's box is height + 1 lines (header and rows), empty lines below the last row.
  while (table.length < height + 1) table.push([]);
  return [
    title({ counts: countsText(s), next: nextExpiryText(s), sort: sortText(s), untrusted: s.untrusted }, width, theme),
    ...table,
    filterLine(s, width, theme),
    statusBar(s, width, theme),
    keyHints(s.filtering ? 'filter' : 'dashboard', width),
  ];
}
