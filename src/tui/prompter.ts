// The TUI's Prompter: each `ask` opens the credential form and resolves when it is submitted.
import type { Env } from '../auth/paths.js';
import { loginCancelled, type Prompter } from '../auth/prompter.js';
import type { DashboardStore } from '../store/dashboard-store.js';

/** `open`: browser sign-ins also go to the system browser (`auth.browser: open`). */
export function tuiPrompter(store: DashboardStore, opts: { open?: boolean; env?: Env } = {}): Prompter {
  const ask: Prompter['ask'] = (spec, opts = {}) =>
    new Promise((resolve, reject) => {
      const form = { spec, resolve, reject };
      store.getState().openForm(form);
      opts.signal?.addEventListener(
        'abort',
        () => {
          if (store.getState().form === form) store.getState().closeForm();
          reject(loginCancelled());
        },
        { once: true },
      );
    });
  return {
    ask,
    // Asked through the same form; anything but "yes" (or esc) is a no.
    confirm: async (message) => {
      const answer = await ask({
        title: message,
        fields: [{ name: 'answer', title: 'Type "yes" to confirm', required: false, secret: false, kind: 'text' }],
      }).catch(() => ({ answer: '' }));
      return answer.answer?.trim().toLowerCase() === 'yes';
    },
    showDeviceCode: (prompt) => {
      const controller = new AbortController();
      const env = opts.env ?? {};
      // Loaded when used: the opener's node:child_process is not worth loading before the first frame.
      const open = () =>
        void import('../app/open-url.js').then(({ openInBrowser }) => openInBrowser(prompt.verificationUri, env));
      store.getState().openDeviceCode({ prompt, cancel: () => controller.abort(), open });
      if (opts.open) open();
      return { signal: controller.signal, close: () => store.getState().closeDeviceCode() };
    },
    notice: (message, level = 'warning') =>
      store.getState().notify({ level: level === 'success' ? 'info' : 'warning', text: message }),
  };
}
