// Drives the built binary in a real pseudo-terminal through tmux.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN } from './cli.js';
import { isolatedEnv, tempDir } from './tmp.js';

export const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? undefined : 'tmux is not installed';

export class TmuxSession {
  private constructor(
    readonly name: string,
    private readonly socket: string,
  ) {}

  /** Starts `command` (a shell string) in a detached session of the given size. */
  static start(
    command: string,
    opts: { columns?: number; rows?: number; env: Record<string, string | undefined> },
  ): TmuxSession {
    const name = `authui-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const session = new TmuxSession(name, name);
    // Ink draws no live frames when CI is set, so the pty run must not inherit it.
    const env = Object.fromEntries(
      Object.entries(opts.env).filter(([k, v]) => k !== 'CI' && v !== undefined),
    ) as NodeJS.ProcessEnv;
    execFileSync(
      'tmux',
      [
        '-L',
        session.socket,
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        name,
        '-x',
        String(opts.columns ?? 100),
        '-y',
        String(opts.rows ?? 30),
        command,
      ],
      { env: { ...env, TERM: 'xterm-256color' } },
    );
    return session;
  }

  /**
   * The built binary's demo in a pty (its own throwaway workspace and env unless given),
   * returned once its first frame is drawn.
   */
  static async demo(
    opts: { args?: string; env?: Record<string, string | undefined>; columns?: number; rows?: number } = {},
  ): Promise<TmuxSession> {
    const session = TmuxSession.start(
      `${process.execPath} ${BIN} demo${opts.args ? ` ${opts.args}` : ''}; echo "EXIT-CODE=$?"; sleep 30`,
      { env: opts.env ?? isolatedEnv(tempDir()), columns: opts.columns, rows: opts.rows },
    );
    await session.waitFor((screen) => screen.includes('Credentials: file'));
    return session;
  }

  capture(): string {
    return execFileSync('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  send(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', this.name, ...keys]);
  }

  /** Waits until the screen satisfies `test`; throws with the last screen if it never does. */
  async waitFor(test: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.capture();
      if (test(screen)) return screen;
      await sleep(50);
    }
    throw new Error(`timed out waiting for the screen; last screen:\n${screen}`);
  }

  /** The pane's title (what an OSC 0/2 sequence would set). */
  title(): string {
    return execFileSync('tmux', ['-L', this.socket, 'display', '-p', '-t', this.name, '#{pane_title}'], {
      encoding: 'utf8',
    }).trim();
  }

  /** Pastes `text` as a terminal does: bracketed when the application asked for it. */
  paste(text: string): void {
    const file = join(mkdtempSync(join(tmpdir(), 'authui-paste-')), 'buffer');
    writeFileSync(file, text);
    execFileSync('tmux', ['-L', this.socket, 'load-buffer', '-b', 'paste', file]);
    execFileSync('tmux', ['-L', this.socket, 'paste-buffer', '-p', '-d', '-b', 'paste', '-t', this.name]);
    rmSync(dirname(file), { recursive: true, force: true });
  }

  /**
   * Moves the dashboard's selection to the row named `name`: `g`, then one `j` at a time, each
   * sent only once the previous move is on the screen (a key sent against a stale capture
   * overshoots on a slow machine).
   */
  async selectRow(name: string): Promise<string> {
    this.send('g');
    let screen = await this.waitFor((s) => selectedName(s) !== undefined && selectedName(s) === firstRowName(s));
    for (let moves = 0; selectedName(screen) !== name; moves++) {
      const from = selectedName(screen);
      if (moves > 200) throw new Error(`no row named ${name}; last screen:\n${screen}`);
      this.send('j');
      screen = await this.waitFor((s) => selectedName(s) !== undefined && selectedName(s) !== from).catch(() => {
        throw new Error(`no row named ${name} (the selection stopped at ${from}); last screen:\n${this.capture()}`);
      });
    }
    return screen;
  }

  /**
   * Ends the session and waits until every process it ran has exited: a dashboard writes its
   * code caches as it exits, and a test's folders are removed right after.
   */
  kill(): void {
    const panes = spawnSync('tmux', ['-L', this.socket, 'list-panes', '-s', '-F', '#{pane_pid}'], { encoding: 'utf8' });
    const leaders = new Set((panes.stdout ?? '').split('\n').filter(Boolean).map(Number));
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && [...leaders].some(running);)
      Atomics.wait(pause, 0, 0, 20);
  }
}

/**
 * Whether a process of the session `leader` (a pane's, which tmux starts as a session of its own)
 * is still running: the leader, or where /proc tells, any process of its session.
 */
function running(leader: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    try {
      process.kill(leader, 0);
      return true;
    } catch {
      return false;
    }
  }
  return pids.some((pid) => {
    try {
      // pid (comm) state ppid pgrp session …: comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(session) === leader && state !== 'Z';
    } catch {
      return false;
    }
  });
}

/** The name in a dashboard row: after the selection mark, the tree indent and the provider mark. */
const rowName = (line: string) => line.replace(/^[›\s]*(◆\s+)?/, '').split(/\s+/)[0];

/** The name in the dashboard's selected row (the one marked `›`). */
export function selectedName(screen: string): string | undefined {
  const line = screen.split('\n').find((l) => l.startsWith('›'));
  return line === undefined ? undefined : rowName(line);
}

/** The name in the dashboard's first row (the line under the column headers). */
function firstRowName(screen: string): string | undefined {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => /^\s+Name\s+Kind\s/.test(l));
  const first = header === -1 ? undefined : lines[header + 1];
  return first === undefined ? undefined : rowName(first);
}
