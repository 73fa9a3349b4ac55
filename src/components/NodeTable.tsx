// The provider/identity table. Windowed: only the rows that fit are rendered, so 5,000
// identities cost the same per frame as 20.
import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import type { NodeStatus } from '../auth/engine/views.js';
import { fit } from './theme.js';

/** Draws a row's state and time-left cells (the dashboard passes its clock-connected cell). */
export type CountdownRenderer = (node: NodeStatus, widths: { state: number; expires: number }) => ReactNode;

export interface Columns {
  name: number;
  kind: number;
  state: number;
  account: number;
  region: number;
  expires: number;
}

/** Splits the width among the columns; Name takes what the fixed ones leave. */
export function columnsFor(width: number): Columns {
  const gap = 5; // one space between six columns
  const wide = width >= 120;
  // State fits "! invalid_credentials" when wide, "! access_denied" otherwise.
  const fixed = {
    kind: wide ? 20 : 14,
    state: wide ? 21 : 15,
    account: wide ? 24 : 14,
    region: wide ? 14 : 10,
    expires: 9,
  };
  const used = fixed.kind + fixed.state + fixed.account + fixed.region + fixed.expires + gap + 2; // 2 = selection marker
  return { name: Math.max(8, width - used), ...fixed };
}

interface RowProps {
  node: NodeStatus;
  selected: boolean;
  columns: Columns;
  indent: boolean;
  countdown: CountdownRenderer;
}

const Row = memo(function Row({ node, selected, columns, indent, countdown }: RowProps) {
  const prefix = indent ? '  '.repeat(node.depth) : '';
  const name = `${prefix}${node.type === 'provider' ? '◆ ' : ''}${node.name}${node.default ? ' *' : ''}`;
  const kind = node.type === 'provider' ? `${node.label} (provider)` : node.label;
  // One Text per row, its cells nested: one yoga node per row instead of six.
  return (
    <Text>
      <Text inverse={selected}>
        {selected ? '› ' : '  '}
        {fit(name, columns.name)}{' '}
      </Text>
      <Text dimColor>{fit(kind, columns.kind)} </Text>
      {countdown(node, { state: columns.state + 1, expires: columns.expires })}{' '}
      {fit(node.account ?? node.subject ?? '—', columns.account)} {fit(node.region ?? '—', columns.region)}
    </Text>
  );
});

export interface NodeTableProps {
  rows: NodeStatus[];
  selected: number;
  start: number;
  height: number;
  width: number;
  /** Tree indentation (off while filtering, where rows are a flat match list). */
  indent: boolean;
  /** Must keep its identity across renders: rows are memoised on it. */
  countdown: CountdownRenderer;
}

export function NodeTable({ rows, selected, start, height, width, indent, countdown }: NodeTableProps) {
  const columns = columnsFor(width);
  const visible = rows.slice(start, start + height);
  return (
    <Box flexDirection="column">
      <Text bold>
        {'  '}
        {fit('Name', columns.name)} {fit('Kind', columns.kind)} {fit('State', columns.state)}{' '}
        {fit('Expires', columns.expires)} {fit('Account/Subject', columns.account)} {fit('Region', columns.region)}
      </Text>
      {visible.length === 0 ? <Text dimColor> No matching providers or identities.</Text> : null}
      {visible.map((node, i) => (
        <Row
          key={node.id}
          node={node}
          selected={start + i === selected}
          columns={columns}
          indent={indent}
          countdown={countdown}
        />
      ))}
    </Box>
  );
}
