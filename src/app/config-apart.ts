// A large configuration the dashboard would parse itself is parsed by a child process instead:
// the child's parse writes the configuration's cache entry, which the dashboard then reads as
// every later start does. In the dashboard's own process the parse runs under the dashboard's V8
// flags (src/app/heap-flags.ts: no optimising compiler, a small young generation), slower the
// larger the file, and what it allocated stayed resident for as long as the dashboard stays open
// (docs/performance.md, "A large configuration, parsed").
import { spawnSync } from 'node:child_process';
import { LARGE_CONFIG_BYTES, type LoadConfigOptions } from '../auth/config/find.js';
import { MOST_CONFIG_BYTES } from '../auth/config/load.js';
import type { ConfigIssue, ValidateDocument } from '../auth/config/types.js';
import { debug } from '../auth/debug.js';
import type { Env } from '../auth/paths.js';

/** An issue as `validate --json` writes it (the child is our own binary; its output is checked all the same). */
function isIssue(value: unknown): value is ConfigIssue {
  const issue = value as Partial<ConfigIssue> | null;
  return (
    typeof issue === 'object' &&
    issue !== null &&
    (issue.severity === 'error' || issue.severity === 'warning') &&
    typeof issue.file === 'string' &&
    Number.isInteger(issue.line) &&
    Number.isInteger(issue.column) &&
    typeof issue.key === 'string' &&
    typeof issue.message === 'string' &&
    (issue.hint === undefined || typeof issue.hint === 'string')
  );
}

/** The errors of a failed `validate --json`, when its document says so in the shape it promises. */
function errorsFound(stdout: string): ConfigIssue[] | undefined {
  let doc: Partial<ValidateDocument>;
  try {
    doc = JSON.parse(stdout) as Partial<ValidateDocument>;
  } catch {
    return undefined;
  }
  if (doc?.version !== 1 || doc.valid !== false || !Array.isArray(doc.issues) || !doc.issues.every(isIssue))
    return undefined;
  const errors = doc.issues.filter((issue) => issue.severity === 'error');
  return errors.length > 0 ? errors : undefined;
}

/**
 * The dashboard's `parseElsewhere` (config/find.ts): a file over LARGE_CONFIG_BYTES is parsed by
 * `authui [--config PATH] validate --json` (`bin`), run as the dashboard was. A child that finds
 * errors writes no entry and hands them over, for the dashboard to report as its own parse
 * would; a child that fails otherwise leaves the parse to the dashboard.
 */
export function parseApart(
  bin: string,
  { configPath, cwd, env }: { configPath?: string; cwd: string; env: Env },
): NonNullable<LoadConfigOptions['parseElsewhere']> {
  return (size) => {
    if (size <= LARGE_CONFIG_BYTES) return undefined;
    const child = spawnSync(
      process.execPath,
      [bin, ...(configPath ? ['--config', configPath] : []), 'validate', '--json'],
      {
        cwd,
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
        encoding: 'utf8',
        // Every line of the largest file in error, quoted: more than the document can hold.
        maxBuffer: 4 * MOST_CONFIG_BYTES,
        // A file at MOST_CONFIG_BYTES parses in seconds; past this the dashboard parses it itself.
        timeout: 60_000,
      },
    );
    const errors = child.status === 2 ? errorsFound(child.stdout) : undefined;
    debug(
      'config parsed apart',
      { size, exit: child.status ?? child.signal ?? undefined, ...(errors ? { errors: errors.length } : {}) },
      env,
    );
    return child.status === 0 ? 'parsed' : errors ? { errors } : undefined;
  };
}
