// `authui` with no command: the dashboard when both ends are a terminal, else what `status` prints.
import type { GlobalOptions } from './app.js';
import type { IO } from './io.js';
import { runStatus } from './status.js';

export async function runDefault(io: IO, global: GlobalOptions): Promise<number> {
  if (io.stdout.isTTY && io.stdin.isTTY) return (await import('../tui/run.js')).runDashboard(io, global);
  return runStatus(io, { ...global, json: false });
}
