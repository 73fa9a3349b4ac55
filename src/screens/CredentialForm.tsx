// Renders any CredentialPromptSpec: keys, MFA codes, passwords. Enter moves on (and submits on
// the last field), shift-tab goes back, esc cancels with nothing saved. Secret fields show
// only bullets.
import { Box, Text, useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import type { CredentialPromptSpec } from '../auth/prompter.js';
import { actionsForInput, formReducer, initialFormState, type FormAction, type FormState } from '../components/form-state.js';
import { KeyHints } from '../components/KeyHints.js';

export interface CredentialFormProps {
  spec: CredentialPromptSpec;
  width: number;
  onSubmit(values: Record<string, string>): void;
  onCancel(): void;
}

export function CredentialForm({ spec, width, onSubmit, onCancel }: CredentialFormProps) {
  const [state, dispatch] = useReducer((s: FormState, a: FormAction) => formReducer(spec.fields, s, a), spec.fields, initialFormState);
  useEffect(() => {
    if (state.done) onSubmit(state.values);
  }, [state.done]); // eslint-disable-line react-hooks/exhaustive-deps
  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.tab && key.shift) return dispatch({ type: 'back' });
    for (const action of actionsForInput(input, key)) dispatch(action);
  });
  return (
    <Box flexDirection="column" width={width}>
      <Text bold> {spec.title}</Text>
      {spec.description ? <Text> {spec.description}</Text> : null}
      <Box flexDirection="column" marginTop={1}>
        {spec.fields.map((field, i) => {
          const value = state.values[field.name] ?? '';
          const active = i === state.index && !state.done;
          const shown = field.secret ? '•'.repeat([...value].length) : value;
          const hint = field.default ? ` [${field.default}]` : field.required ? '' : ' (optional)';
          return (
            <Box key={field.name} flexDirection="column">
              <Text>
                {active ? '› ' : '  '}
                <Text bold={active}>
                  {field.title}
                  {hint}:
                </Text>{' '}
                {active ? `${shown}▏` : <Text dimColor>{shown}</Text>}
              </Text>
              {active && field.description ? <Text dimColor>    {field.description}</Text> : null}
              {active && state.error ? <Text color="red">    ✗ {state.error}</Text> : null}
            </Box>
          );
        })}
      </Box>
      <Box marginTop={1}>
        <KeyHints scope="form" width={width} />
      </Box>
    </Box>
  );
}
