// The dashboard's V8 flags (src/app/heap-flags.ts), set at run time as the binary sets them: a
// function V8 is told to optimise on its next call gets Turbofan's code without them, and not
// with them, on the runtime under test. The request compiles at once, not in a background
// thread: whether a warm-up loop reaches Turbofan before it ends depends on the machine's load.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from '../helpers/commonjs-build.js';

const module = commonJsBuildOf('src/app/heap-flags.ts');

/** V8's `%GetOptimizationStatus` bit for code Turbofan made (the same on Node 20, 22 and 24). */
const TURBOFANNED = 1 << 6;

/** In a child, after keepHeapSmall() when `set`: a function's status bits once V8 was asked to optimise it. */
function statusAfterOptimising(set: boolean): number {
  const script = `
    if (${set}) require(${JSON.stringify(module)}).keepHeapSmall();
    function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
    %PrepareFunctionForOptimization(hot);
    hot(50);
    hot(50);
    %OptimizeFunctionOnNextCall(hot);
    if (hot(50) !== 147) throw new Error('not run');
    process.stdout.write(String(%GetOptimizationStatus(hot)));
  `;
  return Number(execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' }));
}

describe('the dashboard V8 flags', () => {
  it('keep V8 from optimising with Turbofan, which it does without them', () => {
    expect(statusAfterOptimising(false) & TURBOFANNED).toBe(TURBOFANNED);
    expect(statusAfterOptimising(true) & TURBOFANNED).toBe(0);
  });
});
