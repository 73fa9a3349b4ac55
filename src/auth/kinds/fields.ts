// The field schema of a kind that asks for a credential (API keys, SMTP): one list that drives
// the config schema (`validate`), the credential form (secrets masked, the rest pre-filled from
// config), and what Detail shows. A secret field in the config file is an error: secrets are
// entered at login and kept in the credential store only. Loaded with the kind (no zod here);
// fields-schema.ts builds the zod side when a config file is parsed.
import { parseDuration } from '../duration.js';
import type { PromptField } from '../prompter.js';

export interface KeyField {
  /** The config key and the form field's name. */
  name: string;
  title: string;
  description?: string;
  /** Entered at login, kept in the credential store, never in config. */
  secret?: boolean;
  required?: boolean;
  /** What a value must look like, and how to say it. */
  pattern?: { regex: RegExp; hint: string };
  /** Shown in the form; the rest are config only (base_url). */
  asked?: boolean;
  /** A config-only label worth a line in Detail (an environment, a default repository). */
  label?: boolean;
  /** Only for nodes whose settings say so (api-key/generic's secret, with `with_secret`). */
  when?(settings: Readonly<Record<string, unknown>>): boolean;
}

/** The form: secret fields masked, the others pre-filled from config; each checked as it is typed. */
export function formFields(fields: readonly KeyField[], config: object): PromptField[] {
  const settings = config as Record<string, unknown>;
  return fields
    .filter((f) => (f.secret || f.asked) && (f.when?.(settings) ?? true))
    .map((f) => ({
      name: f.name,
      title: f.title,
      description: f.description,
      required: f.required ?? false,
      secret: f.secret ?? false,
      kind: f.secret ? 'secret' : 'text',
      default: f.secret ? undefined : (settings[f.name] as string | undefined),
      validate: f.pattern
        ? (v: string) => (v.trim() === '' || f.pattern?.regex.test(v.trim()) ? undefined : f.pattern?.hint)
        : undefined,
    }));
}

/** Non-secret answers that differ from the config: kept with the session, used until the next login. */
export function enteredSettings(
  fields: readonly KeyField[],
  config: object,
  answers: Record<string, string>,
): Record<string, string> {
  const settings = config as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = answers[f.name]?.trim();
    if (!f.secret && f.asked && value && value !== settings[f.name]) out[f.name] = value;
  }
  return out;
}

/** The non-secret fields that have a value, for Detail. */
export function settingFacts(fields: readonly KeyField[], config: object): { label: string; value: string }[] {
  const settings = config as Record<string, unknown>;
  return fields
    .filter((f) => !f.secret && (f.asked || f.label) && typeof settings[f.name] === 'string')
    .map((f) => ({ label: f.title, value: settings[f.name] as string }));
}

/** `rotate_after` in milliseconds: how long a stored credential may live before it is due for rotation. */
export function rotateAfterMs(settings: { rotate_after?: string | number }): number | undefined {
  const seconds = settings.rotate_after === undefined ? undefined : parseDuration(settings.rotate_after);
  return seconds ? seconds * 1000 : undefined;
}
