import { describe, expect, it, vi } from 'vitest';
import { Screens } from '../../src/screens/Screens.js';
import { KEYMAP } from '../../src/input/keymap.js';
import { frameShowing, frameText, makeStore, NOW, press, renderWith, settle, status } from '../helpers/ui.js';
import { eventually } from '../helpers/wait.js';

const nodes = [
  status('acme-sso', {
    id: 'provider:acme-sso',
    type: 'provider',
    label: 'AWS SSO',
    state: 'active',
    expiresAt: NOW + 8 * 3600_000,
  }),
  status('prod-ro', {
    depth: 1,
    parent: 'provider:acme-sso',
    state: 'active',
    expiresAt: NOW + 10 * 60_000,
    account: '444455556666',
  }),
  status('dev', { state: 'expired', expiresAt: NOW - 60_000, region: 'us-east-1' }),
  status('ci-bot', { state: 'logged_out' }),
];

describe('Dashboard', () => {
  it('shows counts, rows, the status bar and key hints', () => {
    const text = frameText(renderWith(makeStore(nodes), <Screens />));
    expect(text).toContain('authui · 1 provider · 3 identities · 1 expiring · 1 expired');
    expect(text).toMatch(/› ◆ acme-sso/);
    expect(text).toMatch(/prod-ro\s+AWS user\s+◐ expiring\s+10m 00s\s+444455556666/);
    expect(text).toMatch(/dev\s+AWS user\s+✗ expired/);
    expect(text).toContain('Credentials: file');
    expect(text).toContain('enter/d detail · l log in · r renew · o log out · / filter · ? help · q quit');
  });

  it('s opens the sort menu on the current order; enter sorts, esc keeps the order', async () => {
    const store = makeStore(nodes);
    const ui = renderWith(store, <Screens />);
    await press(ui, 's');
    const menu = await frameShowing(ui, 'Sort rows by');
    expect(menu).toMatch(/› Tree/);
    // The menu's input handler attaches after its first frame: on a loaded machine a key sent at
    // once can arrive before it. Move towards Name from wherever the highlight is (a slow key
    // that was sent again overshoots, and is walked back), until it is there.
    for (let i = 0; i < 20 && !/› Name/.test(frameText(ui)); i++) {
      const from = /› (Tree|Name|Time)/.exec(frameText(ui))?.[1];
      await press(ui, from === 'Time' ? 'k' : 'j');
      await frameShowing(ui, new RegExp(`› (?!${from})`), 500).catch(() => undefined);
    }
    expect(frameText(ui)).toMatch(/› Name/);
    await press(ui, '\r');
    await eventually(() => expect(store.getState().sort).toBe('name'));
    // The Enter that chose is not handed on to the dashboard below (where it opens Detail).
    expect(store.getState().screens).toEqual(['dashboard']);
    expect(await frameShowing(ui, 'sort: name')).toMatch(/› ◆ acme-sso[\s\S]*ci-bot[\s\S]*dev[\s\S]*prod-ro/);
    await press(ui, 's');
    expect(await frameShowing(ui, 'Sort rows by')).toMatch(/› Name/);
    await press(ui, '\u001b');
    await frameShowing(ui, 'sort: name');
    expect(store.getState().sort).toBe('name');
  });

  it('a j and an enter in the same instant choose the row the j moved to', async () => {
    const store = makeStore(nodes);
    const ui = renderWith(store, <Screens />);
    await press(ui, 's');
    await frameShowing(ui, 'Sort rows by');
    await settle(100);
    // No render between the two keys: a menu answering from its last frame would pick Tree.
    ui.stdin.write('j');
    ui.stdin.write('\r');
    await eventually(() => expect(store.getState().sort).toBe('name'));
  });

  it('keeps the frame within rows-1 lines', () => {
    const many = Array.from({ length: 200 }, (_, i) => status(`n${i}`));
    const ui = renderWith(makeStore(many, { size: { columns: 80, rows: 24 } }), <Screens />);
    expect(frameText(ui).split('\n').length).toBeLessThanOrEqual(23);
  });

  it('moves with j/k and arrows', async () => {
    const ui = renderWith(makeStore(nodes), <Screens />);
    await press(ui, 'j', 'j');
    expect(frameText(ui)).toMatch(/› dev/);
    await press(ui, '\u001b[A');
    expect(frameText(ui)).toMatch(/› {3}prod-ro/);
    await press(ui, 'jjj'); // one chunk, as when typing fast
    expect(frameText(ui)).toMatch(/› ci-bot/);
  });

  it('filters as you type and esc clears', async () => {
    const ui = renderWith(makeStore(nodes), <Screens />);
    await press(ui, '/', 'd', 'e');
    let text = frameText(ui);
    expect(text).toContain('/ de▏');
    expect(text).toMatch(/› dev/);
    expect(text).not.toContain('ci-bot');
    await press(ui, '\r');
    expect(frameText(ui)).toContain('filter: de');
    await press(ui, '\u001b');
    await settle(60);
    text = frameText(ui);
    expect(text).toContain('ci-bot');
    expect(text).not.toContain('filter:');
  });

  it('builds the search text when the filter opens and when the rows change under it, not before', async () => {
    const store = makeStore(nodes);
    const prepare = vi.spyOn(store.getState().select, 'prepareSearch');
    const ui = renderWith(store, <Screens />);
    await settle(30);
    expect(prepare).not.toHaveBeenCalled();
    await press(ui, '/');
    await eventually(() => expect(prepare).toHaveBeenLastCalledWith(store.getState().nodes));
    const changed = [...nodes, status('new-row')];
    store.getState().setNodes(changed);
    await eventually(() => expect(prepare).toHaveBeenLastCalledWith(store.getState().nodes));
    expect(store.getState().nodes.map((n) => n.name)).toContain('new-row');
  });

  it('opens help generated from the keymap and closes it with esc', async () => {
    const ui = renderWith(makeStore(nodes), <Screens />);
    await press(ui, '?');
    const text = frameText(ui);
    for (const binding of KEYMAP.dashboard) expect(text).toContain(`${binding.label.padEnd(10)} ${binding.help}`);
    await press(ui, '\u001b');
    await settle(60);
    expect(frameText(ui)).toContain('authui · 1 provider');
  });

  it('help fits the terminal and scrolls to every key of every screen', async () => {
    const ui = renderWith(makeStore(nodes, { size: { columns: 80, rows: 24 } }), <Screens />);
    await press(ui, '?');
    const seen = new Set<string>();
    let text = frameText(ui);
    // Page down until the end (a bounded number of pages), collecting every line shown.
    for (let page = 0; page < 20; page++) {
      expect(text.split('\n').length).toBeLessThanOrEqual(23);
      for (const line of text.split('\n')) seen.add(line.trimEnd());
      if (!text.includes('more lines below')) break;
      await press(ui, ' ');
      text = frameText(ui);
    }
    expect(text).not.toContain('more lines below');
    for (const scope of Object.keys(KEYMAP) as (keyof typeof KEYMAP)[]) {
      for (const binding of KEYMAP[scope])
        expect([...seen].some((l) => l.includes(`${binding.label.padEnd(10)} ${binding.help}`))).toBe(true);
    }
  });

  for (const [columns, rows] of [
    [80, 24],
    [200, 50],
    [60, 15],
  ] as const) {
    it(`fits ${columns}×${rows}: dashboard, help and logout stay within the width and rows-1 lines`, async () => {
      const many = Array.from({ length: 120 }, (_, i) =>
        status(`identity-with-a-rather-long-name-${i}`, {
          state: 'active',
          expiresAt: NOW + i * 60_000,
          account: '111122223333',
          region: 'eu-central-1',
        }),
      );
      const plan = {
        scopes: [],
        chains: [],
        nodes: [],
        items: Array.from({ length: 60 }, (_, i) => ({
          target: 'x',
          kind: 'store' as const,
          ref: `r${i}`,
          label: `Store (file): identity:n${i}/session`,
        })),
      };
      const ui = renderWith(
        makeStore(many, { size: { columns, rows } }),
        <Screens
          actions={{
            login: () => {},
            refresh: () => {},
            test: () => {},
            detail: () => Promise.reject(new Error('unused')),
            planLogout: async () => plan,
            logout: () => Promise.reject(new Error('unused')),
            trust: () => {},
          }}
        />,
      );
      const check = (text: string) => {
        const lines = text.split('\n');
        expect(lines.length).toBeLessThanOrEqual(rows - 1);
        for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
      };
      check(frameText(ui));
      await press(ui, '?');
      check(frameText(ui));
      await press(ui, '\u001b', 'o');
      check(await frameShowing(ui, 'Store (file): identity:n0/session'));
    });
  }

  it('says the terminal is too small below 60×15', () => {
    const text = frameText(renderWith(makeStore(nodes, { size: { columns: 59, rows: 20 } }), <Screens />));
    expect(text).toContain('Terminal too small (59×20)');
    expect(text).toContain('at least 60×15');
  });

  it('re-lays out on resize', async () => {
    const store = makeStore(nodes, { size: { columns: 120, rows: 30 } });
    const ui = renderWith(store, <Screens />);
    expect(frameText(ui).split('\n')[0]?.length).toBe(120);
    store.getState().resize(80, 24);
    await settle();
    expect(frameText(ui).split('\n')[0]?.length).toBe(80);
  });

  it('under NO_COLOR draws no colour codes but keeps every state symbol', () => {
    const ui = renderWith(makeStore(nodes, { color: false }), <Screens />);
    const raw = ui.lastFrame() ?? '';
    // eslint-disable-next-line no-control-regex -- an ANSI colour code is what must not appear
    expect(raw).not.toMatch(/\u001b\[3[0-9]m/);
    for (const symbol of ['●', '◐', '✗', '○']) expect(raw).toContain(symbol);
  });
});

describe('login from the dashboard', () => {
  it('l asks the runner to log in the selected row, and the engine prompt opens the form', async () => {
    const names: string[] = [];
    const store = makeStore(nodes);
    const ui = renderWith(
      store,
      <Screens
        actions={{
          login: (n) => names.push(n),
          refresh: (n) => names.push(`refresh ${n}`),
          test: (n) => names.push(`test ${n}`),
          detail: () => Promise.reject(new Error('unused')),
          planLogout: () => Promise.reject(new Error('unused')),
          logout: () => Promise.reject(new Error('unused')),
          trust: () => {},
        }}
      />,
    );
    await press(ui, 'j', 'j', 'l', 'r', 't');
    expect(names).toEqual(['dev', 'refresh dev', 'test dev']);
    const answer = new Promise<Record<string, string>>((resolve, reject) =>
      store.getState().openForm({
        spec: {
          title: 'MFA code for dev',
          fields: [{ name: 'code', title: 'MFA code', required: true, secret: false, kind: 'otp' }],
        },
        resolve,
        reject,
      }),
    );
    await settle();
    expect(frameText(ui)).toContain('MFA code for dev');
    await press(ui, '123456\r');
    await expect(answer).resolves.toEqual({ code: '123456' });
    await settle();
    expect(frameText(ui)).toContain('authui · 1 provider');
  });
});
