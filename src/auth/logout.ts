// Logout planning and execution (precise: only what authui wrote). The plan is data, so the
// CLI and the TUI can preview it and --dry-run prints it unchanged.
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { hasMarker } from './aws/files.js';

export interface LogoutItem {
  /** Node id the item belongs to ("*" for orphans found by --all). */
  target: string;
  /** A store entry, an AWS files tree to remove, or one to rewrite without the removed profiles. */
  kind: 'store' | 'files' | 'rewrite';
  /** Store entry name, or the directory of an AWS files tree. */
  ref: string;
  /** "Keyring: identity:dev/session", "Files: /home/me/.aws/authui/dev/". */
  label: string;
}

/** One thing the user asked to log out from; "expired" is `cleanup-expired`. */
export type LogoutScope = { kind: 'identity' | 'provider'; name: string } | { kind: 'all' } | { kind: 'expired' };

export interface LogoutPlan {
  /** What was asked, in order (the dashboard may select several). */
  scopes: LogoutScope[];
  /** For each identity asked for, its chain by name, root first (the report's chain line). */
  chains: string[][];
  /** Node ids whose sessions go, root first. */
  nodes: string[];
  items: LogoutItem[];
}

export type ItemOutcome = LogoutItem & { status: 'removed' | 'rewritten' | 'absent' | 'failed'; reason?: string };

export interface LogoutReport {
  plan: LogoutPlan;
  dryRun: boolean;
  items: ItemOutcome[];
  removed: number;
  failed: number;
}

/** True when `dir` is strictly inside `base` (no "..", not base itself). */
export function isInside(base: string, dir: string): boolean {
  const rel = relative(base, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Removes an AWS files tree authui wrote: only the `credentials`/`config` files that carry
 * the marker, then the directory if it is empty. Never recursive, never through a symlink,
 * never outside the base path. Throws with the reason when it refuses or fails.
 */
export function removeAwsFilesTree(base: string, dir: string): 'removed' | 'absent' {
  if (!isInside(base, dir)) throw new Error(`${dir} is outside the AWS files base path ${base}; not touched`);
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    return 'absent';
  }
  if (stat.isSymbolicLink() || !stat.isDirectory()) throw new Error(`${dir} is not a plain directory (symlink?); not touched`);
  for (const name of ['credentials', 'config']) {
    const file = join(dir, name);
    let fileStat;
    try {
      fileStat = lstatSync(file);
    } catch {
      continue;
    }
    if (!fileStat.isFile()) throw new Error(`${file} is not a regular file; not touched`);
    if (!hasMarker(file)) throw new Error(`${file} has no authui marker; not touched`);
    unlinkSync(file);
  }
  if (readdirSync(dir).length > 0) throw new Error(`${dir} holds files authui did not write; they were left in place`);
  rmdirSync(dir);
  return 'removed';
}
