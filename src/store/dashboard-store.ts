// The TUI's one store (zustand/vanilla). A factory, so every test gets its own.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NodeStatus } from '../auth/engine/views.js';
import type { AuthErrorContext } from '../auth/errors.js';
import type { CredentialPromptSpec, DeviceCodePrompt } from '../auth/prompter.js';
import { EXPIRING_WITHIN_MS } from '../auth/status.js';
import { rowSearch, searchRows, type RowList, type RowSearch } from './row-search.js';

type ScreenName = 'dashboard' | 'help' | 'form' | 'logout' | 'detail' | 'recovery' | 'device-code' | 'sort' | 'trust';

/** Row order: the via tree, or flat by name or by time left (`s` picks). */
export type SortOrder = 'tree' | 'name' | 'expiry';

/** A failed login as the screens show it (AuthError's public fields; never a secret). */
export interface Failure {
  name: string;
  code: string;
  message: string;
  explanation?: string;
  hint?: string;
  context: AuthErrorContext;
  recoverable: boolean;
  retryable: boolean;
  /** The node's kind can ask for new long-term credentials (Recovery's "re-enter"). */
  reenterable: boolean;
}

/** A prompt from the engine waiting for the user (the TUI Prompter's side of `ask`). */
interface PendingForm {
  spec: CredentialPromptSpec;
  resolve(values: Record<string, string>): void;
  reject(error: Error): void;
}

/** What a connection test (`t`) found: facts when it passed, the error when not. Never a secret. */
interface ConnectionTest {
  ok: boolean;
  at: number;
  summary: string;
}

interface Notice {
  text: string;
  level: 'info' | 'warning' | 'error';
}

interface BackendInfo {
  name: string;
  location: string;
  fallbackReason?: string;
}

export interface DashboardState {
  nodes: NodeStatus[];
  /** The single 1-Hz clock every countdown reads. */
  now: number;
  filter: string;
  filtering: boolean;
  /** Index into the visible (filtered) rows. */
  selected: number;
  screens: ScreenName[];
  notice?: Notice;
  /** When the notice answering the user's own action went up: news from the background waits a while after it. */
  noticeAt?: number;
  /** The latest background news held back meanwhile; the clock shows it once the wait is over. */
  heldNotice?: Notice;
  backend: BackendInfo;
  configPath: string;
  /** The configuration is a project's, not trusted yet (config/trust.ts): read-only, `T` trusts it. */
  untrusted: boolean;
  size: { columns: number; rows: number };
  color: boolean;
  form?: PendingForm;
  /** Bumped for every form opened, so each prompt gets a fresh form. */
  formSeq: number;
  /** Ids of nodes with a login under way (shown as refreshing). */
  busy: ReadonlySet<string>;
  /** Spinner frame for refreshing rows; advanced only while something is busy. */
  spin: number;
  /** The last failed login per node id, until the next success (row state "error"). */
  failures: Readonly<Record<string, Failure>>;
  sort: SortOrder;
  /** This store's memoised derived data (never replaced). */
  select: Selectors;
  /** The last connection test (`t`) per node id, for Detail. */
  tests: Readonly<Record<string, ConnectionTest>>;
  /** Node name the Detail screen shows. */
  focus?: string;
  /** The failure the Recovery screen shows. */
  recovery?: Failure;
  /** A device-code sign-in waiting for the browser; cancel() gives up. */
  /** A sign-in in the browser: give up (`esc`), or hand the link to the system browser (`o`). */
  deviceCode?: { prompt: DeviceCodePrompt; cancel(): void; open?(): void };
}

export interface AppActions {
  setNodes(nodes: NodeStatus[]): void;
  tick(now: number): void;
  move(delta: number): void;
  moveTo(index: number): void;
  startFilter(): void;
  typeFilter(text: string): void;
  endFilter(keep: boolean): void;
  push(screen: ScreenName): void;
  back(): void;
  /**
   * Shows a notice: the answer to something the user did at once; news from the background
   * (renewals, expiry crossings, failed renewals) only once such an answer has been up HOLD_MS.
   */
  notify(notice: Notice | undefined, from?: 'user' | 'background'): void;
  resize(columns: number, rows: number): void;
  openForm(form: PendingForm): void;
  closeForm(): void;
  setBusy(id: string, busy: boolean): void;
  spinTick(): void;
  fail(id: string, failure: Failure | undefined): void;
  setSort(order: SortOrder): void;
  recordTest(id: string, test: ConnectionTest): void;
  openDetail(name: string): void;
  openRecovery(failure: Failure): void;
  /** The configuration was trusted (`T`): it is no longer read-only. */
  setTrusted(): void;
  openDeviceCode(deviceCode: { prompt: DeviceCodePrompt; cancel(): void; open?(): void }): void;
  closeDeviceCode(): void;
}

export type DashboardStore = StoreApi<DashboardState & AppActions>;

export type AppInit = Pick<DashboardState, 'nodes' | 'now' | 'backend' | 'configPath' | 'size' | 'color'> & {
  notice?: Notice;
  untrusted?: boolean;
};

/** How many filter results are kept for the rows of the moment (deleting back reuses them). */
const RECENT_NEEDLES = 64;

function sortedRows(nodes: RowList, order: SortOrder): RowList {
  if (order === 'tree') return nodes;
  if (order === 'name') return nodes.slice().sort((a, b) => a.name.localeCompare(b.name));
  // Soonest expiry first; logged-out and never-expiring rows after, by name.
  const key = (n: NodeStatus) =>
    n.state === 'logged_out' || n.expiresAt === undefined ? Number.POSITIVE_INFINITY : n.expiresAt;
  return nodes.slice().sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name));
}

/** Remembers the last result and recomputes only when an argument changes (by identity). */
function memoOne<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: A | undefined;
  let value: R;
  return (...args) => {
    if (last === undefined || args.some((arg, i) => arg !== (last as A)[i])) {
      value = compute(...args);
      last = args;
    }
    return value;
  };
}

/** A row whose session expires. */
type Expiring = NodeStatus & { expiresAt: number };

/**
 * Derived data, memoised per store on its inputs: the 1-Hz tick never re-filters or re-sorts
 * thousands of rows, and the counts and the soonest expiry are binary searches.
 */
export interface Selectors {
  visible(nodes: NodeStatus[], filter: string, sort: SortOrder): RowList;
  /** Builds the filter's search text for these rows ahead of the first letter typed. */
  prepareSearch(nodes: NodeStatus[]): void;
  /** Lets the search text and its results go: the filter closed empty (at 20,000 rows, megabytes). */
  dropSearch(): void;
  /** The rows with a session that expires, soonest first (the rows themselves: no object per row). */
  expiries(nodes: NodeStatus[]): Expiring[];
  types(nodes: NodeStatus[]): { providers: number; identities: number };
}

export function createSelectors(): Selectors {
  // Deleting back to a recent needle gives back the very rows it found, so nothing is redrawn
  // that need not be.
  let recent: { search: RowSearch; results: Map<string, RowList> } | undefined;
  const searchFor = (nodes: NodeStatus[]) => {
    if (recent?.search.rows !== nodes) recent = { search: rowSearch(nodes), results: new Map() };
    return recent;
  };
  const filtered = (nodes: NodeStatus[], needle: string): RowList => {
    if (needle === '') return nodes;
    const { search, results } = searchFor(nodes);
    let rows = results.get(needle);
    if (rows === undefined) {
      rows = searchRows(search, needle);
      if (results.size >= RECENT_NEEDLES) results.clear();
      results.set(needle, rows);
    }
    return rows;
  };
  const sorted = memoOne(sortedRows);
  return {
    visible: (nodes, filter, sort) => sorted(filtered(nodes, filter.toLowerCase()), sort),
    prepareSearch: (nodes) => void searchFor(nodes),
    dropSearch: () => {
      recent = undefined;
    },
    expiries: memoOne((nodes: NodeStatus[]) =>
      nodes
        .filter((n): n is Expiring => n.state !== 'logged_out' && n.expiresAt !== undefined)
        .sort((a, b) => a.expiresAt - b.expiresAt),
    ),
    types: memoOne((nodes: NodeStatus[]) => {
      const providers = nodes.filter((n) => n.type === 'provider').length;
      return { providers, identities: nodes.length - providers };
    }),
  };
}

export function selectVisible(state: Pick<DashboardState, 'nodes' | 'filter' | 'sort' | 'select'>): RowList {
  return state.select.visible(state.nodes, state.filter, state.sort);
}

/** Index of the first expiry after `time`. */
function firstAfter(list: Expiring[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Expiring).expiresAt <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type ClockState = Pick<DashboardState, 'nodes' | 'now' | 'select'>;

export function soonestExpiry(state: ClockState): Expiring | undefined {
  const list = state.select.expiries(state.nodes);
  return list[firstAfter(list, state.now)];
}

/** Rows already expired, and rows expiring within `windowMs`. */
export function expiryCounts(state: ClockState, windowMs: number): { expired: number; expiring: number } {
  const list = state.select.expiries(state.nodes);
  const expired = firstAfter(list, state.now);
  // "Expiring" is strictly less than the window left, as in stateAt.
  return { expired, expiring: firstAfter(list, state.now + windowMs - 1) - expired };
}

export function typeCounts(state: Pick<DashboardState, 'nodes' | 'select'>): { providers: number; identities: number } {
  return state.select.types(state.nodes);
}

/**
 * Rows that crossed a threshold between two clock readings: into "expiring" (15 min left) or
 * "expired". Each crossing happens once, so each notice appears once. Both are ranges of the
 * rows sorted by expiry, found by binary search: the 1-Hz tick visits no other row.
 */
export function crossings(
  state: Pick<DashboardState, 'nodes' | 'select'>,
  before: number,
  now: number,
): { expired: string[]; expiring: string[] } {
  if (now <= before) return { expired: [], expiring: [] };
  const list = state.select.expiries(state.nodes);
  const names = (from: number, to: number) => list.slice(from, Math.max(from, to)).map((n) => n.name);
  const expiredTo = firstAfter(list, now);
  return {
    expired: names(firstAfter(list, before), expiredTo),
    // One that expired as well (a clock that jumped more than 15 min) counts as expired only.
    expiring: names(
      Math.max(firstAfter(list, before + EXPIRING_WITHIN_MS), expiredTo),
      firstAfter(list, now + EXPIRING_WITHIN_MS),
    ),
  };
}

/**
 * A lookup of an earlier list's rows by id: at the same position first (the engine lists in the
 * same order, and hands back the very objects it did for what did not change), through a map
 * only when the order moved.
 */
function earlierRows(before: readonly NodeStatus[]): (at: number, id: string) => NodeStatus | undefined {
  let byId: Map<string, NodeStatus> | undefined;
  return (at, id) => {
    const row = before[at];
    return row?.id === id ? row : (byId ??= new Map(before.map((n) => [n.id, n]))).get(id);
  };
}

/**
 * Rows whose session was renewed behind the user's back (a refresh here or in another authui
 * process): the expiry moved later. While a login runs here, it reports itself instead.
 */
export function renewedNames(
  before: readonly NodeStatus[],
  after: readonly NodeStatus[],
  busy: ReadonlySet<string>,
): string[] {
  if (before === after || busy.size > 0) return [];
  const earlier = earlierRows(before);
  const names: string[] = [];
  for (let i = 0; i < after.length; i++) {
    const n = after[i] as NodeStatus;
    const was = earlier(i, n.id)?.expiresAt;
    if (was !== undefined && n.expiresAt !== undefined && n.expiresAt > was) names.push(n.name);
  }
  return names;
}

function sameRow(a: NodeStatus, b: NodeStatus): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof NodeStatus)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * The new list with every unchanged row kept as the old object, and the old list itself when
 * nothing changed: the 5-second re-read of 20,000 rows then re-filters, re-sorts and re-draws
 * nothing, and its copies die young instead of piling up in the old generation.
 */
export function reconcileRows(before: NodeStatus[], after: NodeStatus[]): NodeStatus[] {
  const earlier = earlierRows(before);
  let unchanged = before.length === after.length;
  const rows = new Array<NodeStatus>(after.length);
  for (let i = 0; i < after.length; i++) {
    const row = after[i] as NodeStatus;
    const old = earlier(i, row.id);
    const kept = old !== undefined && sameRow(old, row) ? old : row;
    if (kept !== before[i]) unchanged = false;
    rows[i] = kept;
  }
  return unchanged ? before : rows;
}

function crossingNotice(state: DashboardState, now: number): Notice | undefined {
  const { expired, expiring } = crossings(state, state.now, now);
  const list = (names: string[]) =>
    names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  if (expired.length > 0)
    return { level: 'error', text: `Expired: ${list(expired)} — press l on a row to log in again` };
  if (expiring.length > 0) return { level: 'warning', text: `Expiring within 15 min: ${list(expiring)}` };
  return undefined;
}

/** How long the answer to something the user did stays on the notice line before background news may replace it. */
export const HOLD_MS = 4_000;

/** The state that shows background news now, or holds it until the user's answer has been up HOLD_MS. */
function backgroundNotice(s: DashboardState, notice: Notice | undefined): Partial<DashboardState> {
  if (!notice) return {};
  if (s.noticeAt !== undefined && s.now < s.noticeAt + HOLD_MS) return { heldNotice: notice };
  return { notice, noticeAt: undefined, heldNotice: undefined };
}

function clampSelection(state: DashboardState, index: number): number {
  const count = selectVisible(state).length;
  return count === 0 ? 0 : Math.min(Math.max(index, 0), count - 1);
}

export function createDashboardStore(init: AppInit): DashboardStore {
  return createStore<DashboardState & AppActions>()((set, get) => ({
    untrusted: false,
    ...init,
    filter: '',
    filtering: false,
    selected: 0,
    screens: ['dashboard'],
    busy: new Set<string>(),
    formSeq: 0,
    spin: 0,
    failures: {},
    tests: {},
    sort: 'tree',
    select: createSelectors(),
    setNodes: (listed) =>
      set((s) => {
        const nodes = reconcileRows(s.nodes, listed);
        if (nodes === s.nodes) return s; // the same state: no subscriber is woken
        const renewed = renewedNames(s.nodes, nodes, s.busy);
        const notice: Notice | undefined = renewed.length
          ? {
              level: 'info',
              text: `Renewed: ${renewed.slice(0, 3).join(', ')}${renewed.length > 3 ? ` and ${renewed.length - 3} more` : ''}`,
            }
          : undefined;
        return { nodes, selected: clampSelection({ ...s, nodes }, s.selected), ...backgroundNotice(s, notice) };
      }),
    tick: (now) =>
      set((s) => {
        const held =
          s.heldNotice && s.noticeAt !== undefined && now >= s.noticeAt + HOLD_MS
            ? { notice: s.heldNotice, noticeAt: undefined, heldNotice: undefined }
            : {};
        const next = { ...s, ...held, now };
        return { ...held, now, ...backgroundNotice(next, crossingNotice(s, now)) };
      }),
    move: (delta) => set((s) => ({ selected: clampSelection(s, s.selected + delta) })),
    moveTo: (index) => set((s) => ({ selected: clampSelection(s, index) })),
    startFilter: () => set({ filtering: true }),
    typeFilter: (filter) => set((s) => ({ filter, selected: clampSelection({ ...s, filter }, 0) })),
    endFilter: (keep) => {
      // A filter kept applied still searches each new list of rows; an empty one never does.
      if (!keep || get().filter === '') get().select.dropSearch();
      set((s) =>
        keep
          ? { filtering: false }
          : { filtering: false, filter: '', selected: clampSelection({ ...s, filter: '' }, s.selected) },
      );
    },
    push: (screen) => set((s) => ({ screens: [...s.screens, screen] })),
    setTrusted: () => set({ untrusted: false }),
    back: () => set((s) => (s.screens.length > 1 ? { screens: s.screens.slice(0, -1) } : {})),
    notify: (notice, from = 'user') =>
      set((s) => (from === 'user' ? { notice, noticeAt: notice ? s.now : undefined } : backgroundNotice(s, notice))),
    resize: (columns, rows) => set({ size: { columns, rows } }),
    openForm: (form) =>
      set((s) => ({ form, formSeq: s.formSeq + 1, screens: [...s.screens.filter((x) => x !== 'form'), 'form'] })),
    closeForm: () => set((s) => ({ form: undefined, screens: s.screens.filter((x) => x !== 'form') })),
    setBusy: (id, busy) =>
      set((s) => {
        const next = new Set(s.busy);
        if (busy) next.add(id);
        else next.delete(id);
        return { busy: next };
      }),
    spinTick: () => set((s) => ({ spin: s.spin + 1 })),
    fail: (id, failure) =>
      set((s) => {
        if (!failure && !(id in s.failures)) return {};
        const failures = { ...s.failures };
        if (failure) failures[id] = failure;
        else delete failures[id];
        return { failures };
      }),
    setSort: (sort) => set({ sort, selected: 0 }),
    recordTest: (id, test) => set((s) => ({ tests: { ...s.tests, [id]: test } })),
    openDetail: (focus) => set((s) => ({ focus, screens: [...s.screens, 'detail'] })),
    openDeviceCode: (deviceCode) =>
      set((s) => ({ deviceCode, screens: [...s.screens.filter((x) => x !== 'device-code'), 'device-code'] })),
    closeDeviceCode: () =>
      set((s) => ({ deviceCode: undefined, screens: s.screens.filter((x) => x !== 'device-code') })),
    openRecovery: (recovery) =>
      set((s) => ({ recovery, screens: [...s.screens.filter((x) => x !== 'recovery'), 'recovery'] })),
  }));
}
