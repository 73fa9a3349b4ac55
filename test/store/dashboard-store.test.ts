import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { NodeStatus } from '../../src/auth/engine/views.js';
import {
  HOLD_MS,
  createSelectors,
  crossings,
  reconcileRows,
  renewedNames,
  selectVisible,
  soonestExpiry,
} from '../../src/store/dashboard-store.js';
import { rowSearch } from '../../src/store/row-search.js';
import { makeStore, NOW, status } from '../helpers/ui.js';

// The real search, watched: how often the filter's search text is built.
vi.mock('../../src/store/row-search.js', async (original) => {
  const actual = await original<typeof import('../../src/store/row-search.js')>();
  return { ...actual, rowSearch: vi.fn(actual.rowSearch) };
});

describe('app store', () => {
  const nodes = ['alpha', 'beta', 'gamma', 'alps'].map((n) => status(n));

  it('moves the selection within the visible rows', () => {
    const store = makeStore(nodes);
    store.getState().move(-1);
    expect(store.getState().selected).toBe(0);
    store.getState().move(10);
    expect(store.getState().selected).toBe(3);
  });

  it('filters case-insensitively and clamps the selection', () => {
    const store = makeStore(nodes);
    store.getState().moveTo(3);
    store.getState().typeFilter('AL');
    expect(
      selectVisible(store.getState())
        .slice()
        .map((n) => n.name),
    ).toEqual(['alpha', 'alps']);
    expect(store.getState().selected).toBe(0);
    store.getState().endFilter(false);
    expect(store.getState().filter).toBe('');
    expect(selectVisible(store.getState())).toHaveLength(4);
  });

  it('lets the search text go when the filter closes empty, and keeps it for a filter kept applied', () => {
    const store = makeStore(nodes);
    const built = vi.mocked(rowSearch);
    built.mockClear();
    const typed = (text: string) => {
      store.getState().startFilter();
      store.getState().typeFilter(text);
      return selectVisible(store.getState())
        .slice()
        .map((n) => n.name);
    };
    expect(typed('al')).toEqual(['alpha', 'alps']);
    expect(built).toHaveBeenCalledTimes(1);
    store.getState().endFilter(true); // Enter: the filter stays applied
    expect(typed('alp')).toEqual(['alpha', 'alps']);
    expect(built).toHaveBeenCalledTimes(1);
    store.getState().endFilter(false); // Escape: gone, and its text with it
    expect(typed('g')).toEqual(['gamma']);
    expect(built).toHaveBeenCalledTimes(2);
    store.getState().typeFilter('');
    store.getState().endFilter(true); // Enter on an empty filter: nothing left to search
    expect(typed('b')).toEqual(['beta']);
    expect(built).toHaveBeenCalledTimes(3);
  });

  it('does not re-filter on a clock tick', () => {
    const store = makeStore(nodes);
    store.getState().typeFilter('a');
    const before = selectVisible(store.getState());
    store.getState().tick(Date.now());
    expect(selectVisible(store.getState())).toBe(before);
  });

  it('keeps its derived rows per store: another store in the same process does not evict them', () => {
    const first = makeStore(nodes);
    const second = makeStore(nodes.slice(1));
    first.getState().typeFilter('a');
    const before = selectVisible(first.getState());
    expect(selectVisible(second.getState())).toHaveLength(nodes.length - 1);
    expect(selectVisible(first.getState())).toBe(before);
  });

  it('typing, deleting and replacing the filter always shows what a fresh search would', () => {
    // Results are kept per needle for deleting back; any edit sequence must agree with searching
    // every row again.
    const names = ['alpha', 'Alps', 'beta', 'alphabet', 'gam-ma', 'ALPHA-2', 'a'];
    const rows = names.map((n) => status(n));
    const fresh = (needle: string) => names.filter((n) => n.toLowerCase().includes(needle.toLowerCase()));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('a', 'l', 'p', 'H', '-', 'x'), fc.constant('⌫'))), (keys) => {
        const store = makeStore(rows);
        let filter = '';
        for (const key of keys) {
          filter = key === '⌫' ? filter.slice(0, -1) : filter + key;
          store.getState().typeFilter(filter);
          expect(
            selectVisible(store.getState())
              .slice()
              .map((n) => n.name),
          ).toEqual(fresh(filter));
        }
      }),
    );
  });

  it('back never pops the dashboard', () => {
    const store = makeStore(nodes);
    store.getState().push('help');
    store.getState().back();
    store.getState().back();
    expect(store.getState().screens).toEqual(['dashboard']);
  });

  it('s cycles tree → name → expiry; expiry puts the soonest first and logged-out rows last', () => {
    const rows = [
      status('zeta', { state: 'active', expiresAt: NOW + 5 * 60_000 }),
      status('alpha', { state: 'logged_out' }),
      status('mid', { state: 'active', expiresAt: NOW + 60 * 60_000 }),
      status('beta', { state: 'expired', expiresAt: NOW - 60_000 }),
    ];
    const store = makeStore(rows);
    const names = () =>
      selectVisible(store.getState())
        .slice()
        .map((n) => n.name);
    expect(names()).toEqual(['zeta', 'alpha', 'mid', 'beta']);
    store.getState().setSort('name');
    expect(store.getState().sort).toBe('name');
    expect(names()).toEqual(['alpha', 'beta', 'mid', 'zeta']);
    store.getState().setSort('expiry');
    expect(names()).toEqual(['beta', 'zeta', 'mid', 'alpha']);
    store.getState().setSort('tree');
    expect(store.getState().sort).toBe('tree');
  });

  it('the soonest expiry ahead follows the clock', () => {
    const rows = [
      status('a', { state: 'active', expiresAt: NOW + 60_000 }),
      status('b', { state: 'active', expiresAt: NOW + 120_000 }),
      status('c', { state: 'logged_out', expiresAt: NOW + 1000 }),
    ];
    const select = createSelectors();
    expect(soonestExpiry({ nodes: rows, now: NOW, select })?.name).toBe('a');
    expect(soonestExpiry({ nodes: rows, now: NOW + 60_000, select })?.name).toBe('b');
    expect(soonestExpiry({ nodes: rows, now: NOW + 120_000, select })).toBeUndefined();
  });

  it('a threshold crossing raises one notice, not one per second', () => {
    const rows = [
      status('soon', { state: 'active', expiresAt: NOW + 15 * 60_000 + 1500 }),
      status('gone', { state: 'expiring', expiresAt: NOW + 2500 }),
    ];
    expect(crossings({ nodes: rows, select: createSelectors() }, NOW, NOW + 1000)).toEqual({
      expired: [],
      expiring: [],
    });
    const store = makeStore(rows);
    store.getState().tick(NOW + 2000);
    expect(store.getState().notice).toEqual({ level: 'warning', text: 'Expiring within 15 min: soon' });
    store.getState().notify(undefined);
    store.getState().tick(NOW + 3000);
    expect(store.getState().notice).toEqual({
      level: 'error',
      text: 'Expired: gone — press l on a row to log in again',
    });
    store.getState().notify(undefined);
    for (let t = 4000; t < 20_000; t += 1000) store.getState().tick(NOW + t);
    expect(store.getState().notice).toBeUndefined();
  });

  it("holds background news back while the answer to the user's action is fresh, then shows the latest", () => {
    const rows = [
      status('a', { state: 'active', expiresAt: NOW + 60_000 }),
      status('soon', { state: 'active', expiresAt: NOW + 15 * 60_000 + 1500 }),
    ];
    const store = makeStore(rows);
    store.getState().notify({ level: 'warning', text: 'corp expires soon' }, 'background');
    expect(store.getState().notice?.text).toBe('corp expires soon');
    store.getState().notify({ level: 'info', text: 'Logged in to dev' });
    // A renewal seen in the rows and an expiry crossing, both from the background, wait.
    store.getState().setNodes([{ ...(rows[0] as NodeStatus), expiresAt: NOW + 3600_000 }, rows[1] as NodeStatus]);
    store.getState().tick(NOW + 2000);
    expect(store.getState().notice?.text).toBe('Logged in to dev');
    store.getState().tick(NOW + HOLD_MS - 1000);
    expect(store.getState().notice?.text).toBe('Logged in to dev');
    store.getState().tick(NOW + HOLD_MS);
    expect(store.getState().notice).toEqual({ level: 'warning', text: 'Expiring within 15 min: soon' });
    // With no answer of the user's up, background news shows at once.
    store.getState().notify({ level: 'error', text: 'kitty: renewal failed' }, 'background');
    expect(store.getState().notice?.text).toBe('kitty: renewal failed');
  });

  it('a failure marks the row until cleared', () => {
    const store = makeStore(nodes);
    const failure = {
      name: 'alpha',
      code: 'network',
      message: 'down',
      context: {},
      recoverable: false,
      retryable: true,
      reenterable: true,
    };
    store.getState().fail('identity:alpha', failure);
    expect(store.getState().failures['identity:alpha']).toBe(failure);
    const before = store.getState().failures;
    store.getState().fail('identity:beta', undefined);
    expect(store.getState().failures).toBe(before);
    store.getState().fail('identity:alpha', undefined);
    expect(store.getState().failures).toEqual({});
  });

  it('says which rows were renewed (expiry moved later), unless a login of this dashboard is running', () => {
    const rows = [
      status('a', { state: 'active', expiresAt: NOW + 60_000 }),
      status('b', { state: 'active', expiresAt: NOW + 60_000 }),
    ];
    const store = makeStore(rows);
    store.getState().setNodes([rows[0] as NodeStatus, { ...(rows[1] as NodeStatus), expiresAt: NOW + 3600_000 }]);
    expect(store.getState().notice).toEqual({ level: 'info', text: 'Renewed: b' });
    store.getState().notify(undefined);
    store.getState().setBusy('identity:a', true);
    store.getState().setNodes([{ ...(rows[0] as NodeStatus), expiresAt: NOW + 7200_000 }, rows[1] as NodeStatus]);
    expect(store.getState().notice).toBeUndefined();
    expect(renewedNames(rows, rows, new Set())).toEqual([]);
  });

  it('a re-read that changes nothing keeps the rows and the state; a changed row alone is new', () => {
    const rows = [status('a', { state: 'active', expiresAt: NOW + 60_000 }), status('b'), status('c')];
    const store = makeStore(rows);
    const state = store.getState();
    let woken = 0;
    store.subscribe(() => woken++);
    state.setNodes(rows.map((n) => ({ ...n })));
    expect(store.getState()).toBe(state);
    expect(woken).toBe(0);

    const renewed = rows.map((n) => (n.name === 'a' ? { ...n, expiresAt: NOW + 3600_000 } : { ...n }));
    store.getState().setNodes(renewed);
    const after = store.getState().nodes;
    expect(after).not.toBe(rows);
    expect(after[0]).toBe(renewed[0]);
    expect(after[1]).toBe(rows[1]);
    expect(after[2]).toBe(rows[2]);
    // A row gone, or one more field, is a change too.
    expect(reconcileRows(rows, rows.slice(0, 2))).toEqual(rows.slice(0, 2));
    const withRegion = { ...(rows[1] as NodeStatus), region: 'eu-west-1' };
    expect(reconcileRows(rows, [rows[0] as NodeStatus, withRegion, rows[2] as NodeStatus])[1]).toBe(withRegion);
  });

  it('rows that moved are still found by id: the old objects kept, the renewed one named', () => {
    const rows = [status('a', { state: 'active', expiresAt: NOW + 60_000 }), status('b'), status('c')];
    const moved = [
      { ...(rows[2] as NodeStatus) },
      { ...(rows[0] as NodeStatus), expiresAt: NOW + 3600_000 },
      { ...(rows[1] as NodeStatus) },
    ];
    const kept = reconcileRows(rows, moved);
    expect(kept[0]).toBe(rows[2]);
    expect(kept[1]).toBe(moved[1]);
    expect(kept[2]).toBe(rows[1]);
    expect(renewedNames(rows, moved, new Set())).toEqual(['a']);
  });

  it('crossings come from the rows sorted by expiry: soonest first, and a clock that jumped past both thresholds reports the row once, as expired', () => {
    const rows = [
      status('late', { state: 'active', expiresAt: NOW + 3000 }),
      status('early', { state: 'active', expiresAt: NOW + 2000 }),
      status('out', { state: 'logged_out', expiresAt: NOW + 2500 }),
      status('soon', { state: 'active', expiresAt: NOW + 15 * 60_000 + 2000 }),
      status('later', { state: 'active', expiresAt: NOW + 15 * 60_000 + 9000 }),
    ];
    const state = { nodes: rows, select: createSelectors() };
    expect(crossings(state, NOW + 1000, NOW + 5000)).toEqual({ expired: ['early', 'late'], expiring: ['soon'] });
    expect(crossings(state, NOW + 5000, NOW + 1000)).toEqual({ expired: [], expiring: [] });
    // After a sleep of an hour: everything crossed both thresholds; each is named once.
    expect(crossings(state, NOW, NOW + 3600_000)).toEqual({
      expired: ['early', 'late', 'soon', 'later'],
      expiring: [],
    });
  });
});
