// Full-screen dashboard: alternate buffer in, 1-Hz clock, resize, and the terminal restored
// on every way out (quit, ctrl-c, crash, SIGTERM/SIGHUP).
import { render } from 'ink';
import type { App, CommandDeps, Workspace } from '../app/app.js';
import { colorAllowed } from '../app/io.js';
import { keepYoungGenerationSmall } from '../app/young-generation.js';
import { makeTheme, ThemeProvider } from '../components/theme.js';
import { Screens } from '../screens/Screens.js';
import { createDashboardStore, type DashboardStore } from '../store/dashboard-store.js';
import { StoreProvider } from '../store/context.js';
import { tuiPrompter } from './prompter.js';
import { engineActions } from './engine-actions.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from '../input/terminal-input.js';
import { debugOnlyToFile } from '../auth/debug.js';

// Bracketed paste on while the dashboard runs: a paste arrives as text, never as keys.
const ENTER_ALT = `\x1b[?1049h\x1b[H${BRACKETED_PASTE_ON}`;
const LEAVE_ALT = `${BRACKETED_PASTE_OFF}\x1b[?25h\x1b[?1049l`;
/** How often the list is re-read, to show changes made by other authui processes. */
const RELIST_MS = 5_000;
/** The refresh manager's first check waits this long after start (docs/architecture.md). */
const FIRST_CHECK_DELAY_MS = 500;

export function storeFor({ engine, store, fallbackReason, warnings }: Workspace, { io, clock }: App): DashboardStore {
  const out = io.stdout as NodeJS.WriteStream;
  return createDashboardStore({
    nodes: engine.list(),
    now: clock.now(),
    backend: { name: store.backend, location: store.location, fallbackReason },
    configPath: engine.config.source.path,
    untrusted: !engine.config.source.trusted,
    size: { columns: out.columns ?? 80, rows: out.rows ?? 24 },
    color: colorAllowed(io.env),
    notice: warnings.length ? { level: 'warning', text: warnings[warnings.length - 1] as string } : undefined,
  });
}

/** Ink options shared by the app and the bench: a 60 fps cap (leading-edge, so a lone keystroke
 * draws at once). Ink's incrementalRendering is off: in a pty it left stale rows behind. */
export const INK_OPTIONS = { exitOnCtrlC: true, patchConsole: false, maxFps: 60 } as const;

export async function runDashboard(_opts: object, { io, app }: CommandDeps): Promise<number> {
  // The dashboard draws on the terminal: debug output goes to AUTHUI_DEBUG_FILE only.
  const debugMuted = debugOnlyToFile(io.env);
  keepYoungGenerationSmall();
  const workspace = await app.workspace();
  const { engine } = workspace;
  const store = storeFor(workspace, app);
  if (debugMuted)
    store.getState().notify({
      level: 'warning',
      text: 'Debug output in the dashboard needs AUTHUI_DEBUG_FILE (it would tear the screen)',
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
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('uncaughtException', onCrash);
  process.once('unhandledRejection', onCrash);
  process.once('exit', restore);

  stdout.write(ENTER_ALT);
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
  const relist = setInterval(() => store.getState().setNodes(engine.list()), RELIST_MS);

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
  return 0;
}
