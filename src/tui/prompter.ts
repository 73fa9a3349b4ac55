// The TUI's Prompter: each `ask` opens the credential form and resolves when it is submitted.
import { AuthError } from '../auth/errors.js';
import type { Prompter } from '../auth/prompter.js';
import type { AppStore } from '../store/app-store.js';

export function tuiPrompter(store: AppStore): Prompter {
  return {
    ask: (spec) => new Promise((resolve, reject) => store.getState().openForm({ spec, resolve, reject })),
    confirm: (message) =>
      new Promise((resolve) => {
        store.getState().notify({ level: 'warning', text: `${message} (assumed yes)` });
        resolve(true);
      }),
    showDeviceCode: (prompt) => store.getState().notify({ level: 'info', text: `Open ${prompt.verificationUri} and enter ${prompt.userCode}` }),
    notice: (message) => store.getState().notify({ level: 'warning', text: message }),
  };
}

export const cancelled = () => new AuthError('usage', 'Login cancelled', { hint: 'Nothing was saved.' });
