// The first frame's rows listed by the engine (dist/listed-frame-HASH.cjs), for a start with no
// kept rows to draw from (tui/first-frame.ts): a script of its own, loaded only then, so that a
// start drawing from kept rows reads none of the engine, the kinds or the credential store.
// The rows it lists are kept for the next start, once the frame is drawn, when the workspace
// opened without a word to add.
import { createApp } from '../app/app.js';
import { configParsed } from '../auth/config/load.js';
import type { Config } from '../auth/config/types.js';
import { workspaceOpening } from './dashboard-state.js';
import type { FrameSource, ListedStart } from './first-frame.js';

/**
 * Whether this start's code cache is worth keeping (src/code-cache.ts): not when the
 * configuration was parsed rather than read from its cache entry, as later starts will.
 */
export function keepCodeCache(): boolean {
  return !configParsed();
}

/** The configuration and the workspace's opening; undefined: the dashboard loads it itself, and says what is wrong. */
export async function listedSource({
  io,
  paths,
  configPath,
  config: settled,
}: ListedStart): Promise<FrameSource | undefined> {
  const app = createApp({ io, paths, global: { config: configPath }, config: settled });
  let config: Config;
  try {
    config = await app.config();
  } catch {
    return undefined;
  }
  try {
    const workspace = await app.workspace();
    const { rows, keep } = workspace.listRows();
    return { config, opening: workspaceOpening(workspace, rows), now: app.clock.now(), keep };
  } catch {
    return { config, now: app.clock.now() };
  }
}
