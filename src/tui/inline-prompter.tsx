// The Prompter of `authui login` in a terminal: each engine prompt is the same CredentialForm
// (or MFA view) the dashboard uses, drawn inline on stderr (stdout stays for the summary).
// esc or ctrl-c cancels with nothing saved.
import { render } from 'ink';
import type { Prompter } from '../auth/prompter.js';
import { confirmOnTty } from '../cli/prompter.js';
import type { IO } from '../cli/io.js';
import { CredentialForm } from '../screens/CredentialForm.js';
import { cancelled } from './prompter.js';

export function inlinePrompter(io: IO): Prompter {
  const out = io.stderr as NodeJS.WriteStream;
  return {
    ask: (spec) =>
      new Promise((resolve, reject) => {
        out.write('\n');
        const instance = render(
          <CredentialForm
            spec={spec}
            width={Math.min(out.columns ?? 80, 100)}
            onSubmit={(values) => {
              instance.unmount();
              resolve(values);
            }}
            onCancel={() => {
              instance.unmount();
              reject(cancelled());
            }}
          />,
          { stdout: out, stdin: io.stdin as NodeJS.ReadStream, stderr: out, exitOnCtrlC: false, patchConsole: false },
        );
      }),
    confirm: (message) => confirmOnTty(io, message),
    showDeviceCode: (prompt) => out.write(`Open ${prompt.verificationUri} and enter the code ${prompt.userCode}\n`),
    notice: (message) => out.write(`! ${message}\n`),
  };
}
