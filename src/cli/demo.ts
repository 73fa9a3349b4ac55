// `authui demo`: the dashboard on the sample setup (src/demo); nothing it writes outlives it.
import { rmSync } from 'node:fs';
import { canDrawDashboard, type IO } from '../app/io.js';
import { prepareDemo, type DemoOptions } from '../demo/demo.js';
import { runStatus } from './status.js';

export async function runDemo(io: IO, opts: DemoOptions): Promise<number> {
  const demo = await prepareDemo(io, opts);
  const cleanup = () => {
    void demo.sts.stop();
    void demo.sso.stop();
    if (!opts.dir) rmSync(demo.dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  try {
    if (canDrawDashboard(io)) {
      const { runDashboard } = await import('../tui/run.js');
      return await runDashboard(demo.io, { config: demo.configPath });
    }
    return await runStatus(demo.io, { config: demo.configPath, json: false });
  } finally {
    cleanup();
  }
}
