// The credential form's state hook and input hook (as in ink-ui), shared by the field form and
// the MFA view.
import { useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import type { CredentialPromptSpec } from '../auth/prompter.js';
import { actionsForInput, formReducer, initialFormState, type FormAction, type FormState } from '../components/form-state.js';

export interface CredentialFormProps {
  spec: CredentialPromptSpec;
  width: number;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
}

/**
 * The form's state and input: the reducer, esc/ctrl-c to cancel, and every other key turned into
 * reducer actions. `filter` narrows typed text (the MFA view keeps digits only).
 */
export function useCredentialForm({ spec, onSubmit, onCancel }: Omit<CredentialFormProps, 'width'>, filter: (text: string) => string = (t) => t): FormState {
  const [state, dispatch] = useReducer((s: FormState, a: FormAction) => formReducer(spec.fields, s, a), spec.fields, initialFormState);
  useEffect(() => {
    if (state.done) onSubmit(state.values);
  }, [state.done]); // eslint-disable-line react-hooks/exhaustive-deps
  useInput((input, key) => {
    // ctrl-c reaches here only where the app lets it (the inline CLI form): it cancels.
    if (key.escape || (key.ctrl && input === 'c')) return onCancel();
    for (const action of actionsForInput(input, key)) {
      if (action.type !== 'insert') dispatch(action);
      else if (filter(action.text)) dispatch({ type: 'insert', text: filter(action.text) });
    }
  });
  return state;
}

