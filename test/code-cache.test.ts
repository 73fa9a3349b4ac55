// Our V8 code cache for the dashboard's bundle (src/code-cache.ts), in child processes: made at
// exit, accepted next time; a stale, damaged or foreign-writable cache is never used, only replaced.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from './helpers/commonjs-build.js';
import { tempDir } from './helpers/tmp.js';

const loader = commonJsBuildOf('src/code-cache.ts');

/** A script that runs `bundle` through the cache, prints how the cache was used and the bundle's export, and leaves `cached`. */
function harnessFor(bundle: string, cacheFile: string, key = 'bundle-AAAA.cjs'): string {
  return `const cached = require(${JSON.stringify(loader)}).runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(key)}, ${JSON.stringify(cacheFile)}, 60000); process.stdout.write(' ' + cached.use + ' exports ' + cached.exports.answer);`;
}

/** Runs `bundle` through the cache in a fresh process: what the bundle printed, then how the cache was used. */
function run(bundle: string, cacheFile: string, key?: string): string {
  return execFileSync(process.execPath, ['-e', harnessFor(bundle, cacheFile, key)], { encoding: 'utf8' });
}

describe('code cache', () => {
  const dir = () => {
    const d = tempDir();
    writeFileSync(join(d, 'dep.cjs'), 'module.exports = 41;');
    writeFileSync(
      join(d, 'bundle.cjs'),
      // Enough functions that V8 has something to cache, and a require relative to the bundle.
      'const f = (n) => (n < 2 ? n : f(n - 1) + f(n - 2)); process.stdout.write("ran " + (require("./dep.cjs") + 1) + " " + f(10) + " " + __filename.endsWith("bundle.cjs")); exports.answer = 42;',
    );
    return d;
  };

  it('is written at exit (0600 in a 0700 directory) and accepted by the next start', () => {
    const d = dir();
    const cache = join(d, 'cache', 'code-cache', 'bundle.v8');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true absent exports 42');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'cache', 'code-cache')).mode & 0o777).toBe(0o700);
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted exports 42');
  });

  it('a damaged cache is rejected by V8, the bundle still runs, and the cache is replaced', () => {
    const d = dir();
    const cache = join(d, 'bundle.v8');
    run(join(d, 'bundle.cjs'), cache);
    // The key stays, so the damaged bytes reach V8.
    const good = readFileSync(cache);
    const key = good.indexOf('\n') + 1;
    writeFileSync(cache, Buffer.concat([good.subarray(0, key), Buffer.alloc(good.length - key, 0x5a)]), {
      mode: 0o600,
    });
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true rejected exports 42');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted exports 42');
  });

  it('a cache made for another build reads as stale (V8 would take one of the same length) and is replaced', () => {
    const d = dir();
    const cache = join(d, 'bundle.v8');
    run(join(d, 'bundle.cjs'), cache, 'bundle-AAAA.cjs');
    expect(run(join(d, 'bundle.cjs'), cache, 'bundle-BBBB.cjs')).toBe('ran 42 55 true stale exports 42');
    expect(readFileSync(cache).subarray(0, 16).toString()).toBe('bundle-BBBB.cjs\n');
    expect(run(join(d, 'bundle.cjs'), cache, 'bundle-BBBB.cjs')).toBe('ran 42 55 true accepted exports 42');
  });

  it('a cache others could have written is not read, and is replaced by one of ours', () => {
    const d = dir();
    const cache = join(d, 'bundle.v8');
    run(join(d, 'bundle.cjs'), cache);
    chmodSync(cache, 0o666);
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true unsafe exports 42');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted exports 42');
  });

  it('save() writes the cache at once, for a process that is replaced without an exit event', () => {
    const d = dir();
    const cache = join(d, 'bundle.v8');
    // SIGKILL: no exit event, as after execve.
    const killed = spawnSync(
      process.execPath,
      ['-e', `${harnessFor(join(d, 'bundle.cjs'), cache)} cached.save(); process.kill(process.pid, 'SIGKILL');`],
      { encoding: 'utf8' },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted exports 42');
    // Without save() the same death leaves no cache.
    const other = join(d, 'other.v8');
    spawnSync(process.execPath, [
      '-e',
      `${harnessFor(join(d, 'bundle.cjs'), other)} process.kill(process.pid, 'SIGKILL');`,
    ]);
    expect(run(join(d, 'bundle.cjs'), other)).toBe('ran 42 55 true absent exports 42');
  });

  it('an unwritable cache directory costs only the cache', () => {
    const d = dir();
    writeFileSync(join(d, 'not-a-dir'), '');
    const cache = join(d, 'not-a-dir', 'bundle.v8');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true absent exports 42');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true absent exports 42');
  });
});
