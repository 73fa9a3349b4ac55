// After a failed login: what went wrong, why, what to do, and where (identity, account, region,
// endpoint); then re-enter credentials / retry / cancel, or only "back" when nothing would help.
import { Text } from 'ink';
import { PromptFrame } from '../components/PromptFrame.js';
import { useTheme } from '../components/theme.js';
import { useKeymap } from '../input/use-keymap.js';
import type { Failure } from '../store/dashboard-store.js';
import { useAppStore } from '../store/context.js';
import { Choice } from './Choice.js';
import type { DashboardActions } from './actions.js';

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

export function Recovery({ actions, onBack }: { actions: Pick<DashboardActions, 'login'>; onBack(): void }) {
  const failure = useAppStore((s) => s.recovery);
  const width = useAppStore((s) => s.size.columns);
  const theme = useTheme();
  const choices = failure ? recoveryChoices(failure) : (['back'] as RecoveryChoice[]);

  const choose = (choice: RecoveryChoice) => {
    onBack();
    if (!failure) return;
    if (choice === 'reenter') actions.login(failure.name, { reenter: true });
    else if (choice === 'retry') actions.login(failure.name);
  };
  // Arrows, j/k and enter belong to the menu; these are the shortcuts beside it.
  useKeymap('recovery', {
    reenter: () => choices.includes('reenter') && choose('reenter'),
    retry: () => choices.includes('retry') && choose('retry'),
    cancel: () => choose(choices.includes('cancel') ? 'cancel' : 'back'),
  });

  if (!failure) return <Text>Nothing to recover from.</Text>;
  return (
    <PromptFrame title={`Login failed · ${failure.name}`} width={width} keys="recovery">
      <Text color={theme.error}>
        {' '}
        ✗ {failure.code}: {failure.message}
      </Text>
      {failure.explanation ? <Text> {failure.explanation}</Text> : null}
      {failure.hint ? <Text> Hint: {failure.hint}</Text> : null}
      <Text dimColor> {contextLine(failure)}</Text>
      <Text> </Text>
      <Choice items={choices.map((c) => ({ value: c, label: CHOICE_LABEL[c] }))} onChoose={choose} />
    </PromptFrame>
  );
}
