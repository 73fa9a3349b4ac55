// The provider/identity table. Windowed: only the rows that fit are rendered, so 5,000
// identities cost the same per frame as 20. What each line holds is components/lines.ts.
import { Box, Text } from 'ink';
import { memo, useMemo, type ReactNode } from 'react';
import type { NodeStatus } from '../auth/engine/views.js';
import { columnsFor, NO_MATCHING_ROWS, rowLead, rowTail, tableHeader, type Columns } from './lines.js';
import { Segments, StyledLine } from './Styled.js';

/** Draws a row's state and time-left cells (the dashboard passes its clock-connected cell). */
export type CountdownRenderer = (node: NodeStatus, widths: { state: number; expires: number }) => ReactNode;

interface RowProps {
  node: NodeStatus;
  selected: boolean;
  columns: Columns;
  indent: boolean;
  countdown: CountdownRenderer;
}

const Row = memo(function Row({ node, selected, columns, indent, countdown }: RowProps) {
  // One Text per row, its cells nested: one yoga node per row instead of six.
  return (
    <Text>
      <Segments segments={rowLead(node, selected, columns, indent)} />
      {countdown(node, { state: columns.state + 1, expires: columns.expires })}
      <Segments segments={rowTail(node, columns)} />
    </Text>
  );
});

export interface NodeTableProps {
  /** The rows in view, of which the table draws a window: an array, or the store's filter result. */
  rows: { readonly length: number; slice(start: number, end: number): NodeStatus[] };
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
  // One object per width: a new one each render would defeat Row's memo (every row redrawn per key).
  const columns = useMemo(() => columnsFor(width), [width]);
  const visible = rows.slice(start, start + height);
  return (
    <Box flexDirection="column">
      <StyledLine segments={tableHeader(columns)} />
      {visible.length === 0 ? <StyledLine segments={NO_MATCHING_ROWS} /> : null}
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
