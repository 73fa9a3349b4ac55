import type { CredentialPromptSpec, DeviceCodePrompt, DeviceCodeWait, Prompter } from '../../src/auth/prompter.js';

/**
 * A Prompter that answers from a script, in order, and records every spec and notice. Each
 * answer is validated with the spec's own validators, as a real form would.
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: CredentialPromptSpec[] = [];
  readonly notices: string[] = [];
  constructor(private readonly answers: Record<string, string>[]) {}

  async ask(spec: CredentialPromptSpec): Promise<Record<string, string>> {
    this.asked.push(spec);
    const answer = this.answers.shift();
    if (!answer) throw new Error(`unexpected prompt: ${spec.title}`);
    const out: Record<string, string> = {};
    for (const field of spec.fields) {
      const value = answer[field.name] ?? field.default ?? '';
      const problem = field.validate?.(value);
      if (problem && (value !== '' || field.required))
        throw new Error(`scripted answer for ${field.name} is invalid: ${problem}`);
      out[field.name] = value;
    }
    return out;
  }
  async confirm(): Promise<boolean> {
    return true;
  }
  readonly deviceCodes: DeviceCodePrompt[] = [];
  /** Called with each device code shown (tests approve it at the fake server). */
  onDeviceCode: (prompt: DeviceCodePrompt) => void = () => {};
  readonly cancel = new AbortController();
  showDeviceCode(prompt: DeviceCodePrompt): DeviceCodeWait {
    this.deviceCodes.push(prompt);
    this.onDeviceCode(prompt);
    return { signal: this.cancel.signal, close: () => {} };
  }
  notice(message: string): void {
    this.notices.push(message);
  }
}
