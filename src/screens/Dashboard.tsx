// The dashboard: counts, the windowed table, the filter/notice line, status bar, key hints.
import { Box, Text } from 'ink';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { KeyHints } from '../components/KeyHints.js';
import { NodeTable, type CountdownRenderer } from '../components/NodeTable.js';
import { windowStart } from '../components/window.js';
import { StatusBar } from '../components/StatusBar.js';
import { fit, useTheme } from '../components/theme.js';
import { CountdownCell } from './CountdownCell.js';
import { expiryCounts, selectVisible, soonestExpiry, typeCounts } from '../store/dashboard-store.js';
import { useAppStore, useAppStoreApi } from '../store/context.js';
import { EXPIRING_WITHIN_MS } from '../auth/status.js';
import { formatRemaining } from '../auth/duration.js';

/** Lines the dashboard uses around the table: title, header, filter/notice, status bar, hints. */
export const DASHBOARD_CHROME_LINES = 5;

function countsLine(state: Parameters<typeof expiryCounts>[0]): string {
  const { providers, identities } = typeCounts(state);
  const { expired, expiring } = expiryCounts(state, EXPIRING_WITHIN_MS);
  return `${providers} provider${providers === 1 ? '' : 's'} · ${identities} identit${identities === 1 ? 'y' : 'ies'} · ${expiring} expiring · ${expired} expired`;
}

/** The soonest expiry still ahead, for the title: "next: dev-audit in 9m 12s". */
function nextExpiryText(state: Parameters<typeof soonestExpiry>[0]): string {
  const next = soonestExpiry(state);
  return next ? ` · next: ${next.name} in ${formatRemaining(next.at - state.now)}` : '';
}

function Title({ width }: { width: number }) {
  // Selectors return strings, so the title re-renders only when its text changes.
  const counts = useAppStore(countsLine);
  const next = useAppStore(nextExpiryText);
  const sort = useAppStore((s) => (s.sort === 'tree' ? '' : ` · sort: ${s.sort}`));
  const untrusted = useAppStore((s) => s.untrusted);
  const theme = useTheme();
  if (untrusted)
    return (
      <Text bold color={theme.warning}>
        {fit(` authui · UNTRUSTED config, read-only (T to trust) · ${counts}`, width)}
      </Text>
    );
  return <Text bold>{fit(` authui · ${counts}${next}${sort}`, width)}</Text>;
}

const countdown: CountdownRenderer = (node, widths) => (
  <CountdownCell
    id={node.id}
    listed={node.state}
    expiresAt={node.expiresAt}
    stateWidth={widths.state}
    expiresWidth={widths.expires}
  />
);

function ConnectedStatusBar({ width }: { width: number }) {
  const { backend, configPath } = useAppStore(useShallow((s) => ({ backend: s.backend, configPath: s.configPath })));
  return <StatusBar backend={backend} configPath={configPath} width={width} />;
}

/**
 * While the filter is open, builds its search text for the rows of the moment just after the
 * frame is drawn: at 20,000 rows that takes tens of milliseconds, which the first letter typed
 * would otherwise wait for.
 */
function usePreparedSearch(filtering: boolean) {
  const store = useAppStoreApi();
  const nodes = useAppStore((s) => (filtering ? s.nodes : undefined));
  useEffect(() => {
    if (nodes === undefined) return;
    const timer = setTimeout(() => store.getState().select.prepareSearch(nodes), 0);
    return () => clearTimeout(timer);
  }, [store, nodes]);
}

function FilterLine({ width }: { width: number }) {
  const theme = useTheme();
  const { filter, filtering, notice } = useAppStore(
    useShallow((s) => ({ filter: s.filter, filtering: s.filtering, notice: s.notice })),
  );
  usePreparedSearch(filtering);
  if (filtering) return <Text>{fit(` / ${filter}▏`, width)}</Text>;
  if (filter) return <Text>{fit(` filter: ${filter}  (esc clears)`, width)}</Text>;
  if (notice) {
    const tone = notice.level === 'error' ? theme.error : notice.level === 'warning' ? theme.warning : theme.info;
    return <Text color={tone}>{fit(` ${notice.level === 'info' ? 'ℹ' : '⚠'} ${notice.text}`, width)}</Text>;
  }
  return <Text> </Text>;
}

export function Dashboard() {
  const { columns, rows } = useAppStore(useShallow((s) => s.size));
  const visible = useAppStore(selectVisible);
  const selected = useAppStore((s) => s.selected);
  const flat = useAppStore((s) => s.filter !== '' || s.sort !== 'tree');
  const filtering = useAppStore((s) => s.filtering);
  // The frame stays within rows-1 lines to avoid the terminal scrolling (flicker).
  const height = Math.max(1, rows - 1 - DASHBOARD_CHROME_LINES - 1);
  const start = useRef(0);
  start.current = windowStart(selected, visible.length, height, start.current);
  return (
    <Box flexDirection="column" width={columns}>
      <Title width={columns} />
      <Box height={height + 1} flexDirection="column">
        <NodeTable
          rows={visible}
          selected={selected}
          start={start.current}
          height={height}
          width={columns}
          indent={!flat}
          countdown={countdown}
        />
      </Box>
      <FilterLine width={columns} />
      <ConnectedStatusBar width={columns} />
      <KeyHints scope={filtering ? 'filter' : 'dashboard'} width={columns} />
    </Box>
  );
}
