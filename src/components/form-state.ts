// The credential form's state, as a pure reducer: testable without a terminal (as in ink-ui).
import type { PromptField } from '../auth/prompter.js';

export interface FormState {
  /** The field being edited. */
  index: number;
  values: Record<string, string>;
  error?: string;
  done: boolean;
}

export type FormAction = { type: 'insert'; text: string } | { type: 'erase' } | { type: 'submit' } | { type: 'back' };

/**
 * Turns one chunk of terminal input into form actions. Paste and fast typing deliver several
 * keys at once ("AKIA…\r"): each character counts, and a CR or LF submits the field.
 */
export function actionsForInput(input: string, key: { return?: boolean; backspace?: boolean; delete?: boolean; ctrl?: boolean; meta?: boolean }): FormAction[] {
  if (key.return) return [{ type: 'submit' }];
  if (key.backspace || key.delete) return [{ type: 'erase' }];
  if (key.ctrl || key.meta) return [];
  const actions: FormAction[] = [];
  let text = '';
  for (const ch of input) {
    if (ch === '\r' || ch === '\n') {
      if (text) actions.push({ type: 'insert', text });
      text = '';
      actions.push({ type: 'submit' });
    } else if (ch === '\x7f' || ch === '\b') {
      if (text) actions.push({ type: 'insert', text });
      text = '';
      actions.push({ type: 'erase' });
    } else if (ch >= ' ') {
      text += ch;
    }
  }
  if (text) actions.push({ type: 'insert', text });
  return actions;
}

export function initialFormState(fields: readonly PromptField[]): FormState {
  return { index: 0, values: Object.fromEntries(fields.map((f) => [f.name, ''])), done: false };
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
    case 'insert':
      return { ...state, values: { ...state.values, [field.name]: (state.values[field.name] ?? '') + action.text }, error: undefined };
    case 'erase':
      return { ...state, values: { ...state.values, [field.name]: [...(state.values[field.name] ?? '')].slice(0, -1).join('') }, error: undefined };
    case 'back':
      return { ...state, index: Math.max(0, state.index - 1), error: undefined };
    case 'submit': {
      const checked = checkField(field, state.values[field.name] ?? '');
      if ('error' in checked) return { ...state, error: checked.error };
      const values = { ...state.values, [field.name]: checked.value };
      const last = state.index === fields.length - 1;
      return { index: last ? state.index : state.index + 1, values, error: undefined, done: last };
    }
  }
}
