// The dashboard's V8 flags (src/app/heap-flags.ts), set at run time as the binary sets them: a
// function hot enough for Turbofan stays below it once they are set, on the runtime under test.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from '../helpers/commonjs-build.js';

const module = commonJsBuildOf('src/app/heap-flags.ts');

/** V8's `%GetOptimizationStatus` bit for code Turbofan made (the same on Node 20, 22 and 24). */
const TURBOFANNED = 1 << 6;

/** Runs a hot function 200,000 times in a child, after keepHeapSmall() when `set`; its status bits. */
function statusAfterWarmUp(set: boolean): number {
  const script = `
    if (${set}) require(${JSON.stringify(module)}).keepHeapSmall();
    function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
    let total = 0;
    for (let i = 0; i < 200000; i++) total += hot(50);
    if (total <= 0) throw new Error('not run');
    process.stdout.write(String(%GetOptimizationStatus(hot)));
  `;
  return Number(execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' }));
}

describe('the dashboard V8 flags', () => {
  it('keep hot code from Turbofan, which it reaches without them', () => {
    expect(statusAfterWarmUp(false) & TURBOFANNED).toBe(TURBOFANNED);
    expect(statusAfterWarmUp(true) & TURBOFANNED).toBe(0);
  });
});
