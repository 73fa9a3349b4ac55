// The key router: the active screen owns the keys (docs/architecture.md, "Input").
import { Box, Text, useApp } from 'ink';
import { plainText, useTerminalInput } from '../input/terminal-input.js';
import { useAppStore, useAppStoreApi } from '../store/context.js';
import { selectVisible } from '../store/dashboard-store.js';
import { Dashboard } from './Dashboard.js';
import { DASHBOARD_CHROME_LINES, MIN_SIZE } from './dashboard-lines.js';
import { loginCancelled } from '../auth/prompter.js';
import { CredentialForm } from './CredentialForm.js';
import { Detail } from './Detail.js';
import { DeviceCode } from './DeviceCode.js';
import { Help } from './Help.js';
import { Recovery } from './Recovery.js';
import { SortPicker } from './SortPicker.js';
import { TrustConfirm } from './TrustConfirm.js';
import { Logout } from './Logout.js';
import type { DashboardActions } from './actions.js';
import { actionFor, keyName, splitKeys, type InkKey } from '../input/keymap.js';

export interface ScreensProps {
  /** The engine's side (the runner wires it; tests pass fakes). Without it, l and o do nothing. */
  actions?: DashboardActions;
}

export function Screens({ actions }: ScreensProps = {}) {
  const store = useAppStoreApi();
  const { exit } = useApp();
  const screen = useAppStore((s) => s.screens[s.screens.length - 1] ?? 'dashboard');
  const columns = useAppStore((s) => s.size.columns);
  const rows = useAppStore((s) => s.size.rows);
  const form = useAppStore((s) => s.form);
  const formSeq = useAppStore((s) => s.formSeq);

  // Not useKeymap: one chunk ("/adm" from a paste or tmux) switches from the dashboard's keys to
  // the filter's in the middle, so the scope is chosen per key here. For the same reason the
  // filter line is our own input rather than ink-text-input, which would mount a render too late.
  useTerminalInput((input, key) => {
    if (key.paste) return paste(input);
    for (const [one, oneKey] of splitKeys(input, key)) route(one, oneKey);
  });

  /** A paste is text: the filter takes it as one line; the list takes none (it presses no keys). */
  function paste(text: string) {
    const s = store.getState();
    if (s.screens[s.screens.length - 1] === 'dashboard' && s.filtering) s.typeFilter(s.filter + plainText(text));
  }

  function route(input: string, key: InkKey & { meta?: boolean }) {
    const s = store.getState();
    const name = keyName(input, key);
    const top = s.screens[s.screens.length - 1];
    // Every screen but the dashboard owns its keys; ctrl-c is Ink's.
    if (top !== 'dashboard') return;
    if (s.filtering) {
      const action = actionFor('filter', name);
      if (action === 'quit') exit();
      else if (action === 'apply') s.endFilter(true);
      else if (action === 'cancel') s.endFilter(false);
      else if (action === 'erase') s.typeFilter(s.filter.slice(0, -1));
      else if (name === 'up' || name === 'down') s.move(name === 'up' ? -1 : 1);
      else if (input && !key.ctrl && !key.meta && input >= ' ') s.typeFilter(s.filter + input);
      return;
    }
    const page = Math.max(1, s.size.rows - DASHBOARD_CHROME_LINES - 2);
    switch (actionFor('dashboard', name)) {
      case 'up':
        return s.move(-1);
      case 'down':
        return s.move(1);
      case 'page-up':
        return s.move(-page);
      case 'page-down':
        return s.move(page);
      case 'first':
        return s.moveTo(0);
      case 'last':
        return s.moveTo(selectVisible(s).length - 1);
      case 'filter':
        return s.startFilter();
      case 'clear-filter':
        return s.endFilter(false);
      case 'help':
        return s.push('help');
      case 'login': {
        const node = selectVisible(s).at(s.selected);
        return node ? actions?.login(node.name) : undefined;
      }
      case 'refresh': {
        const node = selectVisible(s).at(s.selected);
        return node ? actions?.refresh(node.name) : undefined;
      }
      case 'test': {
        const node = selectVisible(s).at(s.selected);
        return node ? actions?.test(node.name) : undefined;
      }
      case 'logout':
        return actions ? s.push('logout') : undefined;
      case 'detail': {
        const node = selectVisible(s).at(s.selected);
        return node && actions ? s.openDetail(node.name) : undefined;
      }
      case 'sort':
        return s.push('sort');
      case 'trust':
        return s.untrusted && actions ? s.push('trust') : undefined;
      case 'quit':
        return exit();
      default:
        return undefined;
    }
  }

  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
    return (
      <Box flexDirection="column">
        <Text>
          Terminal too small ({columns}×{rows}).
        </Text>
        <Text>
          authui needs at least {MIN_SIZE.columns}×{MIN_SIZE.rows}. Enlarge the window, or press q to quit.
        </Text>
      </Box>
    );
  }
  if (screen === 'form' && form) {
    return (
      <CredentialForm
        key={formSeq}
        spec={form.spec}
        width={columns}
        onSubmit={(values) => {
          store.getState().closeForm();
          form.resolve(values);
        }}
        onCancel={() => {
          store.getState().closeForm();
          form.reject(loginCancelled());
        }}
      />
    );
  }
  const back = () => store.getState().back();
  if (screen === 'device-code') return <DeviceCode />;
  if (screen === 'logout' && actions) return <Logout actions={actions} />;
  if (screen === 'sort') return <SortPicker onBack={back} />;
  if (screen === 'trust' && actions) return <TrustConfirm actions={actions} onBack={back} />;
  if (screen === 'detail' && actions) return <Detail actions={actions} onBack={back} />;
  if (screen === 'recovery' && actions) return <Recovery actions={actions} onBack={back} />;
  return screen === 'help' ? <Help width={columns} height={rows - 1} onBack={back} /> : <Dashboard />;
}
