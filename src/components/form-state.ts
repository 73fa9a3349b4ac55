// The credential form's state, as a pure reducer: testable without a terminal (as in ink-ui).
import type { PromptField } from '../auth/prompter.js';
import { actionFor, keyName } from '../input/keymap.js';
import { ESCAPE_SEQUENCE, INVISIBLE, type TerminalKey } from '../input/terminal-input.js';

export interface FormState {
  /** The field being edited. */
  index: number;
  values: Record<string, string>;
  error?: string;
  done: boolean;
  /** The active secret field shows its value (ctrl-r); hidden again when the field is left. */
  revealed: boolean;
}

/** submit: enter (next field, or done on the last); next/back: tab, shift-tab and arrows. */
export type FormAction =
  | { type: 'insert'; text: string }
  | { type: 'clear' }
  | { type: 'erase' }
  | { type: 'submit' }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'reveal' };

/** The form's keymap actions as reducer actions (text is handled apart). */
const KEY_ACTIONS: Record<string, FormAction> = {
  next: { type: 'submit' },
  'next-field': { type: 'next' },
  previous: { type: 'back' },
  reveal: { type: 'reveal' },
  erase: { type: 'erase' },
};

/** Longer than any credential a person types or pastes (AWS session tokens are about 1–2 kB). */
export const MAX_FIELD_LENGTH = 16_384;

/**
 * Turns one chunk of terminal input into form actions. Paste and fast typing deliver several
 * keys at once ("AKIA…\r"): each character counts, and a CR or LF submits the field. Escape
 * sequences and invisible characters a paste brings along are dropped, never typed.
 */
export function actionsForInput(input: string, key: TerminalKey): FormAction[] {
  if (key.paste) return actionsForInput(input, {});
  const bound = actionFor('form', keyName(input, key));
  if (bound && KEY_ACTIONS[bound]) return [KEY_ACTIONS[bound] as FormAction];
  if (key.ctrl || key.meta || key.escape) return [];
  const actions: FormAction[] = [];
  let text = '';
  for (const ch of input.replace(ESCAPE_SEQUENCE, '')) {
    if (ch === '\r' || ch === '\n') {
      if (text) actions.push({ type: 'insert', text });
      text = '';
      actions.push({ type: 'submit' });
    } else if (ch === '\x7f' || ch === '\b') {
      if (text) actions.push({ type: 'insert', text });
      text = '';
      actions.push({ type: 'erase' });
    } else if (!INVISIBLE.test(ch)) {
      text += ch;
    }
  }
  if (text) actions.push({ type: 'insert', text });
  return actions;
}

export function initialFormState(fields: readonly PromptField[]): FormState {
  return { index: 0, values: Object.fromEntries(fields.map((f) => [f.name, ''])), done: false, revealed: false };
}

/** Empty input takes the default; returns the value to keep or the message to show. */
export function checkField(field: PromptField, raw: string): { value: string } | { error: string } {
  const value = raw.trim() === '' ? (field.default ?? '') : raw.trim();
  if (value === '') return field.required ? { error: `${field.title} is required` } : { value };
  const problem = field.validate?.(value);
  return problem ? { error: problem } : { value };
}

export function formReducer(fields: readonly PromptField[], state: FormState, action: FormAction): FormState {
  const field = fields[state.index];
  if (!field || state.done) return state;
  switch (action.type) {
    case 'insert': {
      // A bad paste is refused whole, with the reason; what was typed before stays.
      if (action.text.includes('\uFFFD'))
        return { ...state, error: 'That text has bytes that are not UTF-8 (shown as �): nothing was added.' };
      const value = (state.values[field.name] ?? '') + action.text;
      if (value.length > MAX_FIELD_LENGTH)
        return {
          ...state,
          error: `Too long: ${field.title} takes at most ${MAX_FIELD_LENGTH.toLocaleString('en')} characters, this would be ${value.length.toLocaleString('en')}. Nothing was added.`,
        };
      return { ...state, values: { ...state.values, [field.name]: value }, error: undefined };
    }
    case 'clear':
      return { ...state, values: { ...state.values, [field.name]: '' }, error: undefined };
    case 'erase':
      return {
        ...state,
        values: { ...state.values, [field.name]: [...(state.values[field.name] ?? '')].slice(0, -1).join('') },
        error: undefined,
      };
    case 'back':
      return { ...state, index: Math.max(0, state.index - 1), error: undefined, revealed: false };
    case 'reveal':
      return field.secret ? { ...state, revealed: !state.revealed } : state;
    case 'next':
    case 'submit': {
      // Leaving a field validates it; the error shows under it and the cursor stays.
      const checked = checkField(field, state.values[field.name] ?? '');
      if ('error' in checked) return { ...state, error: checked.error };
      const values = { ...state.values, [field.name]: checked.value };
      const last = state.index === fields.length - 1;
      if (last && action.type === 'next') return { ...state, values, error: undefined };
      return { index: last ? state.index : state.index + 1, values, error: undefined, done: last, revealed: false };
    }
  }
}
