// The CLI's Prompter: asks on the terminal (stderr for text, so stdout stays clean), masks
// secret fields, validates each answer and asks again until it is acceptable.
import { createInterface } from 'node:readline';
import type { CredentialPromptSpec, DeviceCodePrompt, PromptField, Prompter } from '../auth/prompter.js';
import { AuthError } from '../auth/errors.js';
import type { IO } from './io.js';

export function ttyPrompter(io: IO): Prompter {
  const out = io.stderr;

  function question(label: string, secret: boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: true });
      let muted = false;
      // readline echoes typed characters through _writeToOutput; mask them for secrets.
      const internal = rl as unknown as { _writeToOutput(s: string): void };
      const write = internal._writeToOutput.bind(rl);
      internal._writeToOutput = (s: string) => write(muted && s !== '\r\n' && s !== '\n' ? '*'.repeat([...s].length) : s);
      rl.on('SIGINT', () => {
        rl.close();
        out.write('\n');
        reject(new AuthError('usage', 'Cancelled', { hint: 'Nothing was saved.' }));
      });
      rl.question(label, (answer) => {
        rl.close();
        resolve(answer);
      });
      muted = secret;
    });
  }

  async function askField(field: PromptField): Promise<string> {
    for (;;) {
      const def = field.default ? ` [${field.default}]` : field.required ? '' : ' (optional)';
      const raw = (await question(`  ${field.title}${def}: `, field.secret)).trim();
      const value = raw === '' ? (field.default ?? '') : raw;
      if (value === '' && field.required) {
        out.write(`    ✗ ${field.title} is required\n`);
        continue;
      }
      const problem = value === '' ? undefined : field.validate?.(value);
      if (problem) {
        out.write(`    ✗ ${problem}\n`);
        continue;
      }
      return value;
    }
  }

  return {
    async ask(spec: CredentialPromptSpec) {
      out.write(`\n${spec.title}\n${spec.description ? `  ${spec.description}\n` : ''}`);
      const answers: Record<string, string> = {};
      for (const field of spec.fields) {
        if (field.description) out.write(`  (${field.description})\n`);
        answers[field.name] = await askField(field);
      }
      return answers;
    },
    async confirm(message: string) {
      return /^y(es)?$/i.test((await question(`${message} [y/N] `, false)).trim());
    },
    showDeviceCode(prompt: DeviceCodePrompt) {
      out.write(`Open ${prompt.verificationUri} and enter the code ${prompt.userCode}\n`);
    },
    notice(message: string) {
      out.write(`! ${message}\n`);
    },
  };
}
