// The first frame the binary draws before Ink loads (src/tui/first-frame.ts) must be the frame Ink
// then draws over it: compared cell by cell (character and style) for generated dashboards,
// hostile names included. Its guard, stylesCertain, is checked against chalk itself in a pty.
import { execFileSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import { render } from 'ink';
import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../src/auth/engine/views.js';
import type { NodeState } from '../../src/auth/status.js';
import { makeTheme } from '../../src/components/look.js';
import { ThemeProvider } from '../../src/components/theme.js';
import { dashboardFirstFrame } from '../../src/screens/dashboard-lines.js';
import { Screens } from '../../src/screens/Screens.js';
import { StoreProvider } from '../../src/store/context.js';
import type { DashboardStore } from '../../src/store/dashboard-store.js';
import { segmentsToAnsi, stylesCertain } from '../../src/tui/first-frame.js';
import { makeStore, NOW, status } from '../helpers/ui.js';

/** A terminal of a given size that keeps what Ink wrote last (debug mode: whole frames). */
class Terminal extends Writable {
  last = '';
  isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    // Cursor moves and shows are not frames.
    const written = chunk.toString();
    // eslint-disable-next-line no-control-regex -- escape sequences are what is skipped
    if (!/^(\x1b\[[?0-9;]*[a-zA-Z])*$/.test(written)) this.last = written;
    done();
  }
}

async function inkFrame(store: DashboardStore): Promise<string> {
  const { columns, rows } = store.getState().size;
  const stdout = new Terminal(columns, rows);
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {}, ref: () => {}, unref: () => {} });
  const instance = render(
    <StoreProvider store={store}>
      <ThemeProvider theme={makeTheme(store.getState().color)}>
        <Screens />
      </ThemeProvider>
    </StoreProvider>,
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  const frame = stdout.last;
  instance.unmount();
  return frame;
}

/** Each line as cells "character + the styles in force", trailing unstyled blanks dropped. */
function cells(frame: string): string[][] {
  return frame
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      const style = { bold: false, dim: false, inverse: false, fg: '' };
      const out: string[] = [];
      // eslint-disable-next-line no-control-regex -- the line is read as SGR sequences and characters
      for (const token of line.match(/\x1b\[[0-9;]*m|[^\x1b]/gsu) ?? []) {
        if (!token.startsWith('\x1b[')) {
          out.push(`${token}|${style.bold ? 'b' : ''}${style.dim ? 'd' : ''}${style.inverse ? 'i' : ''}${style.fg}`);
          continue;
        }
        for (const code of token.slice(2, -1).split(';').map(Number)) {
          if (code === 0) Object.assign(style, { bold: false, dim: false, inverse: false, fg: '' });
          else if (code === 1) style.bold = true;
          else if (code === 2) style.dim = true;
          else if (code === 22) Object.assign(style, { bold: false, dim: false });
          else if (code === 7) style.inverse = true;
          else if (code === 27) style.inverse = false;
          else if (code === 39) style.fg = '';
          else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) style.fg = String(code);
          else throw new Error(`unexpected SGR ${code} in ${JSON.stringify(line)}`);
        }
      }
      while (out.length > 0 && out[out.length - 1] === ' |') out.pop();
      return out;
    });
}

const STATES: NodeState[] = [
  'active',
  'unvalidated',
  'expiring',
  'expired',
  'logged_out',
  'error',
  'refreshing',
  'other_server',
];
// Wide, combining, emoji, control and escape characters among plain ones.
const text = (maxLength: number) =>
  fc
    .array(
      fc.constantFrom('a', 'Z', '0', '-', ' ', '/', '界', '🙂', 'é', 'e\u0301', '\x1b[31m', '\x07', '\t', '…', '·'),
      {
        maxLength,
      },
    )
    .map((parts) => parts.join(''));

const node = fc.record({
  name: text(30),
  type: fc.constantFrom('provider' as const, 'identity' as const),
  depth: fc.integer({ min: 0, max: 3 }),
  default: fc.boolean(),
  state: fc.constantFrom(...STATES),
  expiresIn: fc.option(fc.integer({ min: -3_600_000, max: 40 * 3_600_000 }), { nil: undefined }),
  account: fc.option(text(30), { nil: undefined }),
  subject: fc.option(text(20), { nil: undefined }),
  region: fc.option(text(12), { nil: undefined }),
  label: text(24),
});

const dashboard = fc.record({
  nodes: fc.array(node, { maxLength: 45 }),
  columns: fc.integer({ min: 40, max: 180 }),
  rows: fc.integer({ min: 10, max: 50 }),
  color: fc.boolean(),
  untrusted: fc.boolean(),
  notice: fc.option(
    fc.record({ level: fc.constantFrom('info' as const, 'warning' as const, 'error' as const), text: text(80) }),
    {
      nil: undefined,
    },
  ),
  fallbackReason: fc.option(text(40), { nil: undefined }),
  configPath: text(60),
});

function storeFor(d: typeof dashboard extends fc.Arbitrary<infer T> ? T : never): DashboardStore {
  const nodes: NodeStatus[] = d.nodes.map((n, i) =>
    status(n.name, {
      id: `${n.type}:${i}`,
      type: n.type,
      depth: n.depth,
      default: n.default,
      state: n.state,
      expiresAt: n.expiresIn === undefined ? undefined : NOW + n.expiresIn,
      account: n.account,
      subject: n.subject,
      region: n.region,
      label: n.label,
    }),
  );
  return makeStore(nodes, {
    size: { columns: d.columns, rows: d.rows },
    color: d.color,
    untrusted: d.untrusted,
    notice: d.notice,
    configPath: d.configPath,
    backend: { name: 'file', location: '/tmp/store.enc', fallbackReason: d.fallbackReason },
  });
}

describe('the first frame drawn before Ink', () => {
  it('is, cell for cell, the frame Ink draws over it', async () => {
    await fc.assert(
      fc.asyncProperty(dashboard, async (d) => {
        const store = storeFor(d);
        const ink = await inkFrame(store);
        const lines = dashboardFirstFrame(store.getState(), makeTheme(d.color));
        if (!lines) {
          // Too small: nothing is drawn early, and Ink asks for room.
          expect(d.columns < 60 || d.rows < 15).toBe(true);
          expect(ink).toContain('Terminal too small');
          return;
        }
        expect(ink).toContain('\x1b['); // Ink styled it: the comparison covers styles
        expect(cells(lines.map(segmentsToAnsi).join('\n'))).toEqual(cells(ink));
      }),
      { numRuns: 80 },
    );
  });

  it('draws the demo-like table with its styles: the selected row inverse, states in colour', () => {
    const store = makeStore(
      [
        status('acme', {
          id: 'provider:acme',
          type: 'provider',
          label: 'AWS SSO',
          state: 'active',
          expiresAt: NOW + 3_600_000,
        }),
        status('dev', { depth: 1, state: 'expiring', expiresAt: NOW + 60_000 }),
      ],
      { size: { columns: 100, rows: 20 } },
    );
    const frame = (dashboardFirstFrame(store.getState(), makeTheme(true)) ?? []).map(segmentsToAnsi);
    expect(frame).toHaveLength(18); // within rows - 1 lines: the terminal never scrolls
    expect(frame[2]).toContain('\x1b[7m› ◆ acme');
    expect(frame[3]).toContain('\x1b[33m◐ expiring');
    expect(frame[17]).toContain('q quit');
  });
});

describe('stylesCertain', () => {
  /** chalk's colour level (Ink's styling) on a terminal with this environment. */
  function chalkLevel(env: Record<string, string>): number {
    const script = "import chalk from 'chalk'; process.stdout.write('level=' + chalk.level)";
    const out = execFileSync(
      'python3',
      ['-c', 'import pty, sys; pty.spawn(sys.argv[1:])', process.execPath, '--input-type=module', '-e', script],
      { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    return Number(/level=(\d)/.exec(out)?.[1]);
  }

  it.each([
    [{ TERM: 'xterm' }, true],
    [{ TERM: 'xterm-256color' }, true],
    [{ TERM: 'screen' }, true],
    [{ TERM: 'tmux-256color' }, true],
    [{ TERM: 'linux' }, true],
    [{ TERM: 'rxvt-unicode' }, true],
    [{ TERM: 'vt100' }, true],
    [{ TERM: 'dumb', FORCE_COLOR: '1' }, true],
    [{ FORCE_COLOR: '' }, true],
    [{ TERM: 'xterm', FORCE_COLOR: '0' }, false],
    [{ TERM: 'xterm', FORCE_COLOR: 'false' }, false],
    [{ TERM: 'dumb' }, false],
    [{ TERM: 'tmux' }, false],
    [{}, false],
    [{ TERM: 'xterm', TEAMCITY_VERSION: '8.0' }, false],
  ])('%j: %s, and chalk styles text wherever it says so', (env, certain) => {
    expect(stylesCertain(env)).toBe(certain);
    const level = chalkLevel(env);
    if (certain) expect(level).toBeGreaterThan(0);
    // Where it says no, chalk may still style (TERM=tmux does not); where chalk does not, it must say no.
    if (level === 0) expect(certain).toBe(false);
  });
});
