// `T` on the dashboard while its configuration is a project's untrusted file: trust it (as
// `authui trust` does, for the content that was read) or leave it read-only.
import { Text } from 'ink';
import { PromptFrame } from '../components/PromptFrame.js';
import { useKeymap } from '../input/use-keymap.js';
import { useAppStore } from '../store/context.js';
import { Choice } from './Choice.js';
import type { DashboardActions } from './actions.js';

export function TrustConfirm({ actions, onBack }: { actions: DashboardActions; onBack(): void }) {
  const width = useAppStore((s) => s.size.columns);
  const path = useAppStore((s) => s.configPath);
  useKeymap('trust', { cancel: onBack });
  return (
    <PromptFrame title="Trust this configuration?" width={width} keys="trust">
      <Text> {path}</Text>
      <Text dimColor>
        {' '}
        It was found in the working directory. Trusted, authui logs in, renews and hands out credentials with it, to the
        servers it names, until the file changes.
      </Text>
      <Choice
        items={[
          { value: 'no', label: 'Not now: keep it read-only' },
          { value: 'yes', label: 'Trust it' },
        ]}
        onChoose={(choice) => {
          if (choice === 'yes') actions.trust();
          onBack();
        }}
      />
    </PromptFrame>
  );
}
