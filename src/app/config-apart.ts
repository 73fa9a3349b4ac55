// A large configuration the dashboard would parse itself is parsed by a child process instead:
// the child's parse writes the configuration's cache entry, which the dashboard then reads as
// every later start does. In the dashboard's own process the parse runs under the dashboard's V8
// flags (src/app/heap-flags.ts: no optimising compiler, a small young generation), slower the
// larger the file, and what it allocated stayed resident for as long as the dashboard stays open
// (docs/performance.md, "A large configuration, parsed").
import { spawnSync } from 'node:child_process';
import { LARGE_CONFIG_BYTES, type LoadConfigOptions } from '../auth/config/find.js';
import { debug } from '../auth/debug.js';
import type { Env } from '../auth/paths.js';

/**
 * The dashboard's `parseElsewhere` (config/find.ts): a file over LARGE_CONFIG_BYTES is parsed by
 * `authui [--config PATH] validate` (`bin`), run as the dashboard was. A child that fails (a
 * configuration with errors) writes no entry: the dashboard then parses the file and reports it.
 */
export function parseApart(
  bin: string,
  { configPath, cwd, env }: { configPath?: string; cwd: string; env: Env },
): NonNullable<LoadConfigOptions['parseElsewhere']> {
  return (size) => {
    if (size <= LARGE_CONFIG_BYTES) return false;
    const child = spawnSync(process.execPath, [bin, ...(configPath ? ['--config', configPath] : []), 'validate'], {
      cwd,
      env,
      stdio: 'ignore',
      // A file at MOST_CONFIG_BYTES parses in seconds; past this the dashboard parses it itself.
      timeout: 60_000,
    });
    debug('config parsed apart', { size, exit: child.status ?? child.signal ?? undefined }, env);
    return child.status === 0;
  };
}
