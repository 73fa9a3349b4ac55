// Runs a CommonJS bundle through a V8 code cache of our own: Node 20 has no compile cache, and
// Node 22's keeps only what compiling the top level produced. Compiling the dashboard's bundle
// costs tens of milliseconds per start; deserialising what V8 compiled last time costs a few.
//
// The cache is code V8 will run, so it is read only from a file of ours that no one else can
// write (owner us, no group/other write bit), written atomically at 0600 in a 0700 directory,
// and named after the bundle, whose name holds its content hash; the file also starts with that
// name (V8 itself only checks the source's length, its own version and its flags), so a cache
// for another build reads as stale. Two installed builds used in turn keep a cache each; saving
// a cache deletes the same use's caches of other builds not written for a day, so upgrades
// leave nothing behind for long. Anyone who can replace a cache can already replace the bundle
// or the user's shell start-up files. docs/architecture.md ("Start-up") has the rest.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { readOwnFile, writeFileAtomic } from './auth/fs-atomic.js';
import { readText } from './auth/whole-file.js';

/**
 * 'stale': made for another build of the bundle. 'off': a platform without user ids (Windows),
 * where the file's owner cannot be checked.
 */
type CacheUse = 'accepted' | 'rejected' | 'absent' | 'stale' | 'unsafe' | 'off';

/** The V8 data of a cache that starts with `key`, else 'stale'. */
function forKey(cached: Buffer, key: Buffer): Buffer | 'stale' {
  return cached.subarray(0, key.length).equals(key) ? cached.subarray(key.length) : 'stale';
}

/** What a script run through here may export: whether this start's code is worth keeping. */
interface KeepsCodeCache {
  keepCodeCache?: () => boolean;
}

export interface CachedRun {
  use: CacheUse;
  /** The bundle's module.exports. */
  exports: unknown;
  /** Writes the cache now if this start made one (for a process about to be replaced). */
  save(): void;
}

/** Other builds' caches not written for this long are deleted when a cache is saved. */
const OTHER_BUILDS_KEPT_MS = 24 * 60 * 60_000;

/** Deletes other builds' caches for the same use (`family-HASH-use`), unless written lately. */
function pruneOtherBuilds(dir: string, own: string, family: string, use: string): void {
  for (const name of readdirSync(dir)) {
    if (name === own || !name.startsWith(`${family}-`) || !name.endsWith(`-${use}`)) continue;
    const hash = name.slice(family.length + 1, name.length - use.length - 1);
    if (!/^[A-Z0-9]+$/.test(hash)) continue;
    const file = join(dir, name);
    if (Date.now() - statSync(file).mtimeMs > OTHER_BUILDS_KEPT_MS) rmSync(file, { force: true });
  }
}

/**
 * Runs `bundle` (a file named `family-HASH.cjs`) with its code cache for `use` (a command, a Node
 * version) in `dir`: `family-HASH-use`. When there was no usable cache, a new one is written
 * `saveAfterMs` later or at exit, whichever comes first: by then the code that ran at start is
 * compiled too, and goes into the cache with the top level. Without user ids (Windows) no cache
 * is read or written.
 *
 * The build writes the bundle as one function expression of the CommonJS module variables
 * (`(function (exports, require, module, __filename, __dirname) {…})`), in ASCII only
 * (scripts/build.mjs), so it compiles as read: no copy for a wrapper, and latin1 decodes it
 * exactly and faster than UTF-8.
 * `requireBeside` resolves as the bundle's own require would (the binary's, which sits in the
 * same folder): it becomes the bundle's `require`.
 */
export function runWithCodeCache(
  bundle: string,
  dir: string,
  use: string,
  saveAfterMs: number,
  requireBeside: NodeJS.Require,
): CachedRun {
  const source = readText(bundle, 'latin1');
  const key = basename(bundle);
  const own = `${basename(bundle, '.cjs')}-${use}`;
  const cacheFile = join(dir, own);
  // Padded to 8 bytes: V8 uses cached data in place only when it starts on a pointer boundary
  // (the file's bytes start on a page), and copies it otherwise (src/auth/whole-file.ts says why
  // a megabyte copied and freed is worth avoiding).
  const keyBytes = Buffer.from(`${key}\n`.padEnd(Math.ceil((key.length + 1) / 8) * 8, '\n'));
  const file = process.getuid ? readOwnFile(cacheFile) : 'off';
  const cached = typeof file === 'string' ? file : forKey(file, keyBytes);
  const script = new Script(source, {
    filename: bundle,
    cachedData: typeof cached === 'string' ? undefined : cached,
  });
  const cacheUse: CacheUse = typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module: { exports: KeepsCodeCache } = { exports: {} };
  // Written once: at the timer, at exit, or when the caller asks first.
  let unsaved = cacheUse !== 'accepted' && cacheUse !== 'off';
  const discard = () => {
    unsaved = false;
    clearTimeout(timer);
    process.off('exit', save);
  };
  const save = () => {
    if (!unsaved) return;
    discard();
    // An accepted cache is never replaced: one made by a start that ran another path than later
    // starts will (a configuration parsed, an answer declined) would cost each of them compiling.
    if (module.exports.keepCodeCache?.() === false) return;
    try {
      writeFileAtomic(cacheFile, Buffer.concat([keyBytes, script.createCachedData()]));
      pruneOtherBuilds(dir, own, key.slice(0, key.lastIndexOf('-')), use);
    } catch {
      // Without a cache the next start compiles again: slower, nothing else.
    }
  };
  const timer = unsaved ? setTimeout(save, saveAfterMs).unref() : undefined;
  if (unsaved) process.once('exit', save);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, requireBeside, module, bundle, dirname(bundle));
  return { use: cacheUse, exports: module.exports, save };
}
