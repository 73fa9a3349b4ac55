// `authui` with no command: the dashboard when both ends are a terminal, else what `status` prints.
import type { CommandDeps } from '../app/app.js';
import { canDrawDashboard } from '../app/io.js';
import type { DashboardOptions } from '../tui/run.js';
import { runStatus } from './status.js';

export async function runDefault(opts: DashboardOptions, deps: CommandDeps): Promise<number> {
  if (canDrawDashboard(deps.io)) return (await import('../tui/run.js')).runDashboard(opts, deps);
  return runStatus({ json: false }, deps);
}
