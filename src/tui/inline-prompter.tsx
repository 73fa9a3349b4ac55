// The Prompter of `authui login` in a terminal: each engine prompt is the same CredentialForm
// (or MFA view) the dashboard uses, drawn inline on stderr (stdout stays for the summary).
// esc or ctrl-c cancels with nothing saved.
import { formatRemaining } from '../auth/duration.js';
import type { DeviceCodePrompt, Prompter } from '../auth/prompter.js';
import { openInBrowser } from '../app/open-url.js';
import { confirmOnTty } from './confirm.js';
import type { IO } from '../app/io.js';
import { CredentialForm } from '../screens/CredentialForm.js';
import { inlineWidth, renderInline } from './inline.js';
import { loginCancelled } from '../auth/prompter.js';

/** The sign-in lines `authui login` prints: the same words as the dashboard's sign-in screen. */
export function signInText(prompt: DeviceCodePrompt, now: number): string {
  const left = formatRemaining(prompt.expiresAt - now);
  return prompt.userCode
    ? `\n${prompt.title}: open this link in a browser and approve the request\n  ${prompt.verificationUri}\nCheck that the page shows the code ${prompt.userCode} (it expires in ${left}). Waiting for approval… (ctrl-c cancels)\n`
    : `\n${prompt.title}: open this link in a browser and sign in; you are brought back here\n  ${prompt.verificationUri}\nThe sign-in times out in ${left}. Waiting for the browser… (ctrl-c cancels)\n`;
}

/** `open`: also hand the link to the system browser (`--open`, `auth.browser: open`). */
export function inlinePrompter(io: IO, opts: { open?: boolean } = {}): Prompter {
  const out = io.stderr as NodeJS.WriteStream;
  return {
    ask: (spec) =>
      new Promise((resolve, reject) => {
        out.write('\n');
        const instance = renderInline(
          io,
          <CredentialForm
            spec={spec}
            width={inlineWidth(io, 100)}
            onSubmit={(values) => {
              instance.unmount();
              resolve(values);
            }}
            onCancel={() => {
              instance.unmount();
              reject(loginCancelled());
            }}
          />,
        );
      }),
    confirm: (message) => confirmOnTty(io, message),
    // ctrl-c ends the process, which is the way to give up here.
    showDeviceCode: (prompt) => {
      out.write(signInText(prompt, Date.now()));
      if (opts.open) openInBrowser(prompt.verificationUri, io.env);
      return { signal: new AbortController().signal, close: () => {} };
    },
    notice: (message, level = 'warning') => out.write(`${level === 'success' ? '✓' : '⚠'} ${message}\n`),
  };
}
