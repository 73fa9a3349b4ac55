// The Prompter of `authui login` in a terminal: each engine prompt is the same CredentialForm
// (or MFA view) the dashboard uses, drawn inline on stderr (stdout stays for the summary).
// esc or ctrl-c cancels with nothing saved.
import { formatRemaining } from '../auth/duration.js';
import type { Prompter } from '../auth/prompter.js';
import { confirmOnTty } from './confirm.js';
import type { IO } from '../app/io.js';
import { CredentialForm } from '../screens/CredentialForm.js';
import { inlineWidth, renderInline } from './inline.js';
import { loginCancelled } from '../auth/prompter.js';

export function inlinePrompter(io: IO): Prompter {
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
      out.write(
        `\n${prompt.title}: open this link in a browser and approve the request\n  ${prompt.verificationUri}\nCheck that the page shows the code ${prompt.userCode} (it expires in ${formatRemaining(prompt.expiresAt - Date.now())}). Waiting for approval… (ctrl-c cancels)\n`,
      );
      return { signal: new AbortController().signal, close: () => {} };
    },
    notice: (message) => out.write(`! ${message}\n`),
  };
}
