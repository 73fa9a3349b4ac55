import stringWidth from 'string-width';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { NodeTable, type CountdownRenderer } from '../../src/components/NodeTable.js';
import { columnsFor } from '../../src/components/lines.js';
import { windowStart } from '../../src/components/window.js';
import { Text } from 'ink';
import { makeStore, renderWith, status, frameShowing, frameText } from '../helpers/ui.js';

const countdown: CountdownRenderer = (node) => <Text>[{node.state}]</Text>;

describe('NodeTable', () => {
  it('renders only the rows in its window', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => status(`id-${String(i).padStart(4, '0')}`));
    const ui = renderWith(
      makeStore(rows),
      <NodeTable rows={rows} selected={500} start={495} height={10} width={100} indent countdown={countdown} />,
    );
    const frame = frameText(ui);
    expect(frame.split('\n')).toHaveLength(11); // header + 10 rows
    expect(frame).toContain('id-0495');
    expect(frame).toContain('id-0504');
    expect(frame).not.toContain('id-0494');
    expect(frame).not.toContain('id-0505');
    expect(frame).toMatch(/› id-0500/);
    expect(frame).toContain('[logged_out]');
  });

  it('a move of the selection draws again only the two rows it changes', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => status(`id-${String(i).padStart(4, '0')}`));
    const drawn = vi.fn<CountdownRenderer>((node) => <Text>[{node.state}]</Text>);
    let select: (index: number) => void = () => {};
    function Table() {
      const [selected, setSelected] = useState(500);
      select = setSelected;
      return <NodeTable rows={rows} selected={selected} start={495} height={10} width={100} indent countdown={drawn} />;
    }
    const ui = renderWith(makeStore(rows), <Table />);
    expect(drawn).toHaveBeenCalledTimes(10);
    drawn.mockClear();
    select(501);
    await frameShowing(ui, /› id-0501/);
    expect(drawn.mock.calls.map(([node]) => node.name).sort()).toEqual(['id-0500', 'id-0501']);
  });

  it('indents identities under what they come via and marks providers and the default', () => {
    const rows = [
      status('sso', { id: 'provider:sso', type: 'provider', label: 'AWS SSO' }),
      status('ro', { depth: 1, parent: 'provider:sso', default: true }),
    ];
    const frame = frameText(
      renderWith(
        makeStore(rows),
        <NodeTable rows={rows} selected={0} start={0} height={5} width={100} indent countdown={countdown} />,
      ),
    );
    expect(frame).toMatch(/◆ sso\s+AWS SSO \(prov/);
    expect(frame).toMatch(/\n {4}ro \*/);
  });

  it('lines cells up by display width: a CJK, combining or emoji name moves no later cell', () => {
    const rows = [
      status('dev', { label: 'AWS user', region: 'eu-west-1' }),
      status('ünïcødé-名前', { label: 'AWS user', region: 'eu-west-1' }),
      status('cafe\u0301-👍', { label: 'AWS user', region: 'eu-west-1' }),
      status('名前名前名前名前名前名前名前名前名前', { label: 'AWS user', region: 'eu-west-1' }),
    ];
    const frame = frameText(
      renderWith(
        makeStore(rows),
        <NodeTable rows={rows} selected={0} start={0} height={6} width={100} indent countdown={countdown} />,
      ),
    );
    const lines = frame.split('\n').filter((line) => line.includes('eu-west-1'));
    expect(lines).toHaveLength(4);
    const startOf = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    for (const text of ['AWS user', 'eu-west-1'])
      expect(new Set(lines.map((line) => startOf(line, text))), text).toHaveLength(1);
  });

  it('keeps the window still until the selection leaves it', () => {
    expect(windowStart(5, 100, 10, 0)).toBe(0);
    expect(windowStart(10, 100, 10, 0)).toBe(1);
    expect(windowStart(3, 100, 10, 5)).toBe(3);
    expect(windowStart(99, 100, 10, 0)).toBe(90);
    expect(windowStart(2, 5, 10, 3)).toBe(0);
  });

  it('fits its columns in the width it is given, to the column: a narrow terminal never wraps a row', () => {
    for (let width = 60; width <= 200; width++) {
      const c = columnsFor(width);
      expect(c.name + c.kind + c.state + c.account + c.region + c.expires + 5 + 2, `width ${width}`).toBe(width);
    }
  });
});
