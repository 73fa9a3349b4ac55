// Shared start-up for commands: config → credential store → engine.
import { systemClock, type Clock } from '../auth/clock.js';
import { loadConfig } from '../auth/config/load.js';
import { trustCommand } from '../auth/config/trust.js';
import { createEngine, type Engine } from '../auth/engine.js';
import { selectCredentialStore, type StoreSelection } from '../auth/stores/select.js';
import { visible } from '../auth/visible.js';
import type { IO } from './io.js';

export interface GlobalOptions {
  config?: string;
}

export interface App {
  engine: Engine;
  selection: StoreSelection;
  /** Warnings gathered while starting (config, store repairs); shown once. */
  warnings: string[];
  clock: Clock;
  /** `auth.browser`: browser sign-ins also open the system browser. */
  browser: 'print' | 'open';
}

export async function openApp(io: IO, global: GlobalOptions, clock: Clock = systemClock): Promise<App> {
  const config = await loadConfig({ configPath: global.config, env: io.env, cwd: io.cwd });
  const selection = await selectCredentialStore({ config, env: io.env, clock });
  const warnings = [...config.warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.message}`)];
  if (selection.fallbackReason) warnings.push(selection.fallbackReason);
  if (!config.source.trusted)
    warnings.push(
      `${config.source.path} is used read-only: it was found in the working directory and is not trusted. Run "${trustCommand(config.source.path)}" to use it.`,
    );
  const engine = createEngine({
    config,
    store: selection.store,
    clock,
    fetch: globalThis.fetch,
    env: io.env,
    onWarning: (m) => warnings.push(m),
  });
  // Store repairs (permissions, moved-aside files) are reported through the same list.
  const storeWarnings = selection.warnings;
  return {
    engine,
    selection,
    clock,
    browser: config.browser ?? 'print',
    get warnings() {
      return [...warnings, ...storeWarnings];
    },
  };
}

export function printWarnings(io: IO, warnings: readonly string[]): void {
  for (const warning of warnings) io.stderr.write(`warning: ${visible(warning)}\n`);
}
