// `authui` with no command: the dashboard when both ends are a terminal, else what `status` prints.
import type { GlobalOptions } from '../app/app.js';
import { canDrawDashboard, type IO } from '../app/io.js';
import { runStatus } from './status.js';

export async function runDefault(io: IO, global: GlobalOptions): Promise<number> {
  if (canDrawDashboard(io)) return (await import('../tui/run.js')).runDashboard(io, global);
  return runStatus(io, { ...global, json: false });
}
