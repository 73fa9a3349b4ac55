// A yes/no question on the terminal (stderr, so stdout stays clean), for confirmations such as
// `logout --all`. Credential prompts use the inline form (src/tui/inline-prompter.tsx). The
// question may quote a server (a kind's confirmation): it goes through the sanitiser.
import { createInterface } from 'node:readline';
import type { IO } from '../app/io.js';
import { visible } from '../auth/visible.js';

export function confirmOnTty(io: IO, message: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
    // ctrl-c is a "no": nothing happens.
    rl.on('SIGINT', () => {
      rl.close();
      io.stderr.write('\n');
      resolve(false);
    });
    rl.question(`${visible(message)} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
