// One App per run (docs/architecture.md, "One app per run"): made at start-up from the process's
// IO and the global options, with the paths worked out once, and handed to every command as
// `run(opts, { io, app })`. The configuration, the credential store and the engine open on first
// use, once: a command that needs none of them (completion, trust) opens none. Tests make an App
// of their own (createApp with their IO, clock and fetch) and run commands in-process.
import { systemClock, type Clock } from '../auth/clock.js';
import type { LoadConfigOptions } from '../auth/config/find.js';
import { adoptConfig, loadConfig } from '../auth/config/load.js';
import { trustCommand } from '../auth/config/trust.js';
import type { Config } from '../auth/config/types.js';
import { createEngine, type Engine } from '../auth/engine.js';
import type { ListedRows } from '../auth/engine/kept-status.js';
import { fetch } from '../auth/fetch.js';
import type { Fetch } from '../auth/http-message.js';
import { resolvePaths, type AuthuiPaths } from '../auth/paths.js';
import { openCredentialStore, type OpenedStore } from '../auth/stores/open.js';
import type { CredentialStore } from '../auth/stores/types.js';
import { visible } from '../auth/visible.js';
import type { IO } from './io.js';

export interface GlobalOptions {
  /** `--config PATH`. */
  config?: string;
}

/** The configuration with its credential store and engine, as a command works with them. */
export interface Workspace {
  engine: Engine;
  /** The credential store in use. */
  store: CredentialStore;
  /** The backend the configuration or AUTHUI_KEYRING asked for. */
  requested: OpenedStore['requested'];
  /** Why the requested backend is not the one in use, when it is not. */
  fallbackReason?: string;
  /** Warnings gathered while opening and since (config, store repairs, the engine's); shown once. */
  readonly warnings: string[];
  /** `auth.browser`: browser sign-ins also open the system browser. */
  browser: 'print' | 'open';
  /**
   * The engine's rows, to keep beside the configuration for the answers and the dashboard's first
   * frame to draw from (engine/kept-status.ts); kept only when the workspace opened without a
   * word to add.
   */
  listRows(): ListedRows;
}

export interface App {
  readonly io: IO;
  readonly paths: Readonly<AuthuiPaths>;
  readonly clock: Clock;
  /** `--config PATH`, when given. */
  readonly configPath?: string;
  /** The configuration alone, validated (loaded on first use; the workspace's after that). */
  config(opts?: { noCache?: boolean }): Promise<Config>;
  /** The configuration, store and engine: opened on the first call, the same ones after. */
  workspace(): Promise<Workspace>;
}

export interface AppParts {
  io: IO;
  global?: GlobalOptions;
  /** Worked out from io.env when not given (the binary hands over the ones it resolved). */
  paths?: Readonly<AuthuiPaths>;
  clock?: Clock;
  fetch?: Fetch;
  /** The configuration, when this process has loaded it already (the dashboard's first frame did). */
  config?: Config;
  /** Where a stale configuration is parsed when not here (config/find.ts, LoadConfigOptions). */
  parseElsewhere?: LoadConfigOptions['parseElsewhere'];
}

export function createApp(parts: AppParts): App {
  const { io } = parts;
  const paths = parts.paths ?? resolvePaths(io.env);
  const clock = parts.clock ?? systemClock;
  const configPath = parts.global?.config;
  let config: Promise<Config> | undefined = parts.config && adoptConfig(parts.config);
  let workspace: Promise<Workspace> | undefined;
  const loaded = () =>
    (config ??= loadConfig({ configPath, env: io.env, cwd: io.cwd, paths, parseElsewhere: parts.parseElsewhere }));
  const app: App = {
    io,
    paths,
    clock,
    configPath,
    config: (opts) =>
      opts?.noCache ? loadConfig({ configPath, env: io.env, cwd: io.cwd, paths, noCache: true }) : loaded(),
    workspace: () => (workspace ??= open(app, loaded, parts.fetch ?? fetch)),
  };
  return app;
}

async function open(app: App, loaded: () => Promise<Config>, fetch: Fetch): Promise<Workspace> {
  const { io, paths, clock } = app;
  const config = await loaded();
  const opened = await openCredentialStore({ config, env: io.env, paths, clock });
  const warnings = [...config.warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.message}`)];
  if (opened.fallbackReason) warnings.push(opened.fallbackReason);
  if (!config.source.trusted)
    warnings.push(
      `${config.source.path} is used read-only: it was found in the working directory and is not trusted. Run "${trustCommand(config.source.path)}" to use it.`,
    );
  const engine = createEngine({
    config,
    store: opened.store,
    clock,
    fetch,
    env: io.env,
    paths,
    onWarning: (m) => warnings.push(m),
  });
  // Store repairs (permissions, moved-aside files) are reported through the same list.
  const storeWarnings = opened.warnings;
  const workspace: Workspace = {
    engine,
    store: opened.store,
    requested: opened.requested,
    fallbackReason: opened.fallbackReason,
    browser: config.browser ?? 'print',
    get warnings() {
      return [...warnings, ...storeWarnings];
    },
    listRows() {
      const { store, requested, fallbackReason } = opened;
      const listed = engine.listToKeep({ active: store.backend, requested, location: store.location });
      // Asked when keeping: the listing may have had a word to add too (an index moved aside).
      const quiet = () => fallbackReason === undefined && workspace.warnings.length === 0;
      return {
        rows: listed.rows,
        keep: () => {
          if (quiet()) listed.keep();
        },
      };
    },
  };
  return workspace;
}

/** What a command's run function gets besides its options (as gh's commands get their factory). */
export interface CommandDeps {
  io: IO;
  app: App;
}

export function printWarnings(io: IO, warnings: readonly string[]): void {
  for (const warning of warnings) io.stderr.write(`warning: ${visible(warning)}\n`);
}
