// After a failed login: what went wrong, why, what to do, and where (identity, account, region,
// endpoint); then re-enter credentials / retry / cancel, or only "back" when nothing would help.
import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import { KeyHints } from '../components/KeyHints.js';
import { fit } from '../components/theme.js';
import type { Failure } from '../store/app-store.js';
import { useAppStore } from '../store/context.js';
import { actionFor, keyName, splitKeys } from '../input/keymap.js';
import type { AppServices } from './services.js';

export type RecoveryChoice = 'reenter' | 'retry' | 'cancel' | 'back';

const CHOICE_LABEL: Record<RecoveryChoice, string> = {
  reenter: 'Re-enter credentials',
  retry: 'Retry',
  cancel: 'Cancel',
  back: 'Back',
};

/**
 * Recoverable errors offer a retry and cancel, plus re-enter when the kind can ask for new
 * credentials; transient ones (network, 5xx, throttling) a retry; the rest only back.
 */
export function recoveryChoices(failure: Failure): RecoveryChoice[] {
  if (failure.recoverable) return failure.reenterable ? ['reenter', 'retry', 'cancel'] : ['retry', 'cancel'];
  if (failure.retryable) return ['retry', 'back'];
  return ['back'];
}

export function contextLine(failure: Failure): string {
  const c = failure.context;
  const parts = [
    ['Identity', c.identity ?? (c.provider ? undefined : failure.name)],
    ['Provider', c.provider],
    ['Account', c.account],
    ['Region', c.region],
    ['Endpoint', c.endpoint],
  ].filter((p): p is [string, string] => p[1] !== undefined);
  return parts.map(([k, v]) => `${k} ${v}`).join(' · ');
}

export function Recovery({ services, onBack }: { services: Pick<AppServices, 'login'>; onBack(): void }) {
  const failure = useAppStore((s) => s.recovery);
  const width = useAppStore((s) => s.size.columns);
  const [cursor, setCursor] = useState(0);
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  const choices = failure ? recoveryChoices(failure) : (['back'] as RecoveryChoice[]);

  const choose = (choice: RecoveryChoice) => {
    onBack();
    if (!failure) return;
    if (choice === 'reenter') services.login(failure.name, { reenter: true });
    else if (choice === 'retry') services.login(failure.name);
  };
  useInput((input, key) => {
    for (const [one, oneKey] of splitKeys(input, key)) {
      const action = actionFor('recovery', keyName(one, oneKey));
      if (action === 'up' || action === 'down') {
        const next = Math.min(Math.max(cursorRef.current + (action === 'up' ? -1 : 1), 0), choices.length - 1);
        cursorRef.current = next;
        setCursor(next);
      } else if (action === 'choose') return choose(choices[cursorRef.current] as RecoveryChoice);
      else if ((action === 'reenter' || action === 'retry') && choices.includes(action)) return choose(action);
      else if (action === 'cancel') return choose(choices.includes('cancel') ? 'cancel' : 'back');
    }
  });

  if (!failure) return <Text>Nothing to recover from.</Text>;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(` Login failed · ${failure.name}`, width)}</Text>
      <Text color="red"> ✗ {failure.code}: {failure.message}</Text>
      {failure.explanation ? <Text>   {failure.explanation}</Text> : null}
      {failure.hint ? <Text> Hint: {failure.hint}</Text> : null}
      <Text dimColor> {contextLine(failure)}</Text>
      <Box flexDirection="column" marginTop={1}>
        {choices.map((choice, i) => (
          <Text key={choice} inverse={i === cursor}>
            {i === cursor ? ' › ' : '   '}
            {CHOICE_LABEL[choice]}
          </Text>
        ))}
      </Box>
      <Box marginTop={1}>
        <KeyHints scope="recovery" width={width} />
      </Box>
    </Box>
  );
}
