// Our V8 code cache for the dashboard's bundle (src/code-cache.ts), in child processes: made at
// exit, accepted next time; a stale, damaged or foreign-writable cache is never used, only replaced.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from './helpers/commonjs-build.js';
import { tempDir } from './helpers/tmp.js';

const loader = commonJsBuildOf('src/code-cache.ts');

/** Runs `bundle` through the cache in a fresh process: what the bundle printed, then how the cache was used. */
function run(bundle: string, cacheFile: string, key = 'bundle-AAAA.cjs'): string {
  const harness = `const use = require(${JSON.stringify(loader)}).runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(key)}, ${JSON.stringify(cacheFile)}, 60000); process.stdout.write(' ' + use);`;
  return execFileSync(process.execPath, ['-e', harness], { encoding: 'utf8' });
}

describe('code cache', () => {
  const dir = () => {
    const d = tempDir();
    writeFileSync(join(d, 'dep.cjs'), 'module.exports = 41;');
    writeFileSync(
      join(d, 'bundle.cjs'),
      // Enough functions that V8 has something to cache, and a require relative to the bundle.
      'const f = (n) => (n < 2 ? n : f(n - 1) + f(n - 2)); process.stdout.write("ran " + (require("./dep.cjs") + 1) + " " + f(10) + " " + __filename.endsWith("bundle.cjs"));',
    );
    return d;
  };

  it('is written at exit (0600 in a 0700 directory) and accepted by the next start', () => {
    const d = dir();
    const cache = join(d, 'cache', 'code-cache', 'bundle.v8');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true absent');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(statSync(join(d, 'cache', 'code-cache')).mode & 0o777).toBe(0o700);
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted');
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
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true rejected');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted');
  });

  it('a cache made for another build reads as stale (V8 would take one of the same length) and is replaced', () => {
    const d = dir();
    const cache = join(d, 'bundle.v8');
    run(join(d, 'bundle.cjs'), cache, 'bundle-AAAA.cjs');
    expect(run(join(d, 'bundle.cjs'), cache, 'bundle-BBBB.cjs')).toBe('ran 42 55 true stale');
    expect(readFileSync(cache).subarray(0, 16).toString()).toBe('bundle-BBBB.cjs\n');
    expect(run(join(d, 'bundle.cjs'), cache, 'bundle-BBBB.cjs')).toBe('ran 42 55 true accepted');
  });

  it('a cache others could have written is not read, and is replaced by one of ours', () => {
    const d = dir();
    const cache = join(d, 'bundle.v8');
    run(join(d, 'bundle.cjs'), cache);
    chmodSync(cache, 0o666);
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true unsafe');
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true accepted');
  });

  it('an unwritable cache directory costs only the cache', () => {
    const d = dir();
    writeFileSync(join(d, 'not-a-dir'), '');
    const cache = join(d, 'not-a-dir', 'bundle.v8');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true absent');
    expect(run(join(d, 'bundle.cjs'), cache)).toBe('ran 42 55 true absent');
  });
});
