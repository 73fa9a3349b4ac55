// `authui` with no command: the dashboard when both ends are a terminal, else what `status` prints.
import type { GlobalOptions } from '../app/app.js';
import { canDrawDashboard, type CommandDeps } from '../app/io.js';
import { runStatus } from './status.js';

export async function runDefault(global: GlobalOptions, { io }: CommandDeps): Promise<number> {
  if (canDrawDashboard(io)) return (await import('../tui/run.js')).runDashboard(global, { io });
  return runStatus({ ...global, json: false }, { io });
}
