// Atomic file writes (temp file + fsync + rename) so a crash never leaves half a file, the read
// that comes before updating a file another tool owns (which may not exist yet), and the read of
// a cache authui acts on, which only a file of the user's own may be.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isoTime } from './iso-time.js';
import { decodeText, readText, readWhole } from './whole-file.js';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** An error of the write, naming the file being written (not the temp file, nor none for an fd). */
function aboutFile(error: unknown, path: string): unknown {
  if (error && typeof error === 'object') Object.assign(error, { path });
  return error;
}

export function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): void {
  try {
    writeThroughTemp(path, data, mode);
  } catch (error) {
    throw aboutFile(error, path);
  }
}

function writeThroughTemp(path: string, data: string | Buffer, mode: number): void {
  const dir = dirname(path);
  ensurePrivateDir(dir);
  // Unique enough with the pid; 'wx' refuses a name that exists. (No node:crypto on fast paths.)
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = openSync(dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Directory fsync is best effort (not supported everywhere).
  }
}

/** Moves an unreadable file aside as "<file>.corrupt-<time>" and returns the new path. */
export function moveAside(path: string, now: Date): string {
  const target = `${path}.corrupt-${isoTime(now.getTime()).replace(/[:.]/g, '-')}`;
  renameSync(path, target);
  return target;
}

/** The file's text, or undefined when there is no such file (any other failure is thrown). */
export function readIfPresent(path: string): string | undefined {
  try {
    return readText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The bytes of a cache authui acts on (compiled code, a validated configuration): only a regular
 * file owned by this user that no group or other user can write; 'absent' or 'unsafe' otherwise.
 * Without user ids (Windows) the caller decides.
 */
export function readOwnFile(path: string): Buffer | 'absent' | 'unsafe' {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'absent';
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return 'unsafe';
    return readWhole(fd);
  } catch {
    return 'absent';
  } finally {
    closeSync(fd);
  }
}

/**
 * The JSON of a file authui acts on (a cache entry, the trust list, what a login discovered) when
 * it is the user's own; undefined when absent, unreadable, not the user's own or not JSON. What it
 * holds is the caller's to check. Without user ids (Windows) the profile's permissions guard it
 * (docs/platforms.md).
 */
export function readOwnJson(path: string): unknown {
  let bytes: Buffer | 'absent' | 'unsafe';
  try {
    bytes = process.getuid ? readOwnFile(path) : readFileSync(path);
  } catch {
    return undefined;
  }
  if (typeof bytes === 'string') return undefined;
  try {
    return JSON.parse(decodeText(bytes, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
