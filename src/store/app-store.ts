// The TUI's one store (zustand/vanilla). A factory, so every test gets its own.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NodeStatus } from '../auth/engine.js';

import type { CredentialPromptSpec } from '../auth/prompter.js';

export type ScreenName = 'dashboard' | 'help' | 'form' | 'logout';

/** A prompt from the engine waiting for the user (the TUI Prompter's side of `ask`). */
export interface PendingForm {
  spec: CredentialPromptSpec;
  resolve(values: Record<string, string>): void;
  reject(error: Error): void;
}

export interface Notice {
  text: string;
  level: 'info' | 'warning' | 'error';
}

export interface BackendInfo {
  name: string;
  location: string;
  fallbackReason?: string;
}

export interface AppState {
  nodes: NodeStatus[];
  /** The single 1-Hz clock every countdown reads. */
  now: number;
  filter: string;
  filtering: boolean;
  /** Index into the visible (filtered) rows. */
  selected: number;
  screens: ScreenName[];
  notice?: Notice;
  backend: BackendInfo;
  configPath: string;
  size: { columns: number; rows: number };
  color: boolean;
  form?: PendingForm;
  /** Bumped for every form opened, so each prompt gets a fresh form. */
  formSeq: number;
  /** Ids of nodes with a login under way (shown as refreshing). */
  busy: ReadonlySet<string>;
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
  notify(notice: Notice | undefined): void;
  resize(columns: number, rows: number): void;
  openForm(form: PendingForm): void;
  closeForm(): void;
  setBusy(id: string, busy: boolean): void;
}

export type AppStore = StoreApi<AppState & AppActions>;

export type AppInit = Pick<AppState, 'nodes' | 'now' | 'backend' | 'configPath' | 'size' | 'color'> & { notice?: Notice };

function matches(node: NodeStatus, needle: string): boolean {
  if (needle === '') return true;
  const haystack = `${node.name}\u0000${node.kind}\u0000${node.account ?? ''}\u0000${node.subject ?? ''}\u0000${node.region ?? ''}`;
  return haystack.toLowerCase().includes(needle);
}

// Memoised on the two inputs, so the 1-Hz tick never re-filters thousands of rows.
let lastNodes: NodeStatus[] | undefined;
let lastFilter: string | undefined;
let lastVisible: NodeStatus[] = [];
export function selectVisible(state: Pick<AppState, 'nodes' | 'filter'>): NodeStatus[] {
  if (state.nodes !== lastNodes || state.filter !== lastFilter) {
    const needle = state.filter.toLowerCase();
    lastVisible = needle === '' ? state.nodes : state.nodes.filter((n) => matches(n, needle));
    lastNodes = state.nodes;
    lastFilter = state.filter;
  }
  return lastVisible;
}

function clampSelection(state: AppState, index: number): number {
  const count = selectVisible(state).length;
  return count === 0 ? 0 : Math.min(Math.max(index, 0), count - 1);
}

export function createAppStore(init: AppInit): AppStore {
  return createStore<AppState & AppActions>()((set) => ({
    ...init,
    filter: '',
    filtering: false,
    selected: 0,
    screens: ['dashboard'],
    busy: new Set<string>(),
    formSeq: 0,
    setNodes: (nodes) => set((s) => ({ nodes, selected: clampSelection({ ...s, nodes }, s.selected) })),
    tick: (now) => set({ now }),
    move: (delta) => set((s) => ({ selected: clampSelection(s, s.selected + delta) })),
    moveTo: (index) => set((s) => ({ selected: clampSelection(s, index) })),
    startFilter: () => set({ filtering: true }),
    typeFilter: (filter) => set((s) => ({ filter, selected: clampSelection({ ...s, filter }, 0) })),
    endFilter: (keep) => set((s) => (keep ? { filtering: false } : { filtering: false, filter: '', selected: clampSelection({ ...s, filter: '' }, s.selected) })),
    push: (screen) => set((s) => ({ screens: [...s.screens, screen] })),
    back: () => set((s) => (s.screens.length > 1 ? { screens: s.screens.slice(0, -1) } : {})),
    notify: (notice) => set({ notice }),
    resize: (columns, rows) => set({ size: { columns, rows } }),
    openForm: (form) => set((s) => ({ form, formSeq: s.formSeq + 1, screens: [...s.screens.filter((x) => x !== 'form'), 'form'] })),
    closeForm: () => set((s) => ({ form: undefined, screens: s.screens.filter((x) => x !== 'form') })),
    setBusy: (id, busy) =>
      set((s) => {
        const next = new Set(s.busy);
        if (busy) next.add(id);
        else next.delete(id);
        return { busy: next };
      }),
  }));
}
