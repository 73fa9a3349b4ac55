// A large configuration the dashboard would parse itself is parsed by a child process instead:
// the child's parse writes the configuration's cache entry, which the dashboard then reads as
// every later start does. In the dashboard's own process the parse runs under the dashboard's V8
// flags (src/app/heap-flags.ts: no optimising compiler, a small young generation), slower the
// larger the file, and what it allocated stayed resident for as long as the dashboard stays open
// (docs/performance.md, "A large configuration, parsed").
import { spawnSync } from 'node:child_process';
import { configFileSize, findConfig, LARGE_CONFIG_BYTES, type LoadConfigOptions } from '../auth/config/find.js';
import { debug } from '../auth/debug.js';

/**
 * Runs `authui [--config PATH] validate` (`bin`) when the configuration file is over
 * LARGE_CONFIG_BYTES and its cache entry is missing or stale. A child that fails (a configuration
 * with errors) writes no entry: the dashboard then parses the file and reports it, as ever.
 */
export function parseApart(opts: LoadConfigOptions, bin: string): void {
  let size: number | undefined;
  try {
    size = configFileSize(opts);
    if (size === undefined || size <= LARGE_CONFIG_BYTES || findConfig(opts, []).found !== 'uncached') return;
  } catch {
    return; // an unreadable file: the dashboard reports it
  }
  const child = spawnSync(
    process.execPath,
    [bin, ...(opts.configPath ? ['--config', opts.configPath] : []), 'validate'],
    {
      cwd: opts.cwd,
      env: opts.env,
      stdio: 'ignore',
      // A file at MOST_CONFIG_BYTES parses in seconds; past this the dashboard parses it itself.
      timeout: 60_000,
    },
  );
  debug('config parsed apart', { size, exit: child.status ?? child.signal ?? undefined }, opts.env);
}
