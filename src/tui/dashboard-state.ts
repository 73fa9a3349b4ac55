// The dashboard's store as it opens: shared by the dashboard (tui/run.tsx) and the first frame
// drawn before Ink loads (tui/first-frame.ts), which must open it alike, from the workspace or
// from the rows kept beside the configuration.
import type { Workspace } from '../app/app.js';
import { colorAllowed, type IO } from '../app/io.js';
import type { NodeStatus } from '../auth/engine/views.js';
import { createDashboardStore, type DashboardState, type DashboardStore } from '../store/dashboard-store.js';

/** What the dashboard opens with: the rows, and what its title, status bar and notice line say. */
export interface DashboardOpening {
  nodes: NodeStatus[];
  backend: DashboardState['backend'];
  configPath: string;
  untrusted: boolean;
  /** Warnings opening the workspace gave: the last one is the notice. */
  warnings: readonly string[];
}

/** The workspace's opening, with its rows as the engine lists them now unless given. */
export function workspaceOpening(workspace: Workspace, nodes = workspace.engine.list()): DashboardOpening {
  const { engine, store, fallbackReason } = workspace;
  return {
    nodes,
    backend: { name: store.backend, location: store.location, fallbackReason },
    configPath: engine.config.source.path,
    untrusted: !engine.config.source.trusted,
    warnings: workspace.warnings,
  };
}

export interface OpenDashboardOptions {
  now: number;
  /** Debug output was asked for without AUTHUI_DEBUG_FILE, and muted (auth/debug.ts debugOnlyToFile). */
  debugMuted: boolean;
  /** Warnings an earlier opening of the workspace in this process gathered (a store moved aside is said once). */
  earlierWarnings?: readonly string[];
}

export function openDashboardStore(
  { nodes, backend, configPath, untrusted, warnings }: DashboardOpening,
  io: Pick<IO, 'stdout' | 'env'>,
  { now, debugMuted, earlierWarnings = [] }: OpenDashboardOptions,
): DashboardStore {
  const out = io.stdout as NodeJS.WriteStream;
  const all = [...new Set([...earlierWarnings, ...warnings])];
  const dashboard = createDashboardStore({
    nodes,
    now,
    backend,
    configPath,
    untrusted,
    size: { columns: out.columns ?? 80, rows: out.rows ?? 24 },
    color: colorAllowed(io.env),
    notice: all.length ? { level: 'warning', text: all[all.length - 1] as string } : undefined,
  });
  if (debugMuted)
    dashboard.getState().notify({
      level: 'warning',
      text: 'Debug output in the dashboard needs AUTHUI_DEBUG_FILE (it would tear the screen)',
    });
  return dashboard;
}
