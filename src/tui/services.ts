// The screens' services wired to the engine: logins run in the background and report through
// the store (busy row, notice line); logout plans and runs go straight to the engine.
import type { Engine } from '../auth/engine.js';
import type { AuthError } from '../auth/errors.js';
import type { Prompter } from '../auth/prompter.js';
import type { AppServices } from '../screens/services.js';
import type { AppStore } from '../store/app-store.js';

export function engineServices(engine: Engine, store: AppStore, prompter: Prompter): AppServices {
  const login = (name: string) => {
    const id = engine.resolve(name).id;
    if (store.getState().busy.has(id)) return;
    store.getState().setBusy(id, true);
    store.getState().notify({ level: 'info', text: `Logging in to ${name}…` });
    engine
      .login(name, prompter)
      .then(() => store.getState().notify({ level: 'info', text: `Logged in to ${name}` }))
      .catch((error: unknown) => {
        const e = error as AuthError;
        store.getState().notify({ level: 'error', text: `${name}: ${e.code ? `${e.code}: ` : ''}${e.message}${e.hint ? ` — ${e.hint}` : ''}` });
      })
      .finally(() => {
        store.getState().setBusy(id, false);
        store.getState().setNodes(engine.list());
      });
  };
  return {
    login,
    planLogout: (scopes) => engine.planLogout(scopes),
    logout: (plan, dryRun) => engine.logout(plan, { dryRun }),
  };
}
