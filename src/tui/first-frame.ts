// The dashboard's first frame (dist/first-frame-HASH.cjs), drawn before the dashboard's bundle
// (React, Ink, yoga) has loaded, from the rows kept beside the configuration or else the engine's
// listing: the same lines from the same functions (screens/dashboard-lines.ts), written as Ink
// would write them, on the alternate screen. Ink then draws its own first frame over it, cell for
// cell the same (docs/architecture.md, "Start-up"). Keys typed meanwhile wait in the terminal
// (raw mode from here on: nothing is echoed) for the dashboard to read them.
import isInCi from 'is-in-ci';
import { isatty } from 'node:tty';
import { processIO, type IO } from '../app/io.js';
import { systemClock } from '../auth/clock.js';
import { debug, debugOnlyToFile } from '../auth/debug.js';
import { configFileSize, LARGE_CONFIG_BYTES } from '../auth/config/find.js';
import type { Config } from '../auth/config/types.js';
import { keptStatus } from '../auth/engine/kept-status.js';
import { settledConfig } from '../auth/engine/settled.js';
import type { AuthuiPaths, Env } from '../auth/paths.js';
import { makeTheme, type Segment, type ThemeColor } from '../components/look.js';
import { dashboardFirstFrame, MIN_SIZE } from '../screens/dashboard-lines.js';
import { openDashboardStore, type DashboardOpening } from './dashboard-state.js';
import { ENTER_ALT, LEAVE_ALT } from '../input/terminal-modes.js';

/** SGR codes of the styles and theme colours the dashboard uses, as chalk writes them for Ink. */
const SGR = {
  dimColor: ['\x1b[2m', '\x1b[22m'],
  bold: ['\x1b[1m', '\x1b[22m'],
  inverse: ['\x1b[7m', '\x1b[27m'],
} as const;
const FOREGROUND: Readonly<Record<ThemeColor, number>> = { red: 31, green: 32, yellow: 33, cyan: 36, gray: 90 };

/**
 * Whether Ink's chalk will style text on this terminal. chalk decides from the environment, and
 * costs milliseconds to load, so the first frame is drawn only where chalk's answer is sure to
 * be "yes": FORCE_COLOR asking for colour, or a terminal type chalk knows (and no CI-service
 * variable that overrides it); elsewhere Ink draws the first frame itself.
 * test/tui/first-frame.test.tsx asks chalk itself, in a pty, for each case.
 */
export function stylesCertain(env: Env): boolean {
  if ('TF_BUILD' in env || 'TEAMCITY_VERSION' in env) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  const term = env.TERM ?? '';
  return /^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|linux/i.test(term) || /-256(color)?$/i.test(term);
}

/** One line in SGR, the styles applied in the order Ink's Text applies them. */
export function segmentsToAnsi(line: readonly Segment[]): string {
  return line
    .map(({ text, bold, dimColor, inverse, color }) => {
      let out = text;
      if (dimColor) out = SGR.dimColor[0] + out + SGR.dimColor[1];
      if (color) out = `\x1b[${FOREGROUND[color]}m${out}\x1b[39m`;
      if (bold) out = SGR.bold[0] + out + SGR.bold[1];
      if (inverse) out = SGR.inverse[0] + out + SGR.inverse[1];
      return out;
    })
    .join('');
}

/** What the frame is drawn from: the configuration, and the dashboard's opening as of `now` when there is one. */
export interface FrameSource {
  config: Config;
  opening?: DashboardOpening;
  now: number;
  /** Keeps the rows listed for the next start (engine/kept-status.ts): once the frame is drawn. */
  keep?: () => void;
}

/** What the engine's listing (tui/listed-frame.ts) starts from. */
export interface ListedStart {
  io: IO;
  paths: Readonly<AuthuiPaths>;
  configPath?: string;
  /** The configuration, when it was read from its cache entry already. */
  config?: Config;
}

export interface FirstFrameStart {
  paths: Readonly<AuthuiPaths>;
  /** `--config PATH`, when given. */
  configPath?: string;
  /**
   * The engine's listing (tui/listed-frame.ts: a script of its own, which the binary loads only
   * when called), for a start with no kept rows to draw from; undefined: no configuration.
   */
  listed(start: ListedStart): Promise<FrameSource | undefined>;
}

/** The first frame on screen, for the dashboard to draw over. */
export interface FirstFrame {
  /** Warnings opening the workspace gave here: some are given once (a store moved aside). */
  warnings: readonly string[];
  /** Hands the terminal's restoring (alternate screen, on exit and signals) to the dashboard. */
  release(): void;
}

/** What the dashboard takes over from the binary. */
export interface DashboardHandover {
  /** The configuration as loaded here (plain data): the dashboard does not load it again. */
  config: Config;
  /** The first frame, if it was drawn. */
  firstFrame?: FirstFrame;
}

let drawn = false;

/**
 * Whether this start's code cache is worth keeping (src/code-cache.ts): when it drew, it ran what
 * later starts run.
 */
export function keepCodeCache(): boolean {
  return drawn;
}

/**
 * The rows kept beside the configuration (engine/kept-status.ts) as they stand now (those whose
 * session another process changed made again), while the inputs they were listed from hold and
 * the configuration is settled (engine/settled.ts): the frame is then drawn without the engine,
 * the kinds or the credential store. Else the settled configuration, if any, for the engine's
 * listing.
 */
export function keptSource(configPath: string | undefined, io: IO, paths: Readonly<AuthuiPaths>): Partial<FrameSource> {
  const now = systemClock.now();
  try {
    const settled = settledConfig({ configPath, env: io.env, cwd: io.cwd, paths, now });
    if (!settled) return {};
    const { config, graph, sessions } = settled;
    const kept = keptStatus({ config, sessions, env: io.env, paths }, graph, now);
    if (!kept) return { config };
    const { active, location } = kept.backend;
    const opening = { nodes: kept.rows, backend: { name: active, location }, configPath: config.source.path };
    return { config, now, opening: { ...opening, untrusted: false, warnings: [] } };
  } catch {
    return {}; // the engine's listing reports what is wrong
  }
}

/**
 * Draws the first frame if the dashboard will draw one like it: both ends a terminal, not under
 * CI (where Ink draws only the last frame), styles certain, the terminal large enough, the
 * configuration file not large (LARGE_CONFIG_BYTES: beyond it the early frame costs about what the
 * dashboard's own costs, and loading it here raised the dashboard's resident memory), its rows
 * kept or listed. Anything else draws nothing and leaves it to the dashboard, which reports
 * problems as ever.
 */
export async function drawFirstFrame({
  paths,
  configPath,
  listed,
}: FirstFrameStart): Promise<DashboardHandover | undefined> {
  // Why Ink draws the first frame instead, for a bug report (AUTHUI_DEBUG).
  const notDrawn = (reason: string): undefined => void debug('first frame not drawn', { reason });
  const unfit = isInCi
    ? 'CI'
    : !stylesCertain(process.env)
      ? 'styles not certain'
      : !isatty(0) || !isatty(1)
        ? 'not a terminal'
        : undefined;
  if (unfit) return notDrawn(unfit);
  const stdout = process.stdout;
  if (stdout.columns < MIN_SIZE.columns || stdout.rows < MIN_SIZE.rows)
    return notDrawn(`terminal ${stdout.columns}x${stdout.rows}`);
  const io = processIO();
  const size = configFileSize({ configPath, env: io.env, cwd: io.cwd, paths });
  if (size === undefined || size > LARGE_CONFIG_BYTES)
    return notDrawn(size === undefined ? 'no configuration' : `configuration of ${size} bytes`);
  const kept = keptSource(configPath, io, paths);
  const source = kept.opening ? (kept as FrameSource) : await listed({ io, paths, configPath, config: kept.config });
  if (!source?.opening) {
    notDrawn(source ? 'the workspace did not open' : 'the configuration did not load');
    return source && { config: source.config };
  }
  const { config, opening, now } = source;
  let lines: Segment[][] | undefined;
  try {
    const state = openDashboardStore(opening, io, { now, debugMuted: debugOnlyToFile(io.env) }).getState();
    lines = dashboardFirstFrame(state, makeTheme(state.color));
  } catch {
    // Rows no listing could make (a kept file edited by hand): the dashboard lists its own.
  }
  // Undefined only for a terminal too small, which was ruled out above.
  if (!lines) {
    notDrawn('rows no listing could make');
    return { config };
  }
  const restore = () => stdout.write(LEAVE_ALT);
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(128 + (signal === 'SIGHUP' ? 1 : 15));
  };
  process.once('exit', restore);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // Raw mode first: a key typed once the frame is up is not echoed over it, and waits for Ink.
  (process.stdin as NodeJS.ReadStream).setRawMode?.(true);
  // Ink hides the cursor as it draws; so does this frame.
  stdout.write(`${ENTER_ALT}\x1b[?25l${lines.map(segmentsToAnsi).join('\n')}`);
  drawn = true;
  source.keep?.();
  return {
    config,
    firstFrame: {
      warnings: opening.warnings,
      release() {
        process.off('exit', restore);
        process.off('SIGTERM', onSignal);
        process.off('SIGHUP', onSignal);
      },
    },
  };
}
