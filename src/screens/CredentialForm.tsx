// Renders any CredentialPromptSpec: keys, passwords, MFA codes. Enter moves on (and submits on
// the last field), tab/shift-tab and the arrows move between fields, esc cancels with nothing
// saved. Secret fields show bullets unless revealed with ctrl-r while the field is active.
import { Box, Text } from 'ink';
import { PromptFrame } from '../components/PromptFrame.js';
import { useTheme } from '../components/theme.js';
import { Mfa, isMfaSpec } from './Mfa.js';
import { useCredentialForm, type CredentialFormProps } from './use-credential-form.js';

export type { CredentialFormProps } from './use-credential-form.js';

export function CredentialForm(props: CredentialFormProps) {
  return isMfaSpec(props.spec) ? <Mfa {...props} /> : <FieldsForm {...props} />;
}

function FieldsForm({ spec, width, onSubmit, onCancel }: CredentialFormProps) {
  const state = useCredentialForm({ spec, onSubmit, onCancel });
  const theme = useTheme();
  return (
    <PromptFrame title={spec.title} description={spec.description} width={width} keys="form">
      {spec.fields.map((field, i) => {
        const value = state.values[field.name] ?? '';
        const active = i === state.index && !state.done;
        const hint = field.default ? ` [${field.default}]` : field.required ? '' : ' (optional)';
        // One line per field: a long value (a pasted token) shows its end, where typing happens.
        const room = Math.max(8, width - field.title.length - hint.length - 24);
        const chars = [...value];
        const cut = chars.length > room;
        const visible = cut ? chars.slice(chars.length - room + 1) : chars;
        const masked = field.secret && !(active && state.revealed);
        const shown = `${cut ? '…' : ''}${masked ? '•'.repeat(visible.length) : visible.join('')}`;
        return (
          <Box key={field.name} flexDirection="column">
            <Text>
              {active ? '› ' : '  '}
              <Text bold={active}>
                {field.title}
                {hint}:
              </Text>{' '}
              {active ? `${shown}▏` : <Text dimColor>{shown}</Text>}
              {active && field.secret ? (
                <Text dimColor>{state.revealed ? '  (shown; ctrl-r hides)' : '  (ctrl-r shows)'}</Text>
              ) : null}
            </Text>
            {active && field.description ? <Text dimColor> {field.description}</Text> : null}
            {active && state.error ? <Text color={theme.error}> ✗ {state.error}</Text> : null}
          </Box>
        );
      })}
    </PromptFrame>
  );
}
