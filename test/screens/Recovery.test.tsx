// The Recovery screen: explanation, hint, context; re-enter / retry / cancel, or only back.
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/auth/errors.js';
import type { KindModule } from '../../src/auth/kind.js';
import { kindModule, loadKinds } from '../../src/auth/kinds/registry.js';
import { Screens } from '../../src/screens/Screens.js';
import { contextLine, recoveryChoices } from '../../src/screens/Recovery.js';
import type { Failure } from '../../src/store/dashboard-store.js';
import { engineDashboard } from '../helpers/engine-ui.js';
import { frameShowing, makeStore, press, renderWith, status } from '../helpers/ui.js';

const rejected: Failure = {
  name: 'dev',
  code: 'invalid_credentials',
  message: 'AWS rejected the new keys of "dev" as well',
  explanation: 'Check that the access key is active in IAM.',
  hint: 'Create a new access key in IAM.',
  context: { identity: 'dev', region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' },
  recoverable: true,
  retryable: false,
  reenterable: true,
};

function recoveryApp(failure: Failure) {
  const calls: [string, { reenter?: boolean } | undefined][] = [];
  const store = makeStore([status('dev')]);
  const ui = renderWith(
    store,
    <Screens
      actions={{
        login: (n, o) => calls.push([n, o]),
        refresh: () => {},
        test: () => {},
        detail: () => Promise.reject(new Error('unused')),
        planLogout: () => Promise.reject(new Error('unused')),
        logout: () => Promise.reject(new Error('unused')),
        trust: () => {},
      }}
    />,
  );
  store.getState().openRecovery(failure);
  return { ui, store, calls };
}

describe('Recovery screen', () => {
  it('offers re-enter (when the kind can ask again) / retry / cancel for recoverable errors, retry for transient ones, else back', () => {
    expect(recoveryChoices(rejected)).toEqual(['reenter', 'retry', 'cancel']);
    expect(recoveryChoices({ ...rejected, reenterable: false })).toEqual(['retry', 'cancel']);
    expect(recoveryChoices({ ...rejected, recoverable: false, retryable: true })).toEqual(['retry', 'back']);
    expect(recoveryChoices({ ...rejected, recoverable: false })).toEqual(['back']);
    expect(contextLine(rejected)).toBe('Identity dev · Region eu-west-1 · Endpoint http://127.0.0.1:4566');
  });

  it('shows what went wrong, why, what to do and where; e re-enters the credentials', async () => {
    const { ui, store, calls } = recoveryApp(rejected);
    const text = await frameShowing(ui, 'Login failed · dev');
    expect(text).toContain('✗ invalid_credentials: AWS rejected the new keys of "dev" as well');
    expect(text).toContain('Check that the access key is active in IAM.');
    expect(text).toContain('Hint: Create a new access key in IAM.');
    expect(text).toContain('Identity dev · Region eu-west-1 · Endpoint http://127.0.0.1:4566');
    expect(text).toMatch(/› Re-enter credentials\s+Retry\s+Cancel/);
    await press(ui, 'e');
    expect(calls).toEqual([['dev', { reenter: true }]]);
    expect(store.getState().screens).toEqual(['dashboard']);
  });

  it('arrows and enter choose; esc cancels without a login', async () => {
    const first = recoveryApp(rejected);
    await frameShowing(first.ui, 'Login failed');
    await press(first.ui, 'j', '\r');
    expect(first.calls).toEqual([['dev', undefined]]);
    const second = recoveryApp({ ...rejected, recoverable: false, code: 'access_denied' });
    const text = await frameShowing(second.ui, 'Login failed');
    expect(text).toContain('› Back');
    expect(text).not.toContain('Retry');
    await press(second.ui, 'r', 'e', '\u001b');
    expect(second.calls).toEqual([]);
    expect(second.store.getState().screens).toEqual(['dashboard']);
  });

  it('a failed dashboard login opens it, and the row shows the error code', async () => {
    await loadKinds(['aws/user']);
    const failing: KindModule = {
      ...(kindModule('aws/user') as KindModule),
      authenticate: async () => {
        throw new AuthError('network', 'Could not reach STS', {
          hint: 'Check your connection.',
          context: { identity: 'dev', endpoint: 'https://sts.amazonaws.com' },
          retryable: true,
        });
      },
    };
    const { app, frame, ui } = await engineDashboard({
      config: 'auth:\n  identities:\n    dev: { kind: aws/user }\n',
      kinds: (k) => (k === 'aws/user' ? failing : kindModule(k)),
    });
    await press(app, 'l');
    const text = await frame('Login failed · dev');
    expect(text).toContain('✗ network: Could not reach STS');
    expect(text).toMatch(/› Retry\s+Back/);
    await press(app, '\u001b');
    expect(await frame(/dev\s+AWS user\s+! network/)).toContain('dev: network: Could not reach STS');
    expect(ui.getState().failures['identity:dev']?.code).toBe('network');
  });

  it('the row stops spinning before the outcome of a login or a test is said: never "Logged in", "✓" or the error beside a spinner', async () => {
    await loadKinds(['aws/user']);
    let fail = true;
    const kind: KindModule = {
      ...(kindModule('aws/user') as KindModule),
      test: async () => ({ facts: [] }),
      authenticate: async () => {
        if (fail) throw new AuthError('network', 'Could not reach STS', { retryable: true });
        const now = Date.now();
        return {
          meta: { obtainedAt: new Date(now).toISOString(), expiresAt: new Date(now + 3600_000).toISOString() },
          secret: { accessKeyId: 'ASIASPINNER000000001', secretAccessKey: 'spinner-secret', sessionToken: 'token' },
        };
      },
    };
    const { app, frame, ui } = await engineDashboard({
      config: 'auth:\n  identities:\n    dev: { kind: aws/user }\n',
      kinds: (k) => (k === 'aws/user' ? kind : kindModule(k)),
    });
    const saidWhileBusy: string[] = [];
    ui.subscribe((s, before) => {
      const text = s.notice?.text ?? '';
      if (s.notice !== before.notice && s.busy.has('identity:dev') && /Logged in to dev|dev: network|✓ dev/.test(text))
        saidWhileBusy.push(text);
    });
    await press(app, 'l');
    await frame('Login failed · dev');
    await press(app, '\u001b');
    fail = false;
    await press(app, 'l');
    await frame('Logged in to dev');
    await press(app, 't');
    await frame('✓ dev: connection test passed');
    expect(saidWhileBusy).toEqual([]);
  });
});
