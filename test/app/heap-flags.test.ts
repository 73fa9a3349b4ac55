// The dashboard's V8 flags (src/app/heap-flags.ts), set at run time as the binary sets them: a
// function V8 is told to optimise on its next call gets Turbofan's (or Maglev's) code without
// them, and not with them, on the runtime under test. The request compiles at once, not in a
// background thread: whether a warm-up loop reaches Turbofan before it ends depends on the
// machine's load. And an old generation left half empty is compacted by the next full
// collection with them, and kept as it is without them.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonJsBuildOf } from '../helpers/commonjs-build.js';
import { tempDir } from '../helpers/tmp.js';

const module = commonJsBuildOf('src/app/heap-flags.ts');

/** V8's `%GetOptimizationStatus` bits for code Turbofan and Maglev made (the same on Node 20, 22 and 24). */
const TURBOFANNED = 1 << 6;
const MAGLEVVED = 1 << 5;

/** Node 24 optimises with Maglev by default; Node 20 and 22 were built with it off. */
const maglevShipped = Number(process.versions.node.split('.')[0]) >= 24;

/** In a child, after keepHeapSmall() when `set`: a function's status bits once V8 was asked to optimise it (Turbofan by default, or Maglev). */
function statusAfterOptimising(set: boolean, compiler: 'Function' | 'Maglev' = 'Function'): number {
  const script = `
    if (${set}) require(${JSON.stringify(module)}).keepHeapSmall();
    function hot(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }
    %PrepareFunctionForOptimization(hot);
    hot(50);
    hot(50);
    %Optimize${compiler}OnNextCall(hot);
    if (hot(50) !== 147) throw new Error('not run');
    process.stdout.write(String(%GetOptimizationStatus(hot)));
  `;
  return Number(execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' }));
}

/**
 * In a child, after keepHeapSmall() when `set`: the old generation's size (MB) before and after
 * half its objects die. A script file: run with `-e`, V8's collections compacted nothing either way.
 */
function oldSpaceBeforeAndAfterHalving(set: boolean): [number, number] {
  const script = `
    const v8 = require('node:v8');
    if (${set}) require(${JSON.stringify(module)}).keepHeapSmall();
    const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size / 1048576;
    let objects = [];
    for (let i = 0; i < 600000; i++) objects.push({ a: i, b: i + 1, c: null });
    gc();
    gc();
    const before = oldSpace();
    objects = objects.filter((_, i) => i % 2 === 0);
    gc();
    gc();
    process.stdout.write(JSON.stringify([before, oldSpace()]));
  `;
  const file = join(tempDir(), 'halve.cjs');
  writeFileSync(file, script);
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', file], { encoding: 'utf8' })) as [number, number];
}

describe('the dashboard V8 flags', () => {
  it('keep V8 from optimising with Turbofan, which it does without them', () => {
    expect(statusAfterOptimising(false) & TURBOFANNED).toBe(TURBOFANNED);
    expect(statusAfterOptimising(true) & TURBOFANNED).toBe(0);
  });

  it('keep V8 from optimising with Maglev, which Node 24 does without them', () => {
    if (maglevShipped) expect(statusAfterOptimising(false, 'Maglev') & MAGLEVVED).toBe(MAGLEVVED);
    expect(statusAfterOptimising(true, 'Maglev') & MAGLEVVED).toBe(0);
  });

  it('have a full collection compact an old generation left half empty, which V8 keeps without them', () => {
    // Without them V8 keeps 90–100 % of it, but under a loaded machine it once compacted a
    // little (80 %): the control is the most any of three runs kept; the flags must hold in one.
    let kept = 0;
    for (let run = 0; run < 3 && kept <= 0.8; run++) {
      const [before, after] = oldSpaceBeforeAndAfterHalving(false);
      kept = Math.max(kept, after / before);
    }
    expect(kept).toBeGreaterThan(0.8);
    const [beforeSet, afterSet] = oldSpaceBeforeAndAfterHalving(true);
    expect(afterSet / beforeSet).toBeLessThan(0.7);
  });
});
