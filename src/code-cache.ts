// Runs a CommonJS bundle through a V8 code cache of our own: Node 20 has no compile cache, and
// Node 22's keeps only what compiling the top level produced. Compiling the dashboard's bundle
// costs tens of milliseconds per start; deserialising what V8 compiled last time costs a few.
//
// The cache is code V8 will run, so it is read only from a file of ours that no one else can
// write (owner us, no group/other write bit), written atomically at 0600 in a 0700 directory,
// and starts with a key naming the bundle's content (V8 itself only checks the source's length,
// its own version and its flags): a cache for another build reads as stale and is replaced, so
// upgrades leave no old caches behind. Anyone who can replace it can already replace the
// bundle or the user's shell start-up files. docs/architecture.md ("Start-up") has the rest.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { writeFileAtomic } from './auth/fs-atomic.js';

/**
 * 'stale': made for another build of the bundle. 'off': a platform without user ids (Windows),
 * where the file's owner cannot be checked.
 */
type CacheUse = 'accepted' | 'rejected' | 'absent' | 'stale' | 'unsafe' | 'off';

/** The cache's bytes if the file is ours alone; 'absent' or 'unsafe' if not to be used. */
function readOwnCache(file: string): Buffer | 'absent' | 'unsafe' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'absent';
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) return 'unsafe';
    return readFileSync(fd);
  } catch {
    return 'absent';
  } finally {
    closeSync(fd);
  }
}

/** The V8 data of a cache that starts with `key`, else 'stale'. */
function forKey(cached: Buffer, key: Buffer): Buffer | 'stale' {
  return cached.subarray(0, key.length).equals(key) ? cached.subarray(key.length) : 'stale';
}

export interface CachedRun {
  use: CacheUse;
  /** The bundle's module.exports. */
  exports: unknown;
  /** Writes the cache now if this start made one (for a process about to be replaced). */
  save(): void;
}

/**
 * Runs `bundle` (a CommonJS file) with the code cache in `cacheFile`, made for the build named
 * `key` (its content hash). When there was no usable cache, a new one is written `saveAfterMs`
 * later or at exit, whichever comes first: by then the code that ran at start is compiled too,
 * and goes into the cache with the top level. Without user ids (Windows) the bundle is required
 * as usual, with Node's own compile cache where there is one.
 */
export function runWithCodeCache(bundle: string, key: string, cacheFile: string, saveAfterMs: number): CachedRun {
  if (!process.getuid) return { use: 'off', exports: createRequire(bundle)(bundle), save: () => {} };
  const source = readFileSync(bundle, 'utf8');
  const keyBytes = Buffer.from(`${key}\n`);
  const file = readOwnCache(cacheFile);
  const cached = typeof file === 'string' ? file : forKey(file, keyBytes);
  const script = new Script(Module.wrap(source), {
    filename: bundle,
    cachedData: typeof cached === 'string' ? undefined : cached,
  });
  const use: CacheUse = typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'accepted';
  let save = () => {};
  if (use !== 'accepted') {
    const timer = setTimeout(() => save(), saveAfterMs).unref();
    save = () => {
      save = () => {};
      clearTimeout(timer);
      process.off('exit', onExit);
      try {
        writeFileAtomic(cacheFile, Buffer.concat([keyBytes, script.createCachedData()]));
      } catch {
        // Without a cache the next start compiles again: slower, nothing else.
      }
    };
    const onExit = () => save();
    process.once('exit', onExit);
  }
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { use, exports: module.exports, save: () => save() };
}
