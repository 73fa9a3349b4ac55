// Choose what to log out from, see exactly what will go, confirm (issue 6). Used full screen by
// the dashboard (`o`) and inline by `authui logout` without arguments in a terminal.
import { Box, Text } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import { alreadyLoggedOut } from '../auth/logout-report.js';
import type { LogoutPlan, LogoutScope } from '../auth/logout.js';
import { STATE_SYMBOL } from '../auth/status.js';
import { KeyHints } from '../components/KeyHints.js';
import {
  chosenScopes,
  initialLogoutSelect,
  logoutSelectReducer,
  type LogoutOption,
  type LogoutSelectAction,
} from '../components/logout-select-state.js';
import { fit } from '../components/look.js';
import { windowStart } from '../components/window.js';
import { useKeymap } from '../input/use-keymap.js';

export interface LogoutSelectProps {
  options: LogoutOption[];
  width: number;
  /** Lines available; the list and the preview share them. */
  height: number;
  initialDryRun?: boolean;
  preview(scopes: LogoutScope[]): Promise<LogoutPlan>;
  onConfirm(scopes: LogoutScope[], dryRun: boolean): void;
  /** `interrupted` is true for ctrl-c (the inline CLI exits 130 then). */
  onCancel(interrupted: boolean): void;
}

type Preview = { plan: LogoutPlan } | { error: string } | undefined;

/** The preview follows the selection; a slow plan never overwrites a newer one. */
function usePreview(preview: LogoutSelectProps['preview'], scopes: LogoutScope[]): Preview {
  const [result, setResult] = useState<Preview>();
  const key = JSON.stringify(scopes);
  useEffect(() => {
    let current = true;
    preview(scopes).then(
      (plan) => current && setResult({ plan }),
      (error: unknown) => current && setResult({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return result;
}

function useLogoutSelectInput(
  dispatch: (a: LogoutSelectAction) => void,
  confirm: () => void,
  cancel: (interrupted: boolean) => void,
) {
  useKeymap('logout', {
    up: () => dispatch({ type: 'move', delta: -1 }),
    down: () => dispatch({ type: 'move', delta: 1 }),
    toggle: () => dispatch({ type: 'toggle' }),
    'toggle-all': () => dispatch({ type: 'toggle-all' }),
    'toggle-dry-run': () => dispatch({ type: 'toggle-dry-run' }),
    confirm,
    cancel: () => cancel(false),
    // ctrl-c: the inline CLI exits 130 with nothing removed.
    quit: () => cancel(true),
  });
}

function PreviewPane({
  preview,
  dryRun,
  width,
  height,
}: {
  preview: Preview;
  dryRun: boolean;
  width: number;
  height: number;
}) {
  const title = dryRun ? 'Dry run — would be removed (nothing changes):' : 'Will be removed:';
  let lines: string[];
  if (preview === undefined) lines = ['…'];
  else if ('error' in preview) lines = [`✗ ${preview.error}`];
  else if (preview.plan.items.length === 0) lines = alreadyLoggedOut(preview.plan.scopes).split('\n');
  else lines = preview.plan.items.map((i) => `• ${i.label}`);
  const room = Math.max(1, height - 1);
  const shown = lines.length > room ? [...lines.slice(0, room - 1), `… and ${lines.length - room + 1} more`] : lines;
  return (
    <Box flexDirection="column">
      <Text bold>{fit(` ${title}`, width)}</Text>
      {shown.map((line, i) => (
        <Text key={i}>{fit(`   ${line}`, width)}</Text>
      ))}
    </Box>
  );
}

/** The reducer's state, applied at once so keys in one chunk ("  \r") see each other's effect. */
function useLogoutSelectState(options: LogoutOption[], initialDryRun: boolean) {
  const state = useRef(initialLogoutSelect(initialDryRun));
  const [, rendered] = useReducer((n: number) => n + 1, 0);
  const dispatch = (action: LogoutSelectAction) => {
    state.current = logoutSelectReducer(options, state.current, action);
    rendered();
  };
  return { state: state.current, current: () => state.current, dispatch };
}

export function LogoutSelect({
  options,
  width,
  height,
  initialDryRun = false,
  preview,
  onConfirm,
  onCancel,
}: LogoutSelectProps) {
  const { state, current, dispatch } = useLogoutSelectState(options, initialDryRun);
  const scopes = chosenScopes(options, state);
  const planned = usePreview(preview, scopes);
  useLogoutSelectInput(
    dispatch,
    () => {
      const now = current();
      const chosen = chosenScopes(options, now);
      if (chosen.length > 0) onConfirm(chosen, now.dryRun);
    },
    onCancel,
  );
  // Title + dry-run line + blank + hints = 4; the rest is split between list and preview.
  const body = Math.max(4, height - 4);
  // The preview takes what it needs up to half the room; the list gets the rest.
  const previewWants = 1 + (planned && 'plan' in planned ? Math.max(1, planned.plan.items.length) : 1);
  const previewRows = Math.min(previewWants, Math.max(2, Math.floor(body / 2)));
  const listRows = Math.min(options.length, body - previewRows);
  const start = useRef(0);
  start.current = windowStart(state.cursor, options.length, listRows, start.current);
  const shown = options.slice(start.current, start.current + listRows);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(' Log out — tick with space, enter to confirm', width)}</Text>
      <Text>
        {fit(` Dry run: ${state.dryRun ? 'ON (press d to turn off)' : 'off (press d to preview only)'}`, width)}
      </Text>
      {shown.map((option, i) => {
        const index = start.current + i;
        const mark = state.selected.has(option.key) ? '[x]' : '[ ]';
        const symbol = option.state ? `${STATE_SYMBOL[option.state]} ` : '';
        return (
          <Text key={option.key} inverse={index === state.cursor}>
            {fit(
              `${index === state.cursor ? '›' : ' '} ${mark} ${'  '.repeat(option.depth)}${symbol}${option.label}`,
              width,
            )}
          </Text>
        );
      })}
      <PreviewPane preview={planned} dryRun={state.dryRun} width={width} height={previewRows} />
      <KeyHints scope="logout" width={width} />
    </Box>
  );
}

export function LogoutResult({ lines, width, height }: { lines: string[]; width: number; height: number }) {
  const room = Math.max(1, height - 2);
  const shown = lines.length > room ? [...lines.slice(0, room - 1), `… ${lines.length - room + 1} more lines`] : lines;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(' Log out — result', width)}</Text>
      {shown.map((line, i) => (
        <Text key={i}>{line === '' ? ' ' : ` ${line}`}</Text>
      ))}
      <KeyHints scope="logout-result" width={width} />
    </Box>
  );
}
