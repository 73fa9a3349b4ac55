// `authui demo`: the dashboard on the sample setup (src/demo); nothing it writes outlives it.
import type { CommandDeps } from '../app/app.js';
import { rmSync } from 'node:fs';
import { canDrawDashboard } from '../app/io.js';
import { prepareDemo, type DemoOptions } from '../demo/demo.js';
import { runStatus } from './status.js';

export async function runDemo(opts: DemoOptions, { io }: CommandDeps): Promise<number> {
  const demo = await prepareDemo(io, opts);
  const deps = { io: demo.app.io, app: demo.app };
  const cleanup = () => {
    for (const peer of demo.peers) void peer.stop();
    if (!opts.dir) rmSync(demo.dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  try {
    if (canDrawDashboard(io)) {
      const { runDashboard } = await import('../tui/run.js');
      return await runDashboard({}, deps);
    }
    return await runStatus({ json: false }, deps);
  } finally {
    cleanup();
  }
}
