// The dashboard's actions wired to the engine: logins and renewals run in the background and
// report through the store (spinner on the row, notice line, Recovery screen on a failed login);
// detail and logout go straight to the engine.
import { formatRemaining } from '../auth/duration.js';
import type { Engine } from '../auth/engine.js';
import type { NodeStatus } from '../auth/engine/views.js';
import { isAuthError, withFileProblem } from '../auth/errors.js';
import type { Prompter } from '../auth/prompter.js';
import { RefreshManager, type RenewalEvents } from '../auth/refresh-manager.js';
import type { DashboardActions } from '../screens/actions.js';
import type { DashboardStore, Failure } from '../store/dashboard-store.js';

const SPIN_MS = 100;

/** A failed login as the screens show it; `reenterable` is the node kind's declaration. */
function failureOf(name: string, raw: unknown, reenterable: boolean): Failure {
  const error = withFileProblem(raw);
  if (isAuthError(error)) {
    return {
      name,
      code: error.code,
      message: error.message,
      explanation: error.explanation,
      hint: error.hint,
      context: error.context,
      recoverable: error.recoverable,
      retryable: error.retryable,
      reenterable,
    };
  }
  return {
    name,
    code: 'unknown',
    message: error instanceof Error ? error.message : String(error),
    context: {},
    recoverable: false,
    retryable: false,
    reenterable,
  };
}

/** Row spinners: one interval while anything is busy, none otherwise. */
function busyRows(store: DashboardStore) {
  let spinner: NodeJS.Timeout | undefined;
  return {
    start(id: string): void {
      store.getState().setBusy(id, true);
      spinner ??= setInterval(() => store.getState().spinTick(), SPIN_MS);
    },
    end(id: string): void {
      store.getState().setBusy(id, false);
      if (store.getState().busy.size === 0 && spinner) {
        clearInterval(spinner);
        spinner = undefined;
      }
    },
  };
}

/** The rotation reminder (`rotate_after`), with the key's last use when authui handed it out. */
export function rotationReminder(name: string, lastUsedAt: number | undefined, now: number): string {
  const used = lastUsedAt === undefined ? '' : ` (last used ${formatRemaining(now - lastUsedAt)} ago)`;
  return `${name}: the key is older than its rotate_after${used}; run "authui rotate ${name}" to replace it`;
}

/** News from the background: shown once the answer to the user's last action has been up a while. */
function background(store: DashboardStore, notice: { level: 'info' | 'warning' | 'error'; text: string }): void {
  store.getState().notify(notice, 'background');
}

/**
 * The refresh manager's news on the dashboard: a spinner while renewing, a notice only when it
 * fails. The rows follow the engine's change events (tui/run.tsx), not these.
 */
function renewalEvents(engine: Engine, store: DashboardStore, busy: ReturnType<typeof busyRows>): RenewalEvents {
  return {
    renewing: (node) => busy.start(node.id),
    renewed: (node) => {
      busy.end(node.id);
      store.getState().fail(node.id, undefined);
    },
    retrying: (node, error, delayMs, attempt) => {
      busy.end(node.id);
      background(store, {
        level: 'warning',
        text: `${node.name}: renewal failed (${error.code}: ${error.message}); retry ${attempt} in ${Math.max(1, Math.round(delayMs / 1000))}s`,
      });
    },
    failed: (node, error) => {
      busy.end(node.id);
      store.getState().fail(node.id, failureOf(node.name, error, node.reenterable));
      background(store, { level: 'error', text: `${node.name}: ${error.message} Press l on it to log in.` });
    },
    // When the key was last handed to a tool says how much a rotation would disturb.
    rotationDue: (node) =>
      void engine
        .detail(node.name)
        .catch(() => undefined)
        .then((detail) =>
          background(store, { level: 'warning', text: rotationReminder(node.name, detail?.lastUsedAt, Date.now()) }),
        ),
    needsUser: (node: NodeStatus) =>
      background(store, {
        level: 'warning',
        text: `${node.name} expires in ${formatRemaining((node.expiresAt ?? 0) - Date.now())} and only you can renew it: press l on it now`,
      }),
  };
}

export interface EngineActions extends DashboardActions {
  /** Starts the refresh manager; the returned function stops it. */
  startRenewals(): () => void;
}

export function engineActions(engine: Engine, store: DashboardStore, prompter: Prompter): EngineActions {
  const busy = busyRows(store);
  const manager = new RefreshManager(
    engine,
    renewalEvents(engine, store, busy),
    { now: () => Date.now() },
    engine.config.refresh.checkIntervalMs,
  );
  // The row the dashboard shows (the store keeps them current), not a rebuild of every row.
  const rowNamed = (name: string) => store.getState().nodes.find((n) => n.name === name);
  const login: DashboardActions['login'] = (name, opts = {}) => {
    const id = engine.resolve(name).id;
    const state = store.getState();
    if (state.busy.has(id)) return;
    busy.start(id);
    state.fail(id, undefined);
    store.getState().notify({ level: 'info', text: `Logging in to ${name}…` });
    engine
      .login(name, prompter, opts)
      // The row stops spinning before the outcome is said (here and in `test`): one frame shows both.
      .then(() => {
        busy.end(id);
        store.getState().notify({ level: 'info', text: `Logged in to ${name}` });
      })
      .catch((error: unknown) => {
        busy.end(id);
        const failure = failureOf(name, error, store.getState().nodes.find((n) => n.id === id)?.reenterable ?? false);
        // The title already offers T for an untrusted configuration: Recovery has nothing to add.
        if (failure.code === 'untrusted_config')
          return store.getState().notify({
            level: 'warning',
            text: `${name}: not logged in: the configuration is read-only until you trust it (T)`,
          });
        // Esc in the form is the user's choice, not a failure worth a screen.
        if (failure.code === 'cancelled')
          return store.getState().notify({
            level: 'info',
            text: `${name}: ${failure.message}. ${failure.hint ?? ''}`.trim(),
          });
        store.getState().fail(id, failure);
        store.getState().notify({ level: 'error', text: `${name}: ${failure.code}: ${failure.message}` });
        store.getState().openRecovery(failure);
      });
  };
  const refresh: DashboardActions['refresh'] = (name) => {
    const node = rowNamed(name);
    if (!node || store.getState().busy.has(node.id)) return;
    void engine.renewsUnattended(name).then((unattended) => {
      if (unattended) return manager.renewNow(node);
      store.getState().notify({ level: 'info', text: `${name} cannot be renewed without you: press l to log in` });
    });
  };
  const test: DashboardActions['test'] = (name) => {
    const node = rowNamed(name);
    if (!node || store.getState().busy.has(node.id)) return;
    busy.start(node.id);
    engine
      .test(name)
      .then(({ facts }) => {
        busy.end(node.id);
        const summary = facts.map((f) => `${f.label} ${f.value}`).join(' · ');
        store.getState().recordTest(node.id, { ok: true, at: Date.now(), summary });
        store.getState().fail(node.id, undefined);
        store.getState().notify({
          level: 'info',
          text: `✓ ${name}: connection test passed${summary ? ` · ${summary}` : ''}`,
        });
      })
      .catch((error: unknown) => {
        busy.end(node.id);
        const failure = failureOf(name, error, node.reenterable);
        store
          .getState()
          .recordTest(node.id, { ok: false, at: Date.now(), summary: `${failure.code}: ${failure.message}` });
        store.getState().fail(node.id, failure);
        store.getState().notify({ level: 'error', text: `✗ ${name}: connection test failed: ${failure.message}` });
      });
  };
  return {
    login,
    refresh,
    test,
    detail: (name) => engine.detail(name),
    planLogout: (scopes) => engine.planLogout(scopes),
    logout: (plan, dryRun) => engine.logout(plan, { dryRun }),
    trust: () => {
      try {
        engine.trustConfig();
        store.getState().setTrusted();
        store.getState().notify({
          level: 'info',
          text: `Trusted ${engine.config.source.path}: it is used until it changes`,
        });
      } catch (error) {
        store.getState().notify({ level: 'error', text: (error as Error).message });
      }
    },
    startRenewals: () => {
      manager.start();
      return () => manager.stop();
    },
  };
}
