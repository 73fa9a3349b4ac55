// The App on a real engine (memory store, isolated dirs), wired exactly as the runner wires it.
import { testEngine } from './engine.js';
import { systemClock } from '../../src/auth/clock.js';
import { parseConfigText } from '../../src/auth/config/parse.js';
import type { Config } from '../../src/auth/config/types.js';
import { nonInteractive, type EngineOptions } from '../../src/auth/engine.js';
import { resolvePaths } from '../../src/auth/paths.js';
import { SessionIndex } from '../../src/auth/session-index.js';
import { MemoryStore } from '../../src/auth/stores/memory.js';
import { Screens } from '../../src/screens/Screens.js';
import { engineActions } from '../../src/tui/engine-actions.js';
import { isolatedEnv, tempDir } from './tmp.js';
import { frameShowing, makeStore, renderWith } from './ui.js';

export interface EngineDashboardOptions {
  config: string;
  /** Store entries to plant (name → value). */
  entries?: Record<string, string>;
  /** Node ids with a live session (1 h left). */
  sessions?: string[];
  kinds?: EngineOptions['kinds'];
}

export async function engineDashboard(opts: EngineDashboardOptions) {
  const env = isolatedEnv(tempDir());
  const paths = resolvePaths(env);
  const store = new MemoryStore();
  for (const [name, value] of Object.entries(opts.entries ?? {})) await store.set(name, value);
  await new SessionIndex(paths.sessionIndex, paths.locksDir, systemClock, () => {}).update((s) => {
    for (const id of opts.sessions ?? [])
      s[id] = {
        obtainedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        backend: 'memory',
      };
  });
  const config = (await parseConfigText(opts.config, 'c.yaml', 'authui')).config as Config;
  const engine = testEngine({ config, store, env, kinds: opts.kinds });
  const ui = makeStore(engine.list(), { now: Date.now() });
  engine.subscribe(() => ui.getState().setNodes(engine.list()));
  const app = renderWith(ui, <Screens actions={engineActions(engine, ui, nonInteractive('test'))} />);
  const frames: string[] = [];
  /** The frame once it shows `expected`; every frame seen is kept for canary sweeps. */
  const frame = async (expected: string | RegExp) => {
    const text = await frameShowing(app, expected);
    frames.push(text);
    return text;
  };
  return { engine, store, ui, app, frame, frames, paths };
}
