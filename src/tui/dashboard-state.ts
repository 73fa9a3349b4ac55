// The dashboard's store as it opens, from the workspace: shared by the dashboard (tui/run.tsx)
// and the first frame drawn before Ink loads (tui/first-frame.ts), which must open it alike.
import type { App, Workspace } from '../app/app.js';
import { colorAllowed } from '../app/io.js';
import { createDashboardStore, type DashboardStore } from '../store/dashboard-store.js';

export interface OpenDashboardOptions {
  /** Debug output was asked for without AUTHUI_DEBUG_FILE, and muted (auth/debug.ts debugOnlyToFile). */
  debugMuted: boolean;
  /** Warnings an earlier opening of the workspace in this process gathered (a store moved aside is said once). */
  earlierWarnings?: readonly string[];
}

export function openDashboardStore(
  { engine, store, fallbackReason, warnings }: Workspace,
  { io, clock }: App,
  { debugMuted, earlierWarnings = [] }: OpenDashboardOptions,
): DashboardStore {
  const out = io.stdout as NodeJS.WriteStream;
  const all = [...new Set([...earlierWarnings, ...warnings])];
  const dashboard = createDashboardStore({
    nodes: engine.list(),
    now: clock.now(),
    backend: { name: store.backend, location: store.location, fallbackReason },
    configPath: engine.config.source.path,
    untrusted: !engine.config.source.trusted,
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
