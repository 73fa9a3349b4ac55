// The MFA step: which device and which identity, six digit slots, digits only (paste works,
// spaces and dashes are dropped). A rejected code comes back here with the engine's message.
import { Box, Text } from 'ink';
import { PromptFrame } from '../components/PromptFrame.js';
import { useTheme } from '../components/theme.js';
import type { CredentialPromptSpec } from '../auth/prompter.js';
import { useCredentialForm, type CredentialFormProps } from './use-credential-form.js';

const MFA_DIGITS = 6;

/** A spec that asks only for a one-time code gets the MFA view. */
export function isMfaSpec(spec: CredentialPromptSpec): boolean {
  return spec.fields.length === 1 && spec.fields[0]?.kind === 'otp';
}

/** Six slots: "1 2 3 _ _ _". */
function slots(code: string): string {
  return Array.from({ length: MFA_DIGITS }, (_, i) => code[i] ?? '_').join(' ');
}

export function Mfa({ spec, width, onSubmit, onCancel }: CredentialFormProps) {
  const field = spec.fields[0];
  const state = useCredentialForm({ spec, onSubmit, onCancel }, (text, current) => {
    const digits = text.replace(/\D/g, '');
    if (digits === '') return [];
    // After a refused code, typing starts a new one; never more than six digits.
    if (current.error) return [{ type: 'clear' }, { type: 'insert', text: digits.slice(0, MFA_DIGITS) }];
    const room = MFA_DIGITS - [...(current.values[field?.name ?? ''] ?? '')].length;
    return room > 0 ? [{ type: 'insert', text: digits.slice(0, room) }] : [];
  });
  const code = (state.values[field?.name ?? ''] ?? '').slice(0, MFA_DIGITS);
  const theme = useTheme();
  return (
    <PromptFrame title={spec.title} description={spec.description} width={width} keys="mfa">
      <Box>
        <Text>
          {'› '}
          {field?.title ?? 'MFA code'}: <Text bold>{slots(code)}</Text>
        </Text>
      </Box>
      {state.error ? (
        <Text color={theme.error}> ✗ {state.error}</Text>
      ) : (
        <Text dimColor> the {MFA_DIGITS} digits your device shows now</Text>
      )}
    </PromptFrame>
  );
}
