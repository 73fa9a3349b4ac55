// The dashboard's first frame, drawn by a script of its own before the dashboard's bundle loads
// (src/tui/first-frame.ts), in a real pty: whole before the dashboard writes anything, then
// drawn over; keys typed in between reach the dashboard and are never echoed; drawn from the rows
// kept beside the configuration while their inputs hold.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { systemClock } from '../../src/auth/clock.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { SessionIndex, type IndexedSession } from '../../src/auth/session-index.js';
import { LARGE_CONFIG_BYTES } from '../../src/auth/config/find.js';
import { BIN, runBinAsync } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/tmp.js';
import { TmuxSession } from '../helpers/tmux.js';

const RECORDER = fileURLToPath(new URL('../helpers/pty-record.py', import.meta.url));
const ENTER_ALT = '\x1b[?1049h\x1b[H\x1b[?2004h';

let config: string;
let env: Record<string, string | undefined>;
let session: TmuxSession | undefined;

afterEach(() => {
  session?.kill();
  session = undefined;
});

/** The demo's workspace (8 providers, 8 identities, and `identities` more). */
async function demo(identities = 0): Promise<void> {
  const ws = tempDir();
  env = isolatedEnv(ws, { AUTHUI_KEYRING: 'file', TERM: 'xterm-256color' });
  const args = ['demo', '--dir', ws, ...(identities ? ['--identities', String(identities)] : [])];
  expect((await runBinAsync(args, { env: { ...env, CI: 'true' }, cwd: ws })).code).toBe(0);
  config = join(ws, 'authui.yaml');
}

// Per test: a test's temporary folders go when it ends.
beforeEach(() => demo());

/** The rows kept beside the configuration (engine/kept-status.ts): one file, read and rewritten. */
function keptRows(): { path: string; kept: { rows: { name: string }[] } } {
  const dir = join(env.XDG_CACHE_HOME as string, 'authui', 'config');
  const [name] = readdirSync(dir).filter((file) => file.endsWith('.status.json'));
  expect(name).toBeDefined();
  const path = join(dir, name as string);
  return { path, kept: JSON.parse(readFileSync(path, 'utf8')) };
}

/** Edits the kept row of acme-sso (by default renames it: a frame that shows the new name was drawn from the kept rows). */
function markKeptRows(edit: Record<string, unknown> = { name: 'kept-acme' }): void {
  const { path, kept } = keptRows();
  const row = kept.rows.find((r) => r.name === 'acme-sso');
  expect(row).toBeDefined();
  Object.assign(row as object, edit);
  writeFileSync(path, JSON.stringify(kept));
}

/**
 * Changes the session index as another authui process does: under the index's lock, a whole new
 * file renamed over it. Written in place without the lock, an open dashboard renewing its
 * sessions could read it half written (and move it aside as unreadable), or write over the change.
 */
function editIndex(edit: (sessions: Record<string, IndexedSession>) => void): Promise<void> {
  const paths = resolvePaths(env);
  return new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {}).update(edit);
}

/** The early frame of a recorded start: what was written before the dashboard drew over it. */
function earlyFrame(out: string): string {
  return out.slice(0, out.indexOf('\x1b[H', ENTER_ALT.length));
}

/** Everything `authui --config` writes in a 100×30 pty while the steps are played. */
function record(steps: [marker: string, keys: string][], extraEnv: Record<string, string> = {}): string {
  const args = [RECORDER, '--size', '100x30', ...steps.flat().flatMap((s, i) => (i % 2 ? [s] : ['--step', s]))];
  const r = spawnSync('python3', [...args, process.execPath, BIN, '--config', config], {
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
  });
  expect(r.status, r.stdout).toBe(0);
  return r.stdout;
}

describe('the first frame', () => {
  it('is on screen, whole, before the dashboard writes anything, and the dashboard draws from the top over it', () => {
    // Quit once the hints line has been drawn twice: the early frame's and Ink's.
    const out = record([
      ['q quit', ''],
      ['q quit', 'q'],
    ]);
    expect(out.startsWith(`${ENTER_ALT}\x1b[?25l`)).toBe(true);
    const takeover = out.indexOf('\x1b[H', ENTER_ALT.length);
    const early = out.slice(0, takeover);
    expect(early).toContain('authui · 8 providers · 8 identities');
    expect(early).toContain('\x1b[7m› ◆ acme-sso'); // the first row selected
    expect(early).toMatch(/dev-audit.*◐ expiring/);
    expect(early).toContain('Credentials: file');
    expect(early).toContain('q quit');
    // Ink's first frame comes after the takeover and shows the same rows.
    expect(out.slice(takeover)).toMatch(/› ◆ acme-sso/);
    // The terminal restored after the last frame: paste markers off, the user's screen back.
    expect(out.lastIndexOf('\x1b[?2004l\x1b[?25h\x1b[?1049l')).toBeGreaterThan(out.lastIndexOf('q quit'));
  });

  it('takes keys typed before the dashboard has loaded, without echoing them', () => {
    // Two downs, typed the moment the early frame is up; a terminal would echo them as ^[[B.
    const out = record([
      ['q quit', '\x1b[B\x1b[B'],
      ['›   prod-admin', 'q'],
    ]);
    expect(out).not.toContain('^[');
  });

  it('is left to Ink where Ink may draw without styles (TERM=dumb), and the debug log says why', () => {
    const debugLog = join(tempDir(), 'debug.log');
    const out = record([['q quit', 'q']], { TERM: 'dumb', AUTHUI_DEBUG: '1', AUTHUI_DEBUG_FILE: debugLog });
    // Ink's frame follows the dashboard's entering the alternate screen: nothing is drawn over.
    expect(out.startsWith(ENTER_ALT)).toBe(true);
    expect(out.indexOf('\x1b[H', ENTER_ALT.length)).toBe(-1);
    expect(readFileSync(debugLog, 'utf8')).toContain('authui debug: first frame not drawn reason=styles not certain\n');
  });

  it('is left to Ink for a configuration file larger than LARGE_CONFIG_BYTES', async () => {
    await demo(2_000);
    expect(statSync(config).size).toBeGreaterThan(LARGE_CONFIG_BYTES);
    const out = record([['q quit', 'q']]);
    expect(out.startsWith(ENTER_ALT)).toBe(true);
    expect(out.indexOf('\x1b[H', ENTER_ALT.length)).toBe(-1);
    expect(out).toContain('8 providers · 2008 identities');
  }, 60_000);

  it('a configuration file larger than LARGE_CONFIG_BYTES is parsed by a child, whose cache entry or errors the dashboard takes', async () => {
    const debugLog = join(tempDir(), 'debug.log');
    const debugEnv = { ...env, AUTHUI_DEBUG: '1', AUTHUI_DEBUG_FILE: debugLog };
    const demoText = readFileSync(config, 'utf8');
    const broken = demoText.replace(/(\n +ci-bot: +\{ kind: )aws\/user/, '$1aws/no-such-kind');
    expect(broken).not.toBe(demoText);
    /** The configuration's loads in every process, in order: parsed here, its cache missed or hit, or the child's exit. */
    const loads = () =>
      readFileSync(debugLog, 'utf8')
        .split('\n')
        .map((line) => /^authui debug: config (?:(parsed here)|.* cache=(\w+)|parsed apart .*(exit=.*))/.exec(line))
        .filter((match) => match !== null)
        .map((match) => match[1] ?? match[2] ?? `child ${match[3]}`);
    for (const [text, padding, shown, parsed] of [
      // The child's parse and exit; the dashboard's every load after it reads the entry.
      [
        demoText,
        LARGE_CONFIG_BYTES,
        'acme-sso',
        (seen: string[]) =>
          seen[0] === 'parsed here' &&
          seen[1] === 'miss' &&
          seen[2] === 'child exit=0' &&
          seen.slice(3).every((load) => load === 'hit'),
      ],
      // The child finds an error: the dashboard says what it found, and parses nothing itself.
      [
        broken,
        LARGE_CONFIG_BYTES,
        'EXIT-CODE=2',
        (seen: string[]) => seen.join() === 'parsed here,child exit=2 errors=1',
      ],
      // The dashboard's own parse.
      [
        demoText,
        0,
        'acme-sso',
        (seen: string[]) => seen[0] === 'parsed here' && seen[1] === 'miss' && !seen.some((l) => l.startsWith('child')),
      ],
    ] as const) {
      writeFileSync(debugLog, '');
      // The demo's file, changed: its cache entry no longer holds.
      writeFileSync(config, `${text}#${'x'.repeat(padding)}\n`);
      session = TmuxSession.start(`${process.execPath} ${BIN} --config ${config}; echo "EXIT-CODE=$?"; sleep 30`, {
        env: debugEnv,
        columns: 120,
        rows: 40,
      });
      const screen = await session.waitFor((screen) => screen.includes(shown), 60_000);
      if (text === broken) expect(screen).toContain('error: auth.identities.ci-bot.kind: unknown identity kind');
      expect(parsed(loads()), loads().join(', ')).toBe(true);
      session.kill();
    }
  }, 120_000);

  it('is drawn from the rows kept beside the configuration while every input they were listed from holds', async () => {
    // The first start lists the rows with the engine, and keeps them.
    expect(earlyFrame(record([['q quit', 'q']]))).toMatch(/acme-sso.*dev-audit.*◐ expiring/s);
    markKeptRows();
    const kept = record([['q quit', 'q']]);
    expect(earlyFrame(kept)).toContain('› ◆ kept-acme');
    // The dashboard lists them itself, and draws the real name over the early frame.
    expect(kept.slice(earlyFrame(kept).length)).toContain('acme-sso');

    // A logout by another authui since (dev-audit's chain: dev, dev-admin, dev-audit): those
    // rows are made again, the others drawn as kept.
    markKeptRows();
    const logout = spawnSync(process.execPath, [BIN, '--config', config, 'logout', 'dev-audit'], {
      env,
      encoding: 'utf8',
    });
    expect(logout.status, logout.stderr).toBe(0);
    const madeAgain = earlyFrame(record([['q quit', 'q']]));
    expect(madeAgain).toContain('› ◆ kept-acme');
    for (const name of ['dev', 'dev-admin', 'dev-audit'])
      expect(madeAgain).toMatch(new RegExp(`${name} .*○ logged out`));
    expect(madeAgain).toMatch(/prod-ro .*● active/);

    // Settings entered at a login changed since (the kind would describe the row anew): the
    // engine lists them again.
    markKeptRows();
    await editIndex((sessions) => {
      sessions['identity:dev'] = { ...sessions['identity:dev']!, fields: { mfa_serial: 'arn:aws:iam::1:mfa/dev' } };
    });
    const listed = earlyFrame(record([['q quit', 'q']]));
    expect(listed).not.toContain('kept-acme');
    expect(listed).toContain('› ◆ acme-sso');
  });

  it('keeps, when the dashboard quits, the rows as they are then', async () => {
    record([['q quit', 'q']]);
    session = TmuxSession.start(`${process.execPath} ${BIN} --config ${config}; echo "EXIT-CODE=$?"; sleep 30`, {
      env,
    });
    await session.waitFor((s) => s.includes('q quit'));
    // A change the kept rows cannot follow (settings entered at a login), and a logout, at once.
    await editIndex((sessions) => {
      sessions['identity:dev'] = { ...sessions['identity:dev']!, fields: { mfa_serial: 'arn:aws:iam::1:mfa/dev' } };
      delete sessions['identity:dev-audit'];
    });
    session.send('q');
    await session.waitFor((s) => s.includes('EXIT-CODE=0'));
    // Kept under the index as it was when the dashboard quit: the next start draws from them.
    markKeptRows();
    const early = earlyFrame(record([['q quit', 'q']]));
    expect(early).toContain('› ◆ kept-acme');
    expect(early).toMatch(/dev-audit.*○ logged out/);
  });

  it('writes control characters in kept rows out, and starts as ever from kept rows no listing could make', () => {
    record([['q quit', 'q']]);
    // A name carrying a title-setting sequence: drawn written out, never sent to the terminal.
    markKeptRows({ name: 'kept\x1b]0;pwned\x07acme' });
    const early = earlyFrame(record([['q quit', 'q']]));
    expect(early).toContain('kept\\x1b]0;pwned\\x07acme');
    expect(early).not.toContain('\x1b]0;');
    // A depth no listing gives (the indent cannot be drawn): no early frame, the dashboard's own.
    markKeptRows({ name: 'acme-sso', depth: -1, expiresAt: 'soon', label: { toString: 1 } });
    const out = record([['q quit', 'q']]);
    expect(out.startsWith(ENTER_ALT)).toBe(true);
    expect(out.indexOf('\x1b[H', ENTER_ALT.length)).toBe(-1);
    expect(out).toContain('› ◆ acme-sso');
    expect(out).not.toMatch(/Error|at .*\.cjs/);
  });
});
