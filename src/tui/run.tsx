// Full-screen dashboard: alternate buffer in (or over the first frame the binary drew before this
// bundle loaded, tui/first-frame.ts), 1-Hz clock, resize, and the terminal restored on every way
// out (quit, ctrl-c, crash, SIGTERM/SIGHUP).
import { render } from 'ink';
import type { CommandDeps } from '../app/app.js';
import { keepHeapSmall } from '../app/heap-flags.js';
import { ThemeProvider } from '../components/theme.js';
import { makeTheme } from '../components/look.js';
import { Screens } from '../screens/Screens.js';
import { StoreProvider } from '../store/context.js';
import { tuiPrompter } from './prompter.js';
import { engineActions } from './engine-actions.js';
import { ENTER_ALT, LEAVE_ALT } from '../input/terminal-modes.js';
import { debugOnlyToFile } from '../auth/debug.js';
import { openDashboardStore, workspaceOpening } from './dashboard-state.js';
import { rowsKept } from '../auth/engine/kept-status.js';
import type { FirstFrame } from './first-frame.js';

/** How often the list is re-read, to show changes made by other authui processes. */
const RELIST_MS = 5_000;
/** The refresh manager's first check waits this long after start (docs/architecture.md). */
const FIRST_CHECK_DELAY_MS = 500;

/** Ink options shared by the app and the bench: a 60 fps cap (leading-edge, so a lone keystroke
 * draws at once). Ink's incrementalRendering is off: in a pty it left stale rows behind. */
export const INK_OPTIONS = { exitOnCtrlC: true, patchConsole: false, maxFps: 60 } as const;

export interface DashboardOptions {
  /** The first frame the binary drew before this bundle loaded (tui/first-frame.ts), if it did. */
  firstFrame?: FirstFrame;
}

export async function runDashboard({ firstFrame }: DashboardOptions, { io, app }: CommandDeps): Promise<number> {
  // The dashboard draws on the terminal: debug output goes to AUTHUI_DEBUG_FILE only.
  const debugMuted = debugOnlyToFile(io.env);
  keepHeapSmall();
  const workspace = await app.workspace();
  const { engine } = workspace;
  const store = openDashboardStore(workspaceOpening(workspace), io, {
    now: app.clock.now(),
    debugMuted,
    earlierWarnings: firstFrame?.warnings,
  });
  const stdout = io.stdout as NodeJS.WriteStream;

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(signal === 'SIGINT' ? 130 : 128 + (signal === 'SIGHUP' ? 1 : 15));
  };
  const onCrash = (error: unknown) => {
    restore();
    io.stderr.write(`authui crashed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
  firstFrame?.release();
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('uncaughtException', onCrash);
  process.once('unhandledRejection', onCrash);
  process.once('exit', restore);

  // Over the first frame already drawn, Ink's own draws the same lines from the top.
  stdout.write(firstFrame ? '\x1b[H' : ENTER_ALT);
  const onResize = () => store.getState().resize(stdout.columns ?? 80, stdout.rows ?? 24);
  stdout.on('resize', onResize);
  const unsubscribe = engine.subscribe(() => store.getState().setNodes(engine.list()));
  // One clock for every countdown, aligned to the second so all cells change together.
  let clock: NodeJS.Timeout | undefined;
  const scheduleTick = () => {
    clock = setTimeout(
      () => {
        store.getState().tick(app.clock.now());
        scheduleTick();
      },
      1000 - (app.clock.now() % 1000),
    );
  };
  scheduleTick();
  const relist = setInterval(() => {
    if (engine.listStale()) store.getState().setNodes(engine.list());
  }, RELIST_MS);

  const prompter = tuiPrompter(store, { open: workspace.browser === 'open', env: io.env });
  const actions = engineActions(engine, store, prompter);
  // After the first frame: the first check may read the store, which the first frame never needs;
  // the prompt broker starts then too (background commands ask this dashboard for input).
  let stopRenewals = () => {};
  let stopBroker = () => {};
  const renewals = setTimeout(() => {
    stopRenewals = actions.startRenewals();
    void import('./broker-server.js')
      .then(({ startBroker }) =>
        startBroker(app.paths.brokerSocket, prompter, (node, url) => engine.signInUrlAllowed(node, url)),
      )
      .then((broker) => {
        if (typeof broker === 'string') store.getState().notify({ level: 'info', text: broker });
        else stopBroker = broker.close;
      })
      .catch((error: unknown) =>
        store
          .getState()
          .notify({ level: 'warning', text: `The prompt broker could not start: ${(error as Error).message}` }),
      );
  }, FIRST_CHECK_DELAY_MS);

  try {
    const instance = render(
      <StoreProvider store={store}>
        <ThemeProvider theme={makeTheme(store.getState().color)}>
          <Screens actions={actions} />
        </ThemeProvider>
      </StoreProvider>,
      { ...INK_OPTIONS, stdout, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream },
    );
    await instance.waitUntilExit();
  } finally {
    clearTimeout(clock);
    clearInterval(relist);
    clearTimeout(renewals);
    stopRenewals();
    stopBroker();
    unsubscribe();
    stdout.off('resize', onResize);
    restore();
  }
  // The rows as they are now, kept for the next start's first frame (tui/first-frame.ts): what
  // this dashboard renewed since it opened would otherwise leave the kept ones behind. Not listed
  // at all where none are kept: 20,000 rows would hold the shell's prompt back.
  if (rowsKept(engine.config)) workspace.listRows().keep();
  return 0;
}
