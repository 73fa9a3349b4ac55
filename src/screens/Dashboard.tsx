// The dashboard: counts, the windowed table, the filter/notice line, status bar, key hints. What
// each line holds is screens/dashboard-lines.ts (shared with the first frame drawn before Ink).
import { Box } from 'ink';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { KeyHints } from '../components/KeyHints.js';
import { NodeTable, type CountdownRenderer } from '../components/NodeTable.js';
import { windowStart } from '../components/window.js';
import { StatusBar } from '../components/StatusBar.js';
import { StyledLine } from '../components/Styled.js';
import { useTheme } from '../components/theme.js';
import { CountdownCell } from './CountdownCell.js';
import { selectVisible } from '../store/dashboard-store.js';
import { useAppStore, useAppStoreApi } from '../store/context.js';
import { countsText, filterLine, nextExpiryText, sortText, tableHeight, title } from './dashboard-lines.js';

function Title({ width }: { width: number }) {
  // Selectors return strings, so the title re-renders only when its text changes.
  const counts = useAppStore(countsText);
  const next = useAppStore(nextExpiryText);
  const sort = useAppStore(sortText);
  const untrusted = useAppStore((s) => s.untrusted);
  return <StyledLine segments={title({ counts, next, sort, untrusted }, width, useTheme())} />;
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
  const line = useAppStore(useShallow((s) => ({ filter: s.filter, filtering: s.filtering, notice: s.notice })));
  usePreparedSearch(line.filtering);
  return <StyledLine segments={filterLine(line, width, theme)} />;
}

export function Dashboard() {
  const { columns, rows } = useAppStore(useShallow((s) => s.size));
  const visible = useAppStore(selectVisible);
  const selected = useAppStore((s) => s.selected);
  const flat = useAppStore((s) => s.filter !== '' || s.sort !== 'tree');
  const filtering = useAppStore((s) => s.filtering);
  const height = tableHeight(rows);
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
