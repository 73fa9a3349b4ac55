// One node in full (`enter`/`d`): chain, where its secrets are (backend and entry names, never
// values), the AWS files written for it, expiry, and its last 10 audit events.
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { NodeDetail } from '../auth/engine/views.js';
import { KeyHints } from '../components/KeyHints.js';
import { fit } from '../components/look.js';
import { useAppStore } from '../store/context.js';
import { detailLines, historyLines } from '../store/detail-view.js';
import { useKeymap } from '../input/use-keymap.js';
import type { DashboardActions } from './actions.js';

export function Detail({ actions, onBack }: { actions: Pick<DashboardActions, 'detail' | 'login'>; onBack(): void }) {
  const name = useAppStore((s) => s.focus);
  const width = useAppStore((s) => s.size.columns);
  const rows = useAppStore((s) => s.size.rows);
  const now = useAppStore((s) => s.now);
  // Reloaded whenever the rows change (a login or logout just happened).
  const nodes = useAppStore((s) => s.nodes);
  const failure = useAppStore((s) => (name ? Object.values(s.failures).find((f) => f.name === name) : undefined));
  const lastTest = useAppStore((s) => {
    const id = s.nodes.find((n) => n.name === name)?.id;
    return id === undefined ? undefined : s.tests[id];
  });
  const [detail, setDetail] = useState<NodeDetail | { error: string }>();
  useEffect(() => {
    let current = true;
    if (name) {
      actions.detail(name).then(
        (d) => current && setDetail(d),
        (e: unknown) => current && setDetail({ error: e instanceof Error ? e.message : String(e) }),
      );
    }
    return () => {
      current = false;
    };
  }, [name, nodes]); // eslint-disable-line react-hooks/exhaustive-deps
  useKeymap('detail', { back: onBack, login: () => name && actions.login(name) });
  const lines = detail && !('error' in detail) ? detailLines(detail, now, failure, lastTest) : [];
  // As wide as the longest label and a space: a kind's fact ("Description") can be longer than ours.
  const labelWidth = Math.max(11, ...lines.map(([label]) => label.length + 1));
  const history = detail && !('error' in detail) ? historyLines(detail) : [];
  // Title, history heading and key hints take three lines; the newest events win the rest.
  const historyRoom = Math.max(1, rows - 1 - 3 - lines.length);
  const shownHistory = history.length > historyRoom ? history.slice(history.length - historyRoom) : history;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(` Detail · ${name ?? ''}`, width)}</Text>
      {detail === undefined ? <Text> …</Text> : null}
      {detail && 'error' in detail ? <Text> ✗ {detail.error}</Text> : null}
      {detail && !('error' in detail) ? (
        <>
          {lines.map(([label, value], i) => (
            <Text key={i} wrap="truncate-end">
              {' '}
              <Text bold>{label.padEnd(labelWidth)}</Text>
              {value}
            </Text>
          ))}
          <Text bold> History (last {shownHistory.length < history.length ? `${shownHistory.length} of ` : ''}10)</Text>
          {shownHistory.map((line, i) => (
            <Text key={`h${i}`} wrap="truncate-end">
              {'   '}
              {line}
            </Text>
          ))}
        </>
      ) : null}
      <KeyHints scope="detail" width={width} />
    </Box>
  );
}
