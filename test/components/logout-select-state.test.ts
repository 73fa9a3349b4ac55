import { describe, expect, it } from 'vitest';
import {
  ALL_KEY,
  chosenScopes,
  initialLogoutSelect,
  logoutOptions,
  logoutSelectReducer,
  type LogoutSelectAction,
} from '../../src/components/logout-select-state.js';
import { status } from '../helpers/ui.js';

const options = logoutOptions([
  status('corp', { id: 'provider:corp', type: 'provider', state: 'active' }),
  status('prod', { depth: 1, parent: 'provider:corp', state: 'active' }),
  status('dev', { state: 'expired' }),
]);
const run = (...actions: LogoutSelectAction[]) =>
  actions.reduce((s, a) => logoutSelectReducer(options, s, a), initialLogoutSelect());

describe('logout selection state', () => {
  it('lists identities, providers with what they take along, then everything', () => {
    expect(options.map((o) => o.label)).toEqual([
      'corp (and the identity via it)',
      'prod',
      'dev',
      'All identities (complete logout)',
    ]);
    expect(options.map((o) => o.scope)).toEqual([
      { kind: 'provider', name: 'corp' },
      { kind: 'identity', name: 'prod' },
      { kind: 'identity', name: 'dev' },
      { kind: 'all' },
    ]);
  });

  it('enter without ticks takes the row under the cursor; the cursor stays on the list', () => {
    expect(chosenScopes(options, run())).toEqual([{ kind: 'provider', name: 'corp' }]);
    expect(run({ type: 'move', delta: -5 }).cursor).toBe(0);
    expect(run({ type: 'move', delta: 99 }).cursor).toBe(3);
    expect(chosenScopes(options, run({ type: 'move', delta: 2 }))).toEqual([{ kind: 'identity', name: 'dev' }]);
  });

  it('space ticks and unticks; ticked rows are what is logged out', () => {
    const state = run(
      { type: 'move', delta: 1 },
      { type: 'toggle' },
      { type: 'move', delta: 1 },
      { type: 'toggle' },
      { type: 'move', delta: 1 },
    );
    expect([...state.selected]).toEqual(['identity:prod', 'identity:dev']);
    expect(chosenScopes(options, state)).toEqual([
      { kind: 'identity', name: 'prod' },
      { kind: 'identity', name: 'dev' },
    ]);
    const untoggled = logoutSelectReducer(options, { ...state, cursor: 1 }, { type: 'toggle' });
    expect(chosenScopes(options, untoggled)).toEqual([{ kind: 'identity', name: 'dev' }]);
  });

  it('a ticks everything (again: nothing); ticking "All" means a complete logout', () => {
    const all = run({ type: 'toggle-all' });
    expect(all.selected.size).toBe(4);
    expect(chosenScopes(options, all)).toEqual([{ kind: 'all' }]);
    expect(run({ type: 'toggle-all' }, { type: 'toggle-all' }).selected.size).toBe(0);
    expect(chosenScopes(options, run({ type: 'move', delta: 3 }, { type: 'toggle' }))).toEqual([{ kind: 'all' }]);
    expect(options.find((o) => o.key === ALL_KEY)?.scope).toEqual({ kind: 'all' });
  });

  it('d toggles the dry run', () => {
    expect(run().dryRun).toBe(false);
    expect(run({ type: 'toggle-dry-run' }).dryRun).toBe(true);
    expect(initialLogoutSelect(true).dryRun).toBe(true);
  });
});
