// Our V8 code cache for the dashboard's and the hot paths' bundles (src/code-cache.ts), in child
// processes: made at exit, accepted next time; a stale, damaged or foreign-writable cache is never
// used, only replaced; other builds' caches are kept for a day, then deleted.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from './helpers/commonjs-build.js';
import { tempDir } from './helpers/tmp.js';

const loader = commonJsBuildOf('src/code-cache.ts');
const USE = 'token-v0-x64.v8';

/** A script that runs `bundle` through the cache in `cacheDir`, prints how the cache was used and the bundle's export, and leaves `cached`. */
function harnessFor(bundle: string, cacheDir: string): string {
  const beside = `require('node:module').createRequire(${JSON.stringify(bundle)})`;
  return `const cached = require(${JSON.stringify(loader)}).runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)}, ${JSON.stringify(USE)}, 60000, ${beside}); process.stdout.write(' ' + cached.use + ' exports ' + cached.exports.answer);`;
}

/** Runs `bundle` through the cache in a fresh process: what the bundle printed, then how the cache was used. */
function run(bundle: string, cacheDir: string): string {
  return execFileSync(process.execPath, ['-e', harnessFor(bundle, cacheDir)], { encoding: 'utf8' });
}

describe('code cache', () => {
  /** A folder with a bundle named as the build names them (family-HASH.cjs) and its cache folder. */
  const setup = (name = 'fast-AAAA.cjs') => {
    const d = tempDir();
    writeFileSync(join(d, 'dep.cjs'), 'module.exports = 41;');
    const bundle = join(d, name);
    writeFileSync(
      bundle,
      // As the build writes it: one function of the module variables. Enough functions that V8
      // has something to cache, and a require relative to the bundle.
      '(function (exports, require, module, __filename, __dirname) {\nconst f = (n) => (n < 2 ? n : f(n - 1) + f(n - 2)); process.stdout.write("ran " + (require("./dep.cjs") + 1) + " " + f(10) + " " + __filename.endsWith(".cjs")); exports.answer = 42; exports.keepCodeCache = () => process.env.KEEP_CODE_CACHE !== "no";\n})',
    );
    const cacheDir = join(d, 'cache', 'code-cache');
    return { d, bundle, cacheDir, cache: join(cacheDir, `${name.slice(0, -4)}-${USE}`) };
  };

  it('is written at exit (0600 in a 0700 directory), named after the build and the use, and accepted by the next start', () => {
    const { d, bundle, cacheDir, cache } = setup();
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true absent exports 42');
    expect(readdirSync(cacheDir)).toEqual([`fast-AAAA-${USE}`]);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'cache', 'code-cache')).mode & 0o777).toBe(0o700);
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
  });

  it("V8's data starts on an 8-byte boundary of the file, whatever the name's length (else V8 copies it), and is accepted", () => {
    for (const name of [
      'fast-A.cjs',
      'fast-AB.cjs',
      'fast-ABC.cjs',
      'fast-ABCD.cjs',
      'fast-ABCDE.cjs',
      'fast-ABCDEF.cjs',
      'fast-ABCDEFG.cjs',
      'fast-ABCDEFGH.cjs',
    ]) {
      const { bundle, cacheDir, cache } = setup(name);
      run(bundle, cacheDir);
      const bytes = readFileSync(cache);
      // The name and a newline, newlines to pad, then V8's data (which starts with no newline).
      expect(bytes.subarray(0, name.length + 1).toString()).toBe(`${name}\n`);
      const dataAt = bytes.findIndex((b, at) => at > name.length && b !== 0x0a);
      expect(dataAt % 8).toBe(0);
      expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
    }
  });

  it('a damaged cache is rejected by V8, the bundle still runs, and the cache is replaced', () => {
    const { bundle, cacheDir, cache } = setup();
    run(bundle, cacheDir);
    // The key stays, so the damaged bytes reach V8.
    const good = readFileSync(cache);
    const key = Math.ceil((good.indexOf('\n') + 1) / 8) * 8; // the name's line, padded to 8 bytes
    writeFileSync(cache, Buffer.concat([good.subarray(0, key), Buffer.alloc(good.length - key, 0x5a)]), {
      mode: 0o600,
    });
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true rejected exports 42');
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
  });

  it("a cache holding another build's key reads as stale (V8 would take one of the same length) and is replaced", () => {
    const { bundle, cacheDir, cache } = setup();
    const other = setup('fast-BBBB.cjs');
    run(other.bundle, cacheDir);
    // Another build's cache under this build's name, as a copy or a rename would leave it.
    copyFileSync(join(cacheDir, `fast-BBBB-${USE}`), cache);
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true stale exports 42');
    expect(readFileSync(cache).subarray(0, 14).toString()).toBe('fast-AAAA.cjs\n');
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
  });

  it("two builds used in turn keep a cache each; saving deletes other builds' caches older than a day", () => {
    const a = setup('fast-AAAA.cjs');
    const b = setup('fast-BBBB.cjs');
    const cacheDir = a.cacheDir;
    run(a.bundle, cacheDir);
    run(b.bundle, cacheDir);
    expect(run(a.bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
    expect(run(b.bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
    // Another use, another family and a stranger's file are never touched.
    const untouched = [`fast-CCCC-status-v0-x64.v8`, `dashboard-DDDD-${USE}`, `notes-${USE}`];
    for (const name of untouched) writeFileSync(join(cacheDir, name), 'x', { mode: 0o600 });
    const twoDaysAgo = Date.now() / 1000 - 2 * 86_400;
    for (const name of [`fast-AAAA-${USE}`, ...untouched]) utimesSync(join(cacheDir, name), twoDaysAgo, twoDaysAgo);
    // A new build saves its cache: A's, unused for two days, goes; B's, written today, stays.
    const c = setup('fast-EEEE.cjs');
    expect(run(c.bundle, cacheDir)).toBe('ran 42 55 true absent exports 42');
    expect(readdirSync(cacheDir).sort()).toEqual([`fast-BBBB-${USE}`, `fast-EEEE-${USE}`, ...untouched].sort());
  });

  it('a cache others could have written is not read, and is replaced by one of ours', () => {
    const { bundle, cacheDir, cache } = setup();
    run(bundle, cacheDir);
    chmodSync(cache, 0o666);
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true unsafe exports 42');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
  });

  it('save() writes the cache at once, for a process that is replaced without an exit event', () => {
    const { bundle, cacheDir, cache } = setup();
    // SIGKILL: no exit event, as after execve.
    const killed = spawnSync(
      process.execPath,
      ['-e', `${harnessFor(bundle, cacheDir)} cached.save(); process.kill(process.pid, 'SIGKILL');`],
      {
        encoding: 'utf8',
      },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(cache)).toBe(true);
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
    // Without save() the same death leaves no cache.
    const other = setup();
    spawnSync(process.execPath, [
      '-e',
      `${harnessFor(other.bundle, other.cacheDir)} process.kill(process.pid, 'SIGKILL');`,
    ]);
    expect(existsSync(other.cache)).toBe(false);
  });

  it('a start whose script says its code is not worth keeping (keepCodeCache) writes no cache, at exit or when asked: the next start makes one', () => {
    const { bundle, cacheDir, cache } = setup();
    const env = { ...process.env, KEEP_CODE_CACHE: 'no' };
    for (const then of ['', 'cached.save();']) {
      const declined = spawnSync(process.execPath, ['-e', `${harnessFor(bundle, cacheDir)} ${then}`], {
        encoding: 'utf8',
        env,
      });
      expect(declined.stdout).toBe('ran 42 55 true absent exports 42');
      expect(existsSync(cache)).toBe(false);
    }
    // The next start makes its own.
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true absent exports 42');
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true accepted exports 42');
  });

  it('without user ids (Windows) the bundle runs compiled as usual, and no cache is read or written', () => {
    const { bundle, cacheDir } = setup();
    run(bundle, cacheDir);
    const withoutUids = (script: string) =>
      execFileSync(process.execPath, ['-e', `delete process.getuid; ${script}`], { encoding: 'utf8' });
    expect(withoutUids(harnessFor(bundle, cacheDir))).toBe('ran 42 55 true off exports 42');
    const other = setup();
    expect(withoutUids(harnessFor(other.bundle, other.cacheDir))).toBe('ran 42 55 true off exports 42');
    expect(existsSync(other.cacheDir)).toBe(false);
  });

  it('an unwritable cache directory costs only the cache', () => {
    const { d, bundle } = setup();
    writeFileSync(join(d, 'not-a-dir'), '');
    const cacheDir = join(d, 'not-a-dir', 'code-cache');
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true absent exports 42');
    expect(run(bundle, cacheDir)).toBe('ran 42 55 true absent exports 42');
  });
});
