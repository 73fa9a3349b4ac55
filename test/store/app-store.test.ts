import { describe, expect, it } from 'vitest';
import { selectVisible } from '../../src/store/app-store.js';
import { makeStore, status } from '../helpers/ui.js';

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
    expect(selectVisible(store.getState()).map((n) => n.name)).toEqual(['alpha', 'alps']);
    expect(store.getState().selected).toBe(0);
    store.getState().endFilter(false);
    expect(store.getState().filter).toBe('');
    expect(selectVisible(store.getState())).toHaveLength(4);
  });

  it('does not re-filter on a clock tick', () => {
    const store = makeStore(nodes);
    store.getState().typeFilter('a');
    const before = selectVisible(store.getState());
    store.getState().tick(Date.now());
    expect(selectVisible(store.getState())).toBe(before);
  });

  it('back never pops the dashboard', () => {
    const store = makeStore(nodes);
    store.getState().push('help');
    store.getState().back();
    store.getState().back();
    expect(store.getState().screens).toEqual(['dashboard']);
  });
});
