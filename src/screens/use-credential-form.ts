// The credential form's state hook and input hook (as in ink-ui), shared by the field form and
// the MFA view.
import { useEffect, useReducer } from 'react';
import type { CredentialPromptSpec } from '../auth/prompter.js';
import {
  actionsForInput,
  formReducer,
  initialFormState,
  type FormAction,
  type FormState,
} from '../components/form-state.js';
import { useTerminalInput } from '../input/terminal-input.js';

export interface CredentialFormProps {
  spec: CredentialPromptSpec;
  width: number;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
}

/**
 * The form's state and input: the reducer, esc/ctrl-c to cancel, and every other key turned into
 * reducer actions. `typed` turns typed text into actions (the MFA view keeps six digits).
 */
export function useCredentialForm(
  { spec, onSubmit, onCancel }: Omit<CredentialFormProps, 'width'>,
  typed: (text: string, state: FormState) => FormAction[] = (text) => [{ type: 'insert', text }],
): FormState {
  const [state, dispatch] = useReducer(
    (s: FormState, a: FormAction) => formReducer(spec.fields, s, a),
    spec.fields,
    initialFormState,
  );
  useEffect(() => {
    if (state.done) onSubmit(state.values);
  }, [state.done]); // eslint-disable-line react-hooks/exhaustive-deps
  useTerminalInput((input, key) => {
    // ctrl-c reaches here only where the app lets it (the inline CLI form): it cancels.
    if (key.escape || (key.ctrl && input === 'c')) return onCancel();
    for (const action of actionsForInput(input, key)) {
      if (action.type !== 'insert') dispatch(action);
      else for (const mapped of typed(action.text, state)) dispatch(mapped);
    }
  });
  return state;
}
