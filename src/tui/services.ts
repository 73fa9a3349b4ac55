// The screens' services wired to the engine: logins run in the background and report through
// the store (spinner on the row, notice line, Recovery screen on failure); detail and logout go
// straight to the engine.
import type { Engine } from '../auth/engine.js';
import { isAuthError } from '../auth/errors.js';
import type { Prompter } from '../auth/prompter.js';
import type { AppServices } from '../screens/services.js';
import type { AppStore, Failure } from '../store/app-store.js';

const SPIN_MS = 100;

/** A failed login as the screens show it; `reenterable` is the node kind's declaration. */
function failureOf(name: string, error: unknown, reenterable: boolean): Failure {
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

export function engineServices(engine: Engine, store: AppStore, prompter: Prompter): AppServices {
  let spinner: NodeJS.Timeout | undefined;
  const login: AppServices['login'] = (name, opts = {}) => {
    const id = engine.resolve(name).id;
    const state = store.getState();
    if (state.busy.has(id)) return;
    state.setBusy(id, true);
    state.fail(id, undefined);
    state.notify({ level: 'info', text: `Logging in to ${name}…` });
    spinner ??= setInterval(() => store.getState().spinTick(), SPIN_MS);
    engine
      .login(name, prompter, opts)
      .then(() => store.getState().notify({ level: 'info', text: `Logged in to ${name}` }))
      .catch((error: unknown) => {
        const failure = failureOf(name, error, store.getState().nodes.find((n) => n.id === id)?.reenterable ?? false);
        // Esc in the form is the user's choice, not a failure worth a screen.
        if (failure.code === 'cancelled')
          return store
            .getState()
            .notify({ level: 'info', text: `${name}: ${failure.message}. ${failure.hint ?? ''}`.trim() });
        store.getState().fail(id, failure);
        store.getState().notify({ level: 'error', text: `${name}: ${failure.code}: ${failure.message}` });
        store.getState().openRecovery(failure);
      })
      .finally(() => {
        store.getState().setBusy(id, false);
        store.getState().setNodes(engine.list());
        if (store.getState().busy.size === 0 && spinner) {
          clearInterval(spinner);
          spinner = undefined;
        }
      });
  };
  return {
    login,
    detail: (name) => engine.detail(name),
    planLogout: (scopes) => engine.planLogout(scopes),
    logout: (plan, dryRun) => engine.logout(plan, { dryRun }),
  };
}
