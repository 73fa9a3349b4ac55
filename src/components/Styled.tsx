// Draws styled segments (components/look.ts) as nested Ink Text: one line of the dashboard.
import { Text } from 'ink';
import type { Segment } from './look.js';

/** The segments as Text children (inside a Text they lay out as one line, one yoga node). */
export function Segments({ segments }: { segments: readonly Segment[] }) {
  return (
    <>
      {segments.map(({ text, ...style }, i) => (
        <Text key={i} {...style}>
          {text}
        </Text>
      ))}
    </>
  );
}

/** One line of segments. */
export function StyledLine({ segments }: { segments: readonly Segment[] }) {
  return (
    <Text>
      <Segments segments={segments} />
    </Text>
  );
}
