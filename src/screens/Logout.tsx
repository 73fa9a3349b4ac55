// The dashboard's logout screen (`o`): select → result panel. Rows update through the engine's
// change events as soon as the logout ran.
import { Text } from 'ink';
import { useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { reportLines } from '../auth/logout-report.js';
import type { LogoutScope } from '../auth/logout.js';
import { logoutOptions } from '../components/logout-select-state.js';
import { useAppStore, useAppStoreApi } from '../store/context.js';
import { useKeymap } from '../input/use-keymap.js';
import { LogoutResult, LogoutSelect } from './LogoutSelect.js';
import type { DashboardActions } from './actions.js';

type Phase = { kind: 'select' } | { kind: 'running' } | { kind: 'result'; lines: string[] };

export function Logout({ actions }: { actions: Pick<DashboardActions, 'planLogout' | 'logout'> }) {
  const store = useAppStoreApi();
  const { columns, rows } = useAppStore(useShallow((s) => s.size));
  // The rows as they were when the screen opened, so the list does not shift under the cursor.
  const nodes = useMemo(() => store.getState().nodes, [store]);
  const options = useMemo(() => logoutOptions(nodes), [nodes]);
  const [phase, setPhase] = useState<Phase>({ kind: 'select' });
  // Always listening and reading the phase from a ref: a listener switched on by an effect would
  // miss a key typed the moment the result appears.
  const current = useRef(phase);
  current.current = phase;
  useKeymap('logout-result', { back: () => current.current.kind === 'result' && store.getState().back() });

  const confirm = (scopes: LogoutScope[], dryRun: boolean) => {
    setPhase({ kind: 'running' });
    actions
      .planLogout(scopes)
      .then((plan) => actions.logout(plan, dryRun))
      .then(
        (report) =>
          setPhase({
            kind: 'result',
            lines: reportLines(report),
          }),
        (error: unknown) =>
          setPhase({ kind: 'result', lines: [`✗ ${error instanceof Error ? error.message : String(error)}`] }),
      );
  };

  if (phase.kind === 'running') return <Text> Logging out…</Text>;
  if (phase.kind === 'result') return <LogoutResult lines={phase.lines} width={columns} height={rows - 1} />;
  return (
    <LogoutSelect
      options={options}
      width={columns}
      height={rows - 1}
      preview={actions.planLogout}
      onConfirm={confirm}
      onCancel={() => store.getState().back()}
    />
  );
}
